import type { EvidenceKind, EvidenceRef, ReasoningSection } from '../case';
import { MAX_REFS_PER_STEP } from './weights';

/** A reasoning step before ids are assigned; `weight` is exact here and rounded only for display. */
export interface DraftStep {
  section: ReasoningSection;
  text: string;
  /** Contribution to the score. */
  weight: number;
  /** Contribution to the confidence, for telemetry and agreement steps. */
  confidence?: number;
  refs: EvidenceRef[];
}

/** Refs of one kind, deduplicated, at most `MAX_REFS_PER_STEP` in all. */
export class RefList {
  private readonly seen = new Set<string>();
  readonly refs: EvidenceRef[] = [];

  add(kind: EvidenceKind, ids: Iterable<string>): this {
    for (const id of ids) {
      if (this.refs.length >= MAX_REFS_PER_STEP) break;
      const key = `${kind}\u0000${id}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.refs.push({ kind, id });
    }
    return this;
  }
}

/** "a, b and c", or "a, b, c and 4 more" past `max` names. */
export function joinNames(names: readonly string[], max: number): string {
  if (names.length === 0) return '';
  if (names.length > max) return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
  if (names.length === 1) return names[0];
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Weights are shown with one decimal: enough to audit the sum, without float noise. */
export function displayWeight(weight: number): number {
  const rounded = Math.round(weight * 10) / 10;
  return Object.is(rounded, -0) ? 0 : rounded;
}
