import type { UnclassifiedEvidence } from '../case';
import { type DraftStep, RefList, plural } from './draft';
import { stackWeights, stackedSteps } from './stack';
import { MAX_UNCLASSIFIED_STEPS, UNCLASSIFIED_MAX, UNCLASSIFIED_SEVERITY_WEIGHT } from './weights';

function refsOf(items: readonly UnclassifiedEvidence[]): RefList {
  const refs = new RefList().add('unclassified', items.map((u) => u.id));
  for (const item of items) refs.add('event', item.eventIds);
  for (const item of items) refs.add('indicator', item.indicators);
  return refs;
}

/** Evidence no rule explains, under its own heading: it corroborates findings but is capped so it never decides alone. */
export function unclassifiedSteps(unclassified: readonly UnclassifiedEvidence[]): DraftStep[] {
  const stacked = stackWeights(
    unclassified.map((u) => ({ item: u, weight: UNCLASSIFIED_SEVERITY_WEIGHT[u.severity] ?? 0, key: u.id })),
    UNCLASSIFIED_MAX,
  );
  return stackedSteps(
    stacked,
    MAX_UNCLASSIFIED_STEPS,
    'unclassified',
    (item) => `Unclassified (${item.severity}): ${item.reason}`,
    (count, strongest) => `${plural(count, 'further unclassified item')} of severity ${strongest.severity} or lower are listed with the evidence.`,
    (items) => refsOf(items).refs,
  );
}
