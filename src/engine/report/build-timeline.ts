/** The evidence timeline: the events the case's conclusions rest on, each with the reasons it is shown. */
import type { Attestation, ReasoningStep, UnclassifiedEvidence } from '../case';
import { compareEvents, type NormalizedEvent } from '../events';
import { levelRank } from './build-attack';
import { REPORT_MAX_TIMELINE_ENTRIES, SMALL_CASE_EVENTS } from './limits';
import type { ReportTimelineEntry } from './schema';

interface Citations {
  event: NormalizedEvent;
  attestations: Set<string>;
  unclassified: Set<string>;
  reasoning: Set<string>;
}

export interface TimelineInput {
  events: NormalizedEvent[];
  attestations: Attestation[];
  unclassified: UnclassifiedEvidence[];
  reasoning: ReasoningStep[];
}

export interface Timeline {
  entries: ReportTimelineEntry[];
  complete: boolean;
  omitted: number;
}

const UNCLASSIFIED_RANK = { high: 2, medium: 1, low: 0 } as const;

/**
 * Citations are taken most telling first (events the reasoning names, then unclassified evidence and attestations
 * by severity), so when the cap is reached it is the weakest evidence that is left out and counted.
 */
export function buildTimeline(input: TimelineInput, eventById: (id: string) => NormalizedEvent | undefined): Timeline {
  const cited = new Map<string, Citations>();
  const omitted = new Set<string>();
  const cite = (eventId: string, add: (citations: Citations) => void): void => {
    let citations = cited.get(eventId);
    if (!citations) {
      const event = eventById(eventId);
      if (!event) return;
      if (cited.size >= REPORT_MAX_TIMELINE_ENTRIES) {
        omitted.add(eventId);
        return;
      }
      citations = { event, attestations: new Set(), unclassified: new Set(), reasoning: new Set() };
      cited.set(eventId, citations);
    }
    add(citations);
  };

  for (const step of input.reasoning) {
    for (const ref of step.refs) if (ref.kind === 'event') cite(ref.id, (c) => c.reasoning.add(step.id));
  }
  const unclassified = [...input.unclassified].sort((a, b) => UNCLASSIFIED_RANK[b.severity] - UNCLASSIFIED_RANK[a.severity]);
  const attestations = [...input.attestations].sort((a, b) => levelRank(b.level) - levelRank(a.level));
  for (const item of unclassified.filter((u) => u.severity === 'high')) {
    for (const eventId of item.eventIds) cite(eventId, (c) => c.unclassified.add(item.id));
  }
  for (const attestation of attestations) {
    for (const eventId of attestation.eventIds) cite(eventId, (c) => c.attestations.add(attestation.id));
  }
  for (const item of unclassified.filter((u) => u.severity !== 'high')) {
    for (const eventId of item.eventIds) cite(eventId, (c) => c.unclassified.add(item.id));
  }

  const complete = input.events.length <= SMALL_CASE_EVENTS;
  const shown: NormalizedEvent[] = complete ? [...input.events] : [];
  if (!complete) for (const citations of cited.values()) shown.push(citations.event);
  shown.sort(compareEvents);
  const entries = shown.map((event): ReportTimelineEntry => {
    const citations = cited.get(event.id);
    return {
      ts: event.ts,
      event_id: event.id,
      source: event.source,
      kind: event.kind,
      host: event.host,
      user: event.user,
      message: event.message,
      file: event.origin.file,
      offset: event.origin.offset,
      record: event.origin.record ?? event.origin.line ?? null,
      attestation_ids: citations ? [...citations.attestations] : [],
      unclassified_ids: citations ? [...citations.unclassified] : [],
      reasoning_ids: citations ? [...citations.reasoning] : [],
    };
  });
  return { entries, complete, omitted: complete ? 0 : omitted.size };
}
