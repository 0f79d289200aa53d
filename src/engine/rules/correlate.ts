import { fieldFor, type Comparison, type CompiledCorrelation } from './compiled';
import { MAX_EVENTS_PER_ATTESTATION } from './limits';

/**
 * Evaluation of correlation rules over the base matches of a whole case (Sigma correlation spec, "Semantics by
 * type"): matches are grouped by the group-by values, sorted by event time, and scanned with a sliding window of the
 * timespan anchored at each match, so any span of that length counts, not fixed clock buckets.
 */

export interface RecordEvent {
  id: string;
  time: number;
  seq: number;
  ts: string;
  fields: Record<string, string>;
}

/** A base-rule match, or a correlation hit fed to an outer correlation of a chain. */
export interface MatchRecord {
  ruleId: string;
  /** Time of the record: the event's, or the last event's for a correlation hit. */
  time: number;
  seq: number;
  /** Values of the fields correlations group or count by (for a hit: its group-by values). */
  values: Record<string, string>;
  events: RecordEvent[];
  /** Base rules behind the record. */
  ruleIds: string[];
}

export interface CorrelationHit extends MatchRecord {
  groupBy: Record<string, string>;
}

const COMPARE: Record<Comparison, (measure: number, value: number) => boolean> = {
  gt: (measure, value) => measure > value,
  gte: (measure, value) => measure >= value,
  lt: (measure, value) => measure < value,
  lte: (measure, value) => measure <= value,
  eq: (measure, value) => measure === value,
  neq: (measure, value) => measure !== value,
};

interface Tagged {
  record: MatchRecord;
  /** Position of the record's rule in the correlation's `rules` list. */
  ref: number;
  distinct: string;
}

function satisfied(correlation: CompiledCorrelation, measure: number): boolean {
  if (correlation.conditions.length === 0) return measure >= new Set(correlation.rules).size;
  return correlation.conditions.every((condition) => COMPARE[condition.op](measure, condition.value));
}

function byTime(a: Tagged, b: Tagged): number {
  return a.record.time - b.record.time || a.record.seq - b.record.seq;
}

function groupRecords(correlation: CompiledCorrelation, inputs: ReadonlyMap<string, readonly MatchRecord[]>): Map<string, Tagged[]> {
  const groups = new Map<string, Tagged[]>();
  correlation.rules.forEach((rule, ref) => {
    for (const record of inputs.get(rule.info.id) ?? []) {
      // A match that lacks a group-by field cannot be placed in a group, and one without a time in no window.
      const values = correlation.groupBy.map((name) => record.values[fieldFor(correlation, name, rule.info.id)]);
      if (values.some((value) => value === undefined) || !Number.isFinite(record.time)) continue;
      let distinct = '';
      if (correlation.valueField) {
        const value = record.values[fieldFor(correlation, correlation.valueField, rule.info.id)];
        if (value === undefined) continue;
        distinct = value;
      }
      const key = JSON.stringify(values);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = []));
      group.push({ record, ref, distinct });
    }
  });
  for (const group of groups.values()) group.sort(byTime);
  return groups;
}

/** Counts of distinct keys in the window, kept up to date as the window's ends move. */
class DistinctCounter {
  private readonly counts = new Map<string | number, number>();
  add(key: string | number): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  remove(key: string | number): void {
    const count = (this.counts.get(key) ?? 0) - 1;
    if (count > 0) this.counts.set(key, count);
    else this.counts.delete(key);
  }
  get size(): number {
    return this.counts.size;
  }
  clear(): void {
    this.counts.clear();
  }
}

/** `temporal_ordered`: from the match at `start`, the earliest matches of the listed rules in order within the span. */
function orderedSequence(group: Tagged[], start: number, end: number, refCount: number): number[] {
  const chosen = [start];
  let position = start;
  for (let ref = 1; ref < refCount; ref++) {
    let next = position + 1;
    while (next < end && group[next].ref !== ref) next++;
    if (next >= end) break;
    chosen.push(next);
    position = next;
  }
  return chosen;
}

function hitOf(correlation: CompiledCorrelation, members: Tagged[]): CorrelationHit {
  const events = new Map<string, RecordEvent>();
  const ruleIds: string[] = [];
  for (const { record } of members) {
    for (const event of record.events) {
      const known = events.get(event.id);
      if (known) Object.assign(known.fields, event.fields);
      else if (events.size < MAX_EVENTS_PER_ATTESTATION) events.set(event.id, { ...event, fields: { ...event.fields } });
    }
    for (const id of record.ruleIds) if (!ruleIds.includes(id)) ruleIds.push(id);
  }
  const first = members[0];
  const last = members[members.length - 1];
  const groupBy: Record<string, string> = {};
  for (const name of correlation.groupBy) groupBy[name] = first.record.values[fieldFor(correlation, name, correlation.rules[first.ref].info.id)];
  return {
    ruleId: correlation.info.id,
    time: last.record.time,
    seq: last.record.seq,
    values: groupBy,
    groupBy,
    events: [...events.values()].sort((a, b) => a.time - b.time || a.seq - b.seq),
    ruleIds,
  };
}

export function evaluateCorrelation(correlation: CompiledCorrelation, inputs: ReadonlyMap<string, readonly MatchRecord[]>): CorrelationHit[] {
  const hits: CorrelationHit[] = [];
  const refCount = correlation.rules.length;
  for (const group of groupRecords(correlation, inputs).values()) {
    const distinct = new DistinctCounter();
    const keyOf = (tagged: Tagged): string | number => (correlation.type === 'value_count' ? tagged.distinct : tagged.ref);
    let end = 0;
    let start = 0;
    while (start < group.length) {
      if (end < start) end = start;
      const limit = group[start].record.time + correlation.timespanMs;
      while (end < group.length && group[end].record.time <= limit) distinct.add(keyOf(group[end++]));
      let members: Tagged[] | undefined;
      let resume = end;
      if (correlation.type === 'temporal_ordered') {
        if (group[start].ref === 0) {
          const chosen = orderedSequence(group, start, end, refCount);
          if (satisfied(correlation, chosen.length)) {
            members = chosen.map((index) => group[index]);
            resume = chosen[chosen.length - 1] + 1;
          }
        }
      } else {
        const measure = correlation.type === 'event_count' ? end - start : distinct.size;
        if (satisfied(correlation, measure)) members = group.slice(start, end);
      }
      if (members) {
        hits.push(hitOf(correlation, members));
        distinct.clear();
        for (let index = resume; index < end; index++) distinct.add(keyOf(group[index]));
        start = resume;
      } else {
        distinct.remove(keyOf(group[start]));
        start++;
      }
    }
  }
  return hits.sort((a, b) => a.time - b.time || a.seq - b.seq);
}
