import type { Attestation } from '../../../src/engine/case/attestation';
import type { EventFields, EventKind, EventSource, NormalizedEvent } from '../../../src/engine/events';
import { compileRuleSet, RuleEngine, type RuleSet } from '../../../src/engine/rules';

let nextOffset = 0;

export interface EventSpec {
  source?: EventSource;
  kind?: EventKind;
  fields?: EventFields;
  ts?: string | null;
  id?: string;
  message?: string;
}

/** A Sysmon process_creation event unless told otherwise. */
export function event(spec: EventSpec = {}): NormalizedEvent {
  const offset = nextOffset++;
  return {
    id: spec.id ?? `0:${offset}`,
    ts: spec.ts === undefined ? '2024-01-01T00:00:00.000Z' : spec.ts,
    source: spec.source ?? 'evtx',
    kind: spec.kind ?? 'process_creation',
    host: 'host',
    user: '',
    message: spec.message ?? '',
    fields: { Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1, ...spec.fields },
    origin: { file: 'test', offset },
  };
}

export function sysmon(fields: EventFields, extra: EventSpec = {}): NormalizedEvent {
  return event({ ...extra, fields });
}

/** A rule document with a Sysmon process_creation logsource around the given detection YAML. */
export function ruleText(detection: string, options: { id?: string; logsource?: string; extra?: string } = {}): string {
  const logsource = options.logsource ?? 'category: process_creation\n  product: windows';
  return `title: Test rule\nid: ${options.id ?? 'test-rule'}\nstatus: test\nlogsource:\n  ${logsource}\ndetection:\n${detection}\nlevel: high\n${options.extra ?? ''}`;
}

export function compileOne(text: string, placeholders?: Record<string, string[]>): RuleSet {
  return compileRuleSet([{ file: 'test.yml', text }], { placeholders });
}

/** Compiles a rule that must compile, and tells whether it matches each event. */
export function matcher(detection: string, options: Parameters<typeof ruleText>[1] & { placeholders?: Record<string, string[]> } = {}) {
  const set = compileOne(ruleText(detection, options), options.placeholders);
  if (set.errors.length) throw new Error(`rule did not compile: ${JSON.stringify(set.errors)}`);
  return (subject: NormalizedEvent): boolean => new RuleEngine(set).push(subject).length > 0;
}

export function attestations(set: RuleSet, events: NormalizedEvent[]): { live: Attestation[]; correlated: Attestation[] } {
  const engine = new RuleEngine(set);
  const live = events.flatMap((subject) => engine.push(subject));
  return { live, correlated: engine.finish() };
}

/** The reason of the single error of a rule that must fail. */
export function loadError(text: string, placeholders?: Record<string, string[]>): string {
  const set = compileOne(text, placeholders);
  if (set.errors.length !== 1 || set.compiled !== 0) throw new Error(`expected exactly one error, got ${JSON.stringify(set.errors)} (compiled ${set.compiled})`);
  return set.errors[0].reason;
}
