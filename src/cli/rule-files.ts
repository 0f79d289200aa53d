import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RuleSource } from '../engine/rules';

/** Every .yml/.yaml file under a folder (or the file itself), as rule sources named relative to the folder. */
export function readRuleSources(root: string): RuleSource[] {
  if (statSync(root).isFile()) return [{ file: root, text: readFileSync(root, 'utf8') }];
  const sources: RuleSource[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ya?ml$/i.test(entry.name)) sources.push({ file: relative(root, path) || path, text: readFileSync(path, 'utf8') });
    }
  };
  walk(root);
  return sources;
}
