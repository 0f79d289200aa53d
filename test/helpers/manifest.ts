import { readFileSync } from 'node:fs';

/** One row of the corpus's MANIFEST.tsv: its format folder, the file's path relative to the corpus, its label. */
export interface ManifestRow {
  format: string;
  relpath: string;
  label: string;
}

/** The rows of `manifestPath` (tab-separated, a header line, `#` comments), by column name. */
export function readManifest(manifestPath: string): ManifestRow[] {
  const [header, ...rows] = readFileSync(manifestPath, 'utf8').split(/\r?\n/).filter((line) => line && !line.startsWith('#'));
  const columns = (header ?? '').split('\t');
  const at = (name: string): number => columns.indexOf(name);
  return rows.map((line) => {
    const cells = line.split('\t');
    return { format: cells[at('format')], relpath: cells[at('local_relpath')], label: cells[at('label')] ?? '' };
  });
}
