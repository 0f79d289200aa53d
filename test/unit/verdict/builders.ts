/** Hand-built case material for the verdict tests: small, explicit, and valid against the case types. */
import type { Attestation, CaseFile, Indicator, IndicatorTier, IndicatorType, RuleLevel } from '../../../src/engine/case';
import type { EventFields, EventKind, EventSource, NormalizedEvent } from '../../../src/engine/events';
import type { VerdictInput } from '../../../src/engine/verdict';

export function makeEvent(id: string, kind: EventKind, fields: EventFields = {}, extra: Partial<NormalizedEvent> = {}): NormalizedEvent {
  const source: EventSource = extra.source ?? 'evtx';
  return {
    id,
    ts: extra.ts ?? `2026-01-01T00:00:${String(Number(id.split(':')[1] ?? 0) % 60).padStart(2, '0')}.000Z`,
    source,
    kind,
    host: extra.host ?? 'WS01',
    user: extra.user ?? 'CORP\\alice',
    message: extra.message ?? `${kind} ${id}`,
    fields,
    origin: { file: 'case.evtx', offset: Number(id.split(':')[1] ?? 0) },
  };
}

/** `count` ordinary process starts, so a case has telemetry to stand on. */
export function backgroundEvents(count: number, host = 'WS01', start = 1000): NormalizedEvent[] {
  return Array.from({ length: count }, (_, i) =>
    makeEvent(`0:${start + i}`, 'process_creation', { Image: 'C:\\Windows\\System32\\svchost.exe', ParentImage: 'C:\\Windows\\System32\\services.exe', CommandLine: 'svchost.exe -k netsvcs' }, { host }),
  );
}

export function processStart(id: string, image: string, parent: string, commandLine = image, host = 'WS01'): NormalizedEvent {
  return makeEvent(id, 'process_creation', { Image: image, ParentImage: parent, CommandLine: commandLine }, { host });
}

export interface AttestationOptions {
  ruleId?: string;
  title?: string;
  techniques?: string[];
  tactics?: string[];
  eventIds?: string[];
  correlation?: Attestation['correlation'];
}

export function makeAttestation(id: string, level: RuleLevel, options: AttestationOptions = {}): Attestation {
  const eventIds = options.eventIds ?? ['0:1'];
  return {
    id,
    ruleId: options.ruleId ?? `rule-${id}`,
    ruleTitle: options.title ?? `Rule ${id}`,
    level,
    techniques: options.techniques ?? ['T1059.001'],
    tactics: options.tactics ?? ['execution'],
    eventIds,
    matches: eventIds.map((eventId) => ({ eventId, fields: {} })),
    correlation: options.correlation,
    firstTs: null,
    lastTs: null,
  };
}

export function makeIndicator(type: IndicatorType, value: string, tier: IndicatorTier = 'unknown', extra: Partial<Indicator> = {}): Indicator {
  return {
    type,
    value,
    defanged: value.replace(/\./g, '[.]'),
    eventIds: extra.eventIds ?? ['0:1'],
    count: extra.count ?? 1,
    firstSeen: null,
    lastSeen: null,
    tier,
    sources: tier === 'unknown' ? [] : [{ source: 'intel-a', tier, detail: '', at: '2026-01-01T00:00:00Z' }],
    ...extra,
  };
}

export function makeFile(extra: Partial<CaseFile> = {}): CaseFile {
  return { index: 0, name: 'case.evtx', size: 1024, parserId: 'evtx', source: 'evtx', status: 'done', bytesDone: 1024, events: 0, issues: [], ...extra };
}

/** A case with 50 ordinary events on WS01 (process telemetry present) and nothing else, unless overridden. */
export function makeInput(extra: Partial<VerdictInput> = {}): VerdictInput {
  const events = extra.events ?? [makeEvent('0:1', 'process_creation', { Image: 'C:\\Windows\\System32\\cmd.exe' }), ...backgroundEvents(49)];
  return {
    events,
    files: extra.files ?? [makeFile({ events: events.length })],
    indicators: extra.indicators ?? [],
    attestations: extra.attestations ?? [],
    unclassified: extra.unclassified ?? [],
    assets: extra.assets ?? { criticality: {}, roles: {} },
    history: extra.history,
  };
}
