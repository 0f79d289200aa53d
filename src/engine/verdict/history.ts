import { indicatorKey, type Indicator } from '../case';
import type { NormalizedEvent } from '../events';
import { type DraftStep, RefList, joinNames, plural } from './draft';
import { hostNames } from './assets';
import type { HistoryContext } from './input';
import { COMPROMISED_HOST_MAX, COMPROMISED_HOST_WEIGHT, MAX_TARGETS_NAMED, REPEAT_INDICATOR_MAX, REPEAT_INDICATOR_WEIGHT } from './weights';

/** Steps from earlier cases: indicators seen again and hosts that were compromised before. */
export function historySteps(
  history: HistoryContext | undefined,
  indicators: readonly Indicator[],
  events: readonly NormalizedEvent[],
  falsePositives: ReadonlySet<string>,
): DraftStep[] {
  if (!history) return [];
  const steps: DraftStep[] = [];

  const pastCases = new Map<string, string[]>();
  for (const repeat of history.repeatIndicators) pastCases.set(repeat.key, repeat.caseIds);
  const repeated = indicators.filter((i) => {
    const key = indicatorKey(i.type, i.value);
    return pastCases.has(key) && !i.falsePositive && !falsePositives.has(key);
  });
  if (repeated.length) {
    const keys = repeated.map((i) => indicatorKey(i.type, i.value));
    const caseIds = [...new Set(keys.flatMap((key) => pastCases.get(key) ?? []))].sort();
    steps.push({
      section: 'history',
      text: `${plural(repeated.length, 'indicator')} of this case (${joinNames(repeated.map((i) => i.defanged), MAX_TARGETS_NAMED)}) appeared in earlier ${caseIds.length === 1 ? 'case' : 'cases'} ${joinNames(caseIds, MAX_TARGETS_NAMED)}.`,
      weight: Math.min(REPEAT_INDICATOR_MAX, repeated.length * REPEAT_INDICATOR_WEIGHT),
      refs: new RefList().add('indicator', keys).add('history', caseIds).refs,
    });
  }

  const compromised = new Set(history.compromisedHosts.map((host) => host.trim().toLowerCase()));
  /** Host as the logs name it -> its first event, cited as where the host appears in this case. */
  const hits = new Map<string, string>();
  const checked = new Map<string, boolean>();
  for (const event of events) {
    let known = checked.get(event.host);
    if (known === undefined) {
      known = hostNames(event.host).some((name) => compromised.has(name));
      checked.set(event.host, known);
    }
    if (known && !hits.has(event.host)) hits.set(event.host, event.id);
  }
  if (hits.size) {
    const hosts = [...hits.keys()].sort();
    steps.push({
      section: 'history',
      text: `${hosts.length === 1 ? 'Host' : 'Hosts'} ${joinNames(hosts, MAX_TARGETS_NAMED)} ${hosts.length === 1 ? 'was' : 'were'} closed as an incident in an earlier case: a foothold may remain.`,
      weight: Math.min(COMPROMISED_HOST_MAX, hosts.length * COMPROMISED_HOST_WEIGHT),
      refs: new RefList().add('history', hosts.map((h) => `host:${h}`)).add('event', hosts.map((h) => hits.get(h)!)).refs,
    });
  }
  return steps;
}
