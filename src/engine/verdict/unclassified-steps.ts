import type { UnclassifiedEvidence } from '../case';
import { type DraftStep, RefList, plural } from './draft';
import { stackWeights, sumContributions } from './stack';
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
  const steps: DraftStep[] = stacked.slice(0, MAX_UNCLASSIFIED_STEPS).map((entry) => ({
    section: 'unclassified',
    text: `Unclassified (${entry.item.severity}): ${entry.item.reason}`,
    weight: entry.contribution,
    refs: refsOf([entry.item]).refs,
  }));
  const rest = stacked.slice(MAX_UNCLASSIFIED_STEPS);
  if (rest.length) {
    steps.push({
      section: 'unclassified',
      text: `${plural(rest.length, 'further unclassified item')} of severity ${rest[0].item.severity} or lower are listed with the evidence.`,
      weight: sumContributions(rest),
      refs: refsOf(rest.map((entry) => entry.item)).refs,
    });
  }
  return steps;
}
