import type { TriageCase } from '../../engine/case';
import type { NormalizedEvent } from '../../engine/events';
import type { CaseSummary } from '../bridge/protocol';

/** Hosts named on a queue row; the rest are counted. */
export const SUMMARY_HOSTS = 20;

export function summarizeCase(triaged: TriageCase): CaseSummary {
  const hostCounts = new Map<string, number>();
  let first = NaN;
  let last = NaN;
  for (const event of triaged.events) {
    if (event.host) hostCounts.set(event.host, (hostCounts.get(event.host) ?? 0) + 1);
    if (event.ts === null) continue;
    const t = Date.parse(event.ts);
    if (Number.isNaN(t)) continue;
    if (!(t >= first)) first = t;
    if (!(t <= last)) last = t;
  }
  const techniques = new Set<string>();
  for (const attestation of triaged.attestations) for (const technique of attestation.techniques) techniques.add(technique);
  return {
    id: triaged.id,
    title: triaged.title,
    createdAt: triaged.createdAt,
    verdict: triaged.verdict?.verdict ?? null,
    score: triaged.verdict?.score ?? null,
    confidence: triaged.verdict?.confidence ?? null,
    hosts: [...hostCounts].sort((a, b) => b[1] - a[1]).slice(0, SUMMARY_HOSTS).map(([host]) => host),
    techniques: [...techniques].sort(),
    eventCount: triaged.events.length,
    fileNames: triaged.files.map((file) => file.name),
    firstEventAt: first,
    lastEventAt: last,
  };
}

/** Events the case document points at: kept whole in storage so the drawer can show them after a reload. */
export function referencedEventIds(triaged: TriageCase): Set<string> {
  const ids = new Set<string>();
  for (const attestation of triaged.attestations) for (const id of attestation.eventIds) ids.add(id);
  for (const item of triaged.unclassified) for (const id of item.eventIds) ids.add(id);
  for (const indicator of triaged.indicators) for (const id of indicator.eventIds) ids.add(id);
  for (const step of triaged.verdict?.reasoning ?? []) {
    for (const ref of step.refs) if (ref.kind === 'event') ids.add(ref.id);
  }
  return ids;
}

export function isReferenced(ids: Set<string>): (event: NormalizedEvent) => boolean {
  return (event) => ids.has(event.id);
}
