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
