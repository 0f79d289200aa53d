/**
 * Helpers shared by the rule tests: turning the partial events of a fixture file into full normalized events, and
 * running a compiled rule set over them.
 */
import type { Attestation } from '../../../src/engine/case/attestation';
import { compareEvents, type EventFields, type EventKind, type EventSource, type NormalizedEvent } from '../../../src/engine/events';
import { RuleEngine, type RuleSet } from '../../../src/engine/rules';

/** What a fixture file holds per event: only what a rule can look at. */
export interface FixtureEvent {
  kind: EventKind;
  source: EventSource;
  ts: string | null;
  fields: EventFields;
}

/**
 * Fills the properties rules do not read. Ids follow `eventId` (file index 0, the position standing in for the byte
 * offset) so they are unique and stable; host comes from the Windows Computer field when there is one.
 */
export function toNormalizedEvent(partial: FixtureEvent, position: number, file: string): NormalizedEvent {
  const computer = partial.fields.Computer;
  return {
    id: `0:${position}`,
    ts: partial.ts,
    source: partial.source,
    kind: partial.kind,
    host: typeof computer === 'string' ? computer : '',
    user: '',
    message: '',
    fields: partial.fields,
    origin: { file, offset: position },
  };
}

/** Runs one fresh engine over the events in time order and returns every attestation, correlations included. */
export function attestAll(set: RuleSet, events: readonly NormalizedEvent[]): Attestation[] {
  const engine = new RuleEngine(set);
  const attestations: Attestation[] = [];
  for (const event of [...events].sort(compareEvents)) attestations.push(...engine.push(event));
  attestations.push(...engine.finish());
  return attestations;
}
