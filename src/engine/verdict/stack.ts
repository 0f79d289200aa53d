import type { ReasoningSection } from '../case';
import type { DraftStep } from './draft';
import { STACK_DECAY } from './weights';

export interface Weighed<T> {
  item: T;
  /** The item's own weight before stacking, never negative. */
  weight: number;
  /** Tie-breaker that keeps the order, and so every contribution, deterministic. */
  key: string;
}

export interface Stacked<T> extends Weighed<T> {
  /** What the item adds to the score once decayed and capped. */
  contribution: number;
}

/**
 * Sorts items by weight and sums them with a geometric decay (the i-th counts `STACK_DECAY^i`), then scales the
 * contributions down to `cap`. Inserting an item can only raise the total: every item it pushes down a place
 * weighs at most as much as it does, and the decay lost on them is at most the item's own decayed weight.
 */
export function stackWeights<T>(items: Weighed<T>[], cap: number): Stacked<T>[] {
  const sorted = [...items].sort((a, b) => b.weight - a.weight || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let factor = 1;
  let total = 0;
  const stacked = sorted.map((entry) => {
    const contribution = entry.weight * factor;
    factor *= STACK_DECAY;
    total += contribution;
    return { ...entry, contribution };
  });
  if (total > cap) {
    const scale = cap / total;
    for (const entry of stacked) entry.contribution *= scale;
  }
  return stacked;
}

export function sumContributions(items: readonly { contribution: number }[]): number {
  let total = 0;
  for (const item of items) total += item.contribution;
  return total;
}

/**
 * One reasoning step per stacked item up to `max`, then one step that sums the rest, so a case with thousands of
 * items still reads in a screen while every item stays cited.
 */
export function stackedSteps<T>(
  stacked: readonly Stacked<T>[],
  max: number,
  section: ReasoningSection,
  text: (item: T) => string,
  restText: (count: number, strongest: T) => string,
  refs: (items: readonly T[]) => DraftStep['refs'],
): DraftStep[] {
  const steps: DraftStep[] = stacked.slice(0, max).map((entry) => ({
    section,
    text: text(entry.item),
    weight: entry.contribution,
    refs: refs([entry.item]),
  }));
  const rest = stacked.slice(max);
  if (rest.length) {
    steps.push({
      section,
      text: restText(rest.length, rest[0].item),
      weight: sumContributions(rest),
      refs: refs(rest.map((entry) => entry.item)),
    });
  }
  return steps;
}
