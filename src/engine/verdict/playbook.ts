/**
 * The next-step playbook: concrete containment and collection actions per ATT&CK tactic and technique, kept as
 * data in `mitre/next-steps.json` so that responders can edit the wording without touching code.
 */
import playbookData from '../../../mitre/next-steps.json';
import type { NextStepKind } from '../case';

export type Placeholder = 'host' | 'user' | 'ip' | 'domain' | 'url' | 'hash' | 'email';

export const PLACEHOLDERS: readonly Placeholder[] = ['host', 'user', 'ip', 'domain', 'url', 'hash', 'email'];

export interface PlaybookEntry {
  kind: Extract<NextStepKind, 'containment' | 'collection'>;
  /** A sentence with `{placeholder}` slots. */
  text: string;
}

export interface Playbook {
  tactics: Record<string, PlaybookEntry[]>;
  techniques: Record<string, PlaybookEntry[]>;
}

export const PLAYBOOK: Playbook = playbookData as Playbook;

const PLACEHOLDER_PATTERN = /\{([a-z]+)\}/g;

/** Problems in a playbook (unknown kinds or placeholders, empty lists); the shipped one is checked by a test. */
export function playbookProblems(playbook: Playbook): string[] {
  const problems: string[] = [];
  for (const [section, table] of [['tactics', playbook.tactics], ['techniques', playbook.techniques]] as const) {
    for (const [key, entries] of Object.entries(table)) {
      if (!Array.isArray(entries) || entries.length === 0) problems.push(`${section}.${key}: no steps`);
      for (const entry of entries ?? []) {
        if (entry.kind !== 'containment' && entry.kind !== 'collection') problems.push(`${section}.${key}: kind ${String(entry.kind)}`);
        for (const match of String(entry.text).matchAll(PLACEHOLDER_PATTERN)) {
          if (!PLACEHOLDERS.includes(match[1] as Placeholder)) problems.push(`${section}.${key}: unknown placeholder {${match[1]}}`);
        }
      }
    }
  }
  return problems;
}

/** Steps for a technique: its own, else its parent's (a sub-technique the playbook does not list). */
export function techniqueEntries(techniqueId: string): { id: string; entries: PlaybookEntry[] } | null {
  const own = PLAYBOOK.techniques[techniqueId];
  if (own) return { id: techniqueId, entries: own };
  const parent = techniqueId.split('.')[0];
  const inherited = PLAYBOOK.techniques[parent];
  return inherited ? { id: parent, entries: inherited } : null;
}

export function tacticEntries(shortname: string): PlaybookEntry[] {
  return PLAYBOOK.tactics[shortname] ?? [];
}

/** Placeholders listed together (`{domain}, {url} and {ip}`) are filled as one list. */
const PLACEHOLDER_RUN = /\{[a-z]+\}(?:(?:, | and )\{[a-z]+\})*/g;

/**
 * Fills each run of placeholders with the values `fill` gives, leaving out the empty ones, so "Block {domain} and
 * {ip}" reads "Block IP 1.2.3.4" when the case has no domain; a run with no value at all becomes `fallback(names)`.
 * Names the playbook does not define are left as written.
 */
export function fillTemplate(
  text: string,
  fill: (placeholder: Placeholder) => string | null,
  fallback: (placeholders: Placeholder[]) => string,
): string {
  return text.replace(PLACEHOLDER_RUN, (run) => {
    const names = [...run.matchAll(PLACEHOLDER_PATTERN)].map((m) => m[1]);
    if (!names.every((name) => PLACEHOLDERS.includes(name as Placeholder))) return run;
    const known = names as Placeholder[];
    const values = known.map(fill).filter((value): value is string => value !== null);
    if (!values.length) return fallback(known);
    return values.length === 1 ? values[0] : `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`;
  });
}
