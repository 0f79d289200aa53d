/**
 * Unclassified evidence: what looks wrong although no rule matched it. It is kept and shown under its own heading,
 * never dropped: repeats are aggregated into one item and the list is bounded, with the overflow summed in a
 * last item rather than discarded.
 */
import type { Attestation, Indicator, UnclassifiedEvidence, UnclassifiedSeverity } from '../../case';
import type { NormalizedEvent } from '../../events';
import type { Candidate } from './candidate';
import { uncoveredIndicatorCandidates } from './indicators';
import { scriptConnectionCandidate } from './network';
import { lsassAccessCandidate, processCandidates } from './process';
import { rareErrorCandidates } from './rare-errors';

/** Items listed one by one; the rest are summed into one more item. */
export const MAX_UNCLASSIFIED_ITEMS = 100;
/** Event ids kept per item (the reason still counts them all). */
export const MAX_UNCLASSIFIED_EVENT_REFS = 50;
/** Indicator keys kept per item. */
export const MAX_UNCLASSIFIED_INDICATORS = 20;

const SEVERITY_RANK: Record<UnclassifiedSeverity, number> = { high: 2, medium: 1, low: 0 };

interface Group {
  first: Candidate;
  order: number;
  count: number;
  eventIds: string[];
  indicators: Set<string>;
}

function collect(events: readonly NormalizedEvent[], attested: ReadonlySet<string>, indicators: readonly Indicator[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  const add = (candidate: Candidate): void => {
    let group = groups.get(candidate.group);
    if (!group) {
      group = { first: candidate, order: groups.size, count: 0, eventIds: [], indicators: new Set() };
      groups.set(candidate.group, group);
    }
    group.count++;
    if (group.eventIds.length < MAX_UNCLASSIFIED_EVENT_REFS) group.eventIds.push(candidate.eventId);
    for (const key of candidate.indicators ?? []) if (group.indicators.size < MAX_UNCLASSIFIED_INDICATORS) group.indicators.add(key);
  };
  for (const event of events) {
    // What a rule already explains is a finding, not unclassified evidence.
    if (attested.has(event.id)) continue;
    if (event.kind === 'process_creation') processCandidates(event).forEach(add);
    else if (event.kind === 'process_access') {
      const candidate = lsassAccessCandidate(event);
      if (candidate) add(candidate);
    } else if (event.kind === 'network_connection') {
      const candidate = scriptConnectionCandidate(event);
      if (candidate) add(candidate);
    }
  }
  uncoveredIndicatorCandidates(indicators, attested).forEach(add);
  rareErrorCandidates(events.filter((event) => !attested.has(event.id))).forEach(add);
  return groups;
}

/** Finds evidence that looks wrong but that no attestation covers; ordered by severity, then first appearance. */
export function findUnclassified(
  events: readonly NormalizedEvent[],
  attestations: readonly Attestation[],
  indicators: readonly Indicator[],
): UnclassifiedEvidence[] {
  const attested = new Set<string>();
  for (const attestation of attestations) for (const id of attestation.eventIds) attested.add(id);
  const groups = [...collect(events, attested, indicators).values()].sort(
    (a, b) => SEVERITY_RANK[b.first.severity] - SEVERITY_RANK[a.first.severity] || a.order - b.order,
  );
  const listed = groups.length > MAX_UNCLASSIFIED_ITEMS ? groups.slice(0, MAX_UNCLASSIFIED_ITEMS - 1) : groups;
  const items: UnclassifiedEvidence[] = listed.map((group, index) => ({
    id: `unclassified-${index + 1}`,
    severity: group.first.severity,
    reason: group.first.reason(group.count),
    eventIds: group.eventIds,
    indicators: [...group.indicators],
  }));
  const rest = groups.slice(listed.length);
  if (rest.length) {
    const occurrences = rest.reduce((sum, group) => sum + group.count, 0);
    items.push({
      id: `unclassified-${items.length + 1}`,
      severity: rest[0].first.severity,
      reason: `${rest.length} further kinds of odd activity (${occurrences} occurrences, at most ${rest[0].first.severity} severity) exceed the listing limit of ${MAX_UNCLASSIFIED_ITEMS}; their first events are referenced here.`,
      eventIds: rest.map((group) => group.eventIds[0]).slice(0, MAX_UNCLASSIFIED_EVENT_REFS),
      indicators: [...new Set(rest.flatMap((group) => [...group.indicators]))].slice(0, MAX_UNCLASSIFIED_INDICATORS),
    });
  }
  return items;
}
