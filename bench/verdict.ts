/**
 * Time to find unclassified evidence and synthesize a verdict for large synthetic cases: 100,000 events and 5,000
 * indicators, with 1,000 attestations over 50 hosts, then 20,000 over 5,000 hosts (a sweep across a fleet: every
 * list of distinct hosts, accounts and indicators a verdict builds is long). The corpus is not needed (the cases
 * are generated), the argument keeps the signature every bench shares.
 */
import type { Attestation, Indicator, RuleLevel } from '../src/engine/case';
import type { NormalizedEvent } from '../src/engine/events';
import { SUBSET } from '../src/engine/mitre';
import { findUnclassified, synthesizeVerdict } from '../src/engine/verdict';
import { mulberry32 as random } from '../test/helpers/seeded-random';

const EVENTS = 100_000;
const INDICATORS = 5_000;

interface CaseShape {
  attestations: number;
  hosts: number;
}

const SHAPES: CaseShape[] = [
  { attestations: 1_000, hosts: 50 },
  { attestations: 20_000, hosts: 5_000 },
];
/** Distinct rules among the attestations: real cases repeat a few rules many times. */
const RULES = 120;
const EVENTS_PER_INDICATOR = 20;
const RUNS = 3;

function syntheticCase(shape: CaseShape): { events: NormalizedEvent[]; attestations: Attestation[]; indicators: Indicator[] } {
  const HOSTS = shape.hosts;
  const rnd = random(19);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const images = ['C:\\Windows\\System32\\svchost.exe', 'C:\\Windows\\System32\\cmd.exe', 'C:\\Users\\u\\AppData\\Local\\Temp\\a.exe', 'C:\\Users\\Public\\svchost.exe'];
  const parents = ['C:\\Windows\\explorer.exe', 'C:\\Program Files\\Microsoft Office\\WINWORD.EXE', 'C:\\Windows\\System32\\services.exe'];
  const events: NormalizedEvent[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const host = `WS${i % HOSTS}`;
    const network = i % 4 === 0;
    events.push({
      id: `0:${i * 512}`,
      ts: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
      source: 'evtx',
      kind: network ? 'network_connection' : 'process_creation',
      host,
      user: `CORP\\user${i % 300}`,
      message: '',
      fields: network
        ? { Image: pick(['C:\\Windows\\System32\\mshta.exe', 'C:\\Windows\\System32\\svchost.exe']), DestinationIp: `198.51.${i % 200}.${i % 250}`, Initiated: 'true' }
        : { Image: `${pick(images)}`.replace('a.exe', `a${i % 900}.exe`), ParentImage: pick(parents), CommandLine: `run ${i}` },
      origin: { file: 'synthetic.evtx', offset: i * 512 },
    });
  }
  const levels: RuleLevel[] = ['informational', 'low', 'medium', 'high', 'critical'];
  const attestations: Attestation[] = Array.from({ length: shape.attestations }, (_, i) => {
    const rule = i % RULES;
    const technique = SUBSET[rule % SUBSET.length];
    const eventIds = [pick(events).id, pick(events).id];
    return {
      id: `att-${i}`,
      ruleId: `rule-${rule}`,
      ruleTitle: `Synthetic rule ${rule}`,
      level: levels[rule % levels.length],
      techniques: [technique.id],
      tactics: technique.tactics,
      eventIds,
      matches: eventIds.map((eventId) => ({ eventId, fields: {} })),
      correlation: i % 97 === 0 ? { type: 'event_count', groupBy: { host: `WS${i % HOSTS}` }, rules: [`rule-${rule}`] } : undefined,
      firstTs: null,
      lastTs: null,
    };
  });
  const tiers = ['critical', 'high', 'medium', 'low', 'benign', 'unknown'] as const;
  const indicators: Indicator[] = Array.from({ length: INDICATORS }, (_, i) => ({
    type: 'domain',
    value: `d${i}.example`,
    defanged: `d${i}[.]example`,
    eventIds: Array.from({ length: EVENTS_PER_INDICATOR }, () => pick(events).id),
    count: EVENTS_PER_INDICATOR,
    firstSeen: null,
    lastSeen: null,
    tier: tiers[i % tiers.length],
    sources: [],
  }));
  return { events, attestations, indicators };
}

export async function bench(_corpusDir: string): Promise<void> {
  for (const shape of SHAPES) benchCase(shape);
}

function benchCase(shape: CaseShape): void {
  const built = performance.now();
  const { events, attestations, indicators } = syntheticCase(shape);
  console.log(
    `verdict: synthetic case of ${events.length} events on ${shape.hosts} hosts, ${attestations.length} attestations, ${indicators.length} indicators ` +
      `built in ${(performance.now() - built).toFixed(0)} ms`,
  );
  for (let run = 1; run <= RUNS; run++) {
    const started = performance.now();
    const unclassified = findUnclassified(events, attestations, indicators);
    const found = performance.now();
    const verdict = synthesizeVerdict({
      events,
      files: [{ index: 0, name: 'synthetic.evtx', size: events.length * 512, parserId: 'evtx', source: 'evtx', status: 'done', bytesDone: events.length * 512, events: events.length, issues: [] }],
      indicators,
      attestations,
      unclassified,
      assets: { criticality: { WS1: 5 }, roles: { WS2: 'domain-controller' } },
    });
    const done = performance.now();
    console.log(
      `verdict run ${run}: findUnclassified ${(found - started).toFixed(1)} ms (${unclassified.length} items), ` +
        `synthesizeVerdict ${(done - found).toFixed(1)} ms (${verdict.verdict}, score ${verdict.score}, confidence ${verdict.confidence}, ` +
        `${verdict.reasoning.length} steps, ${verdict.nextSteps.length} next steps)`,
    );
  }
}
