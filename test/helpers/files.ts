import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every file below `dir`, depth first in directory order; `keep` (given the file's own name) filters them. */
export function filesUnder(dir: string, keep: (name: string) => boolean = () => true): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, keep);
    return keep(entry.name) ? [full] : [];
  });
}

/** Corpus data files: not the reference outputs (`*.ref.*`) beside them. */
export const isNotReference = (name: string): boolean => !name.includes('.ref.');

