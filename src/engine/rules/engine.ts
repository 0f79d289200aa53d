import type { Attestation, MatchedEvent } from '../case/attestation';
import type { NormalizedEvent } from '../events';
import type { CompiledCorrelation, CompiledDetection, CompiledProgram } from './compiled';
import type { RuleSet } from './compile';
import { evaluateCorrelation, type MatchRecord } from './correlate';
import { fieldReader, newMatchContext } from './fields';
import { MAX_CORRELATION_MATCHES } from './limits';
import type { MatchContext } from './types';

/** Returned by `push` for the many events that match nothing, so they allocate nothing. */
const NO_ATTESTATIONS: Attestation[] = Object.freeze([]) as unknown as Attestation[];

/** ISO-8601 to milliseconds, keeping the sub-millisecond digits EVTX has (100 ns) as a fraction. */
export function timeOf(ts: string | null): number {
  if (ts === null) return NaN;
  const ms = Date.parse(ts);
  if (Number.isNaN(ms)) return NaN;
  const fraction = /[T ]\d{2}:\d{2}:\d{2}[.,](\d+)/.exec(ts);
  return fraction && fraction[1].length > 3 ? ms + Number(`0.${fraction[1].slice(3)}`) : ms;
}

/**
 * Evaluates a compiled rule set over a stream of events: detections immediately in `push`, correlations over all
 * base matches in `finish`. Events are routed by (kind, channel, EventID, source) so each one is tested only against
 * the rules whose logsource and EventID selection can match it, and within a route by the values rules require.
 */
export class RuleEngine {
  private readonly program: CompiledProgram;
  private readonly counters = new Map<string, number>();
  private readonly records = new Map<string, MatchRecord[]>();
  private readonly captureReaders = new Map<CompiledDetection, ReturnType<typeof fieldReader>[]>();
  private storedMatches = 0;
  private context: MatchContext | undefined;
  private sequence = 0;
  /** Base matches not kept for correlations because `MAX_CORRELATION_MATCHES` was reached. */
  droppedCorrelationMatches = 0;

  constructor(set: RuleSet) {
    this.program = set.program;
    for (const rule of this.program.detections) {
      if (rule.correlated) this.captureReaders.set(rule, [...rule.capture].map((name) => fieldReader(name, this.program.fields)));
    }
  }

  private nextId(ruleId: string): string {
    const count = (this.counters.get(ruleId) ?? 0) + 1;
    this.counters.set(ruleId, count);
    return `${ruleId}#${count}`;
  }

  /** The attestations of this event's detections; the returned array is frozen and shared when there are none. */
  push(event: NormalizedEvent): Attestation[] {
    const route = this.program.routes.get(event);
    if (route.size === 0) return NO_ATTESTATIONS;
    let found = NO_ATTESTATIONS;
    const ctx = (this.context ??= newMatchContext(event, route.aliases, this.program.fields));
    ctx.event = event;
    ctx.aliases = route.aliases;
    ctx.stamp = this.program.fields.nextStamp();
    for (const rule of route.candidates(ctx)) {
      if (!rule.predicate.test(ctx)) continue;
      const fields: Record<string, string> = {};
      rule.predicate.explain(ctx, fields);
      if (rule.correlated) this.keep(rule, ctx, fields);
      if (rule.emits) {
        if (found === NO_ATTESTATIONS) found = [];
        found.push(this.detectionAttestation(rule, event, fields));
      }
    }
    this.sequence++;
    return found;
  }

  private keep(rule: CompiledDetection, ctx: MatchContext, fields: Record<string, string>): void {
    if (this.storedMatches >= MAX_CORRELATION_MATCHES) {
      this.droppedCorrelationMatches++;
      return;
    }
    this.storedMatches++;
    const values: Record<string, string> = {};
    for (const reader of this.captureReaders.get(rule) ?? []) {
      const value = reader.first(ctx);
      if (value !== undefined) values[reader.name] = value;
    }
    const event = ctx.event;
    const time = timeOf(event.ts);
    const record: MatchRecord = {
      ruleId: rule.info.id,
      time,
      seq: this.sequence,
      values,
      events: [{ id: event.id, time, seq: this.sequence, ts: event.ts ?? '', fields }],
      ruleIds: [rule.info.id],
    };
    let list = this.records.get(rule.info.id);
    if (!list) this.records.set(rule.info.id, (list = []));
    list.push(record);
  }

  private detectionAttestation(rule: CompiledDetection, event: NormalizedEvent, fields: Record<string, string>): Attestation {
    const { info } = rule;
    return {
      id: this.nextId(info.id),
      ruleId: info.id,
      ruleTitle: info.title,
      level: info.level,
      techniques: [...info.techniques],
      tactics: [...info.tactics],
      eventIds: [event.id],
      matches: [{ eventId: event.id, fields }],
      firstTs: event.ts,
      lastTs: event.ts,
    };
  }

  /** Evaluates every correlation, inner ones of a chain first; base matches are released afterwards. */
  finish(): Attestation[] {
    const found: Attestation[] = [];
    for (const correlation of this.program.correlations) {
      const hits = evaluateCorrelation(correlation, this.records);
      this.records.set(correlation.info.id, hits);
      if (correlation.emits) for (const hit of hits) found.push(this.correlationAttestation(correlation, hit));
    }
    this.records.clear();
    this.storedMatches = 0;
    return found;
  }

  private correlationAttestation(correlation: CompiledCorrelation, hit: ReturnType<typeof evaluateCorrelation>[number]): Attestation {
    const { info } = correlation;
    const matches: MatchedEvent[] = hit.events.map((event) => ({ eventId: event.id, fields: event.fields }));
    const first = hit.events[0];
    const last = hit.events[hit.events.length - 1];
    return {
      id: this.nextId(info.id),
      ruleId: info.id,
      ruleTitle: info.title,
      level: correlation.level,
      techniques: [...info.techniques],
      tactics: [...info.tactics],
      eventIds: hit.events.map((event) => event.id),
      matches,
      correlation: { type: correlation.type, groupBy: hit.groupBy, rules: hit.ruleIds },
      firstTs: first?.ts || null,
      lastTs: last?.ts || null,
    };
  }
}
