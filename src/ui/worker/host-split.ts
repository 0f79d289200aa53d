import type { AssetContext, Attestation, TriageCase } from '../../engine/case';
import type { NormalizedEvent } from '../../engine/events';
import { IndicatorCollector } from '../../engine/ioc';
import { RuleEngine, type RuleSet } from '../../engine/rules';
import { findUnclassified, synthesizeVerdict } from '../../engine/verdict';

/** Hosts beyond this many share one "other hosts" case, so a log with thousands of host names stays a usable queue. */
export const MAX_HOST_CASES = 100;

export const NO_HOST = '(no host)';

/**
 * "One case per host" needs the hosts, which are only known after parsing: the batch is triaged once, then its
 * events are regrouped by host and each group gets its own rule pass (correlations must not mix hosts), indicators,
 * unclassified evidence and verdict. A batch with a single host is returned as it is.
 */
export function splitCaseByHost(whole: TriageCase, rules: RuleSet, assets: AssetContext): TriageCase[] {
  const byHost = groupByHost(whole.events);
  if (byHost.size <= 1) return [whole];
  return [...byHost].map(([host, events], index) => triageHost(whole, `${whole.id}-h${index}`, host, events, rules, assets));
}

/** Events are already in time order; grouping keeps that order within each host. */
export function groupByHost(events: readonly NormalizedEvent[]): Map<string, NormalizedEvent[]> {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(event.host || NO_HOST, (counts.get(event.host || NO_HOST) ?? 0) + 1);
  const kept = new Set([...counts].sort((a, b) => b[1] - a[1]).slice(0, MAX_HOST_CASES - 1).map(([host]) => host));
  const overflow = counts.size > MAX_HOST_CASES ? `${counts.size - kept.size} other hosts` : undefined;
  const groups = new Map<string, NormalizedEvent[]>();
  for (const event of events) {
    const host = event.host || NO_HOST;
    const group = overflow && !kept.has(host) ? overflow : host;
    let list = groups.get(group);
    if (!list) groups.set(group, (list = []));
    list.push(event);
  }
  return groups;
}

function triageHost(
  whole: TriageCase,
  id: string,
  host: string,
  events: NormalizedEvent[],
  rules: RuleSet,
  assets: AssetContext,
): TriageCase {
  const engine = new RuleEngine(rules);
  const collector = new IndicatorCollector();
  const attestations: Attestation[] = [];
  const perFile = new Map<number, number>();
  for (const event of events) {
    collector.add(event);
    attestations.push(...engine.push(event));
    const fileIndex = Number(event.id.slice(0, event.id.indexOf(':')));
    perFile.set(fileIndex, (perFile.get(fileIndex) ?? 0) + 1);
  }
  attestations.push(...engine.finish());
  const files = whole.files
    .filter((file) => perFile.has(file.index))
    .map((file) => ({ ...file, events: perFile.get(file.index) ?? 0 }));
  const indicators = collector.list();
  const unclassified = findUnclassified(events, attestations, indicators);
  const verdict = synthesizeVerdict({ events, files, indicators, attestations, unclassified, assets });
  return {
    id,
    title: `${host} — ${whole.title}`,
    createdAt: whole.createdAt,
    files,
    events,
    indicators,
    attestations,
    unclassified,
    verdict,
  };
}
