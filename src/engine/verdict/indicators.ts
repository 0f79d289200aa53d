import { indicatorKey, type Indicator } from '../case';
import { type DraftStep, RefList, joinNames, plural } from './draft';
import { stackWeights, stackedSteps } from './stack';
import {
  FALSE_POSITIVE_INDICATOR_MIN,
  FALSE_POSITIVE_INDICATOR_WEIGHT,
  INDICATOR_MAX,
  INDICATOR_TIER_WEIGHT,
  MAX_INDICATOR_STEPS,
  MAX_TARGETS_NAMED,
} from './weights';

/** An indicator is a known false positive when the analyst marked it or an earlier case confirmed it. */
export function isFalsePositive(indicator: Indicator, historyFalsePositives: ReadonlySet<string>): boolean {
  return indicator.falsePositive === true || historyFalsePositives.has(indicatorKey(indicator.type, indicator.value));
}

function ratedText(indicator: Indicator): string {
  const sources = [...new Set(indicator.sources.filter((s) => s.tier === indicator.tier).map((s) => s.source))];
  const by = sources.length ? ` by ${joinNames(sources, MAX_TARGETS_NAMED)}` : '';
  return `Indicator ${indicator.type} ${indicator.defanged} is rated ${indicator.tier}${by}; seen ${plural(indicator.count, 'time')}.`;
}

/** Reputation steps: one per rated indicator (stacked and capped), the rest summed. */
export function indicatorSteps(indicators: readonly Indicator[], falsePositives: ReadonlySet<string>): DraftStep[] {
  const rated = indicators.filter((i) => INDICATOR_TIER_WEIGHT[i.tier] > 0 && !isFalsePositive(i, falsePositives));
  const stacked = stackWeights(
    rated.map((i) => ({ item: i, weight: INDICATOR_TIER_WEIGHT[i.tier], key: indicatorKey(i.type, i.value) })),
    INDICATOR_MAX,
  );
  const refsOf = (list: readonly Indicator[]): RefList => {
    const refs = new RefList().add('indicator', list.map((i) => indicatorKey(i.type, i.value)));
    for (const indicator of list) refs.add('event', indicator.eventIds);
    return refs;
  };
  return stackedSteps(
    stacked,
    MAX_INDICATOR_STEPS,
    'finding',
    ratedText,
    (count, strongest) => `${plural(count, 'further rated indicator')} of tier ${strongest.tier} or lower add to the reputation evidence.`,
    (list) => refsOf(list).refs,
  );
}

/**
 * Known false positives pull the score down a little: the alert that brought the case in may be one that has
 * misfired before. Split by origin, because the analyst's marks are findings and the history store's are history.
 */
export function falsePositiveSteps(indicators: readonly Indicator[], historyFalsePositives: ReadonlySet<string>): DraftStep[] {
  const marked = indicators.filter((i) => i.falsePositive === true);
  const fromHistory = indicators.filter((i) => i.falsePositive !== true && historyFalsePositives.has(indicatorKey(i.type, i.value)));
  let budget = FALSE_POSITIVE_INDICATOR_MIN;
  const steps: DraftStep[] = [];
  for (const [list, section, origin] of [
    [marked, 'finding', 'marked false positive by the analyst'],
    [fromHistory, 'history', 'confirmed false positive in earlier cases'],
  ] as const) {
    if (!list.length) continue;
    const weight = Math.max(budget, list.length * FALSE_POSITIVE_INDICATOR_WEIGHT);
    budget -= weight;
    const keys = list.map((i) => indicatorKey(i.type, i.value));
    steps.push({
      section,
      text: `${plural(list.length, 'indicator')} of this case ${list.length === 1 ? 'is' : 'are'} ${origin}: ${joinNames(list.map((i) => i.defanged), MAX_TARGETS_NAMED)}.`,
      weight,
      refs: new RefList().add('indicator', keys).refs,
    });
  }
  return steps;
}
