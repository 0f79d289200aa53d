import type { Grouping } from '../bridge/protocol';

/** The analyst's choice; `auto` follows the Foundation issue: one case per drop for a few files, else one per file. */
export type GroupingSetting = 'auto' | Grouping;

/** Up to this many files, `auto` makes one case of the whole drop. */
export const AUTO_BATCH_MAX_FILES = 3;
/** Files taken from one drop (a dropped folder can hold anything); the rest are reported, not read. */
export const MAX_FILES_PER_DROP = 5_000;

export interface NamedFile {
  name: string;
  size: number;
}

export interface DropSplit<F extends NamedFile> {
  evidence: F[];
  /** .yml/.yaml files: Sigma rules to add, never evidence. */
  rules: F[];
  /** Hidden files (.DS_Store, ._x) and empty files are skipped. */
  skipped: F[];
  /** Files beyond `MAX_FILES_PER_DROP`. */
  overflow: number;
}

export function isRuleFile(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

export function splitDrop<F extends NamedFile>(files: readonly F[]): DropSplit<F> {
  const split: DropSplit<F> = { evidence: [], rules: [], skipped: [], overflow: 0 };
  for (const [index, file] of files.entries()) {
    if (index >= MAX_FILES_PER_DROP) {
      split.overflow = files.length - MAX_FILES_PER_DROP;
      break;
    }
    const base = file.name.slice(file.name.lastIndexOf('/') + 1);
    if (base.startsWith('.') || file.size === 0) split.skipped.push(file);
    else if (isRuleFile(base)) split.rules.push(file);
    else split.evidence.push(file);
  }
  return split;
}

export function effectiveGrouping(setting: GroupingSetting, fileCount: number): Grouping {
  if (setting !== 'auto') return setting;
  return fileCount <= AUTO_BATCH_MAX_FILES ? 'batch' : 'per-file';
}

export interface PlannedCase<F extends NamedFile> {
  title: string;
  files: F[];
  splitByHost: boolean;
}

/** How a drop becomes cases. Per host is one parse of the whole drop, split once the hosts are known. */
export function planCases<F extends NamedFile>(files: readonly F[], grouping: Grouping): PlannedCase<F>[] {
  if (!files.length) return [];
  if (grouping === 'per-file') return files.map((file) => ({ title: file.name, files: [file], splitByHost: false }));
  return [{ title: batchTitle(files), files: [...files], splitByHost: grouping === 'per-host' }];
}

function batchTitle(files: readonly NamedFile[]): string {
  return files.length === 1 ? files[0].name : `${files[0].name} and ${files.length - 1} more`;
}
