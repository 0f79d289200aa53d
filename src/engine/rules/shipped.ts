import type { RuleSource } from './types';

/** The YAML under `<repo>/rules/`, bundled at build time so the app and the CLI need no file system for it. */
const SHIPPED: Record<string, string> = import.meta.glob('../../../rules/**/*.yml', { query: '?raw', import: 'default', eager: true });

const PREFIX = '../../../rules/';

/** A fresh array on every call, so callers may append their own sources; `file` is relative to `rules/`. */
export function shippedRuleSources(): RuleSource[] {
  return Object.keys(SHIPPED)
    .sort()
    .map((path) => ({ file: path.startsWith(PREFIX) ? path.slice(PREFIX.length) : path, text: SHIPPED[path] }));
}
