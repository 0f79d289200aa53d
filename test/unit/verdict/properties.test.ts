/**
 * Monotonicity over many random cases (seeded, so a failure reproduces): stronger evidence never lowers the score,
 * a false-positive mark never raises it. Plus the audit properties of every reasoning chain.
 */
import { describe, expect, it } from 'vitest';
import { indicatorKey, RULE_LEVELS, type Indicator, type IndicatorTier, type UnclassifiedSeverity } from '../../../src/engine/case';
import { synthesizeVerdict, type VerdictInput } from '../../../src/engine/verdict';
import { makeAttestation, makeEvent, makeFile, makeIndicator } from './builders';
import { mulberry32 as random } from '../../helpers/seeded-random';

const CASES = 300;
const TIERS: IndicatorTier[] = ['critical', 'high', 'medium', 'low', 'benign', 'unknown'];
const TACTICS = ['execution', 'persistence', 'stealth', 'credential-access', 'discovery', 'lateral-movement', 'impact'];
const SEVERITIES: UnclassifiedSeverity[] = ['high', 'medium', 'low'];
const HOSTS = ['WS01', 'WS02', 'DC01', 'LAB9'];

function randomCase(seed: number): VerdictInput {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const events = Array.from({ length: 1 + Math.floor(rnd() * 40) }, (_, i) =>
    makeEvent(`0:${i}`, rnd() < 0.5 ? 'process_creation' : 'authentication', {}, { host: pick(HOSTS) }),
  );
  const eventIds = () => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(events).id);
  const attestations = Array.from({ length: Math.floor(rnd() * 8) }, (_, i) =>
    makeAttestation(`a${i}`, pick(RULE_LEVELS), {
      ruleId: `r${Math.floor(rnd() * 5)}`,
      tactics: [pick(TACTICS)],
      eventIds: eventIds(),
      correlation: rnd() < 0.15 ? { type: 'event_count', groupBy: {}, rules: ['r0'] } : undefined,
    }),
  );
  const indicators = Array.from({ length: Math.floor(rnd() * 8) }, (_, i) =>
    makeIndicator('domain', `d${i}.example`, pick(TIERS), { eventIds: eventIds(), falsePositive: rnd() < 0.1 ? true : undefined }),
  );
  const unclassified = Array.from({ length: Math.floor(rnd() * 5) }, (_, i) => ({ id: `u${i}`, severity: pick(SEVERITIES), reason: 'odd', eventIds: eventIds(), indicators: [] }));
  const history = rnd() < 0.5
    ? {
        repeatIndicators: indicators.filter(() => rnd() < 0.3).map((i) => ({ key: indicatorKey(i.type, i.value), caseIds: ['old-1'] })),
        compromisedHosts: rnd() < 0.3 ? [pick(HOSTS)] : [],
        falsePositiveIndicators: indicators.filter(() => rnd() < 0.1).map((i) => indicatorKey(i.type, i.value)),
      }
    : undefined;
  const criticality: Record<string, number> = {};
  for (const host of HOSTS) if (rnd() < 0.5) criticality[host] = 1 + Math.floor(rnd() * 5);
  return { events, files: [makeFile({ events: events.length })], indicators, attestations, unclassified, assets: { criticality, roles: rnd() < 0.3 ? { DC01: 'domain-controller' } : {} }, history };
}

describe('monotonicity', () => {
  it('adding a CRITICAL indicator never lowers the score', () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const input = randomCase(seed);
      const extra: Indicator = makeIndicator('ipv4', '198.51.100.7', 'critical', { eventIds: [input.events[0].id], scope: 'public' });
      const before = synthesizeVerdict(input).score;
      expect(synthesizeVerdict({ ...input, indicators: [...input.indicators, extra] }).score, `seed ${seed}`).toBeGreaterThanOrEqual(before);
    }
  });

  it('adding a high attestation never lowers the score, as a new rule or as a repeat of an existing one', () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const input = randomCase(seed);
      const before = synthesizeVerdict(input).score;
      const host = input.events[input.events.length - 1].id;
      const fresh = makeAttestation('new', 'high', { ruleId: 'fresh-rule', tactics: ['impact'], eventIds: [host] });
      const repeat = makeAttestation('new', 'high', { ruleId: input.attestations[0]?.ruleId ?? 'r0', tactics: ['execution'], eventIds: [host] });
      expect(synthesizeVerdict({ ...input, attestations: [...input.attestations, fresh] }).score, `seed ${seed}`).toBeGreaterThanOrEqual(before);
      expect(synthesizeVerdict({ ...input, attestations: [...input.attestations, repeat] }).score, `seed ${seed}`).toBeGreaterThanOrEqual(before);
    }
  });

  it('marking an indicator false positive never raises the score, by the analyst or through history', () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const input = randomCase(seed);
      if (!input.indicators.length) continue;
      const before = synthesizeVerdict(input).score;
      const target = input.indicators[seed % input.indicators.length];
      const marked = input.indicators.map((i) => (i === target ? { ...i, falsePositive: true } : i));
      expect(synthesizeVerdict({ ...input, indicators: marked }).score, `seed ${seed}`).toBeLessThanOrEqual(before);
      const history = {
        repeatIndicators: input.history?.repeatIndicators ?? [],
        compromisedHosts: input.history?.compromisedHosts ?? [],
        falsePositiveIndicators: [...(input.history?.falsePositiveIndicators ?? []), indicatorKey(target.type, target.value)],
      };
      expect(synthesizeVerdict({ ...input, history }).score, `seed ${seed}`).toBeLessThanOrEqual(before);
    }
  });
});

describe('auditable reasoning', () => {
  it('every ref points at evidence of the case, weights sum to the score, and the conclusion cites only real steps', () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const input = randomCase(seed);
      const verdict = synthesizeVerdict(input);
      const known = {
        event: new Set(input.events.map((e) => e.id)),
        indicator: new Set(input.indicators.map((i) => indicatorKey(i.type, i.value))),
        attestation: new Set(input.attestations.map((a) => a.id)),
        unclassified: new Set(input.unclassified.map((u) => u.id)),
        file: new Set(input.files.map((f) => String(f.index))),
      };
      for (const step of verdict.reasoning) {
        for (const ref of step.refs) {
          if (ref.kind === 'history') continue;
          expect(known[ref.kind].has(ref.id), `seed ${seed}: ${ref.kind} ${ref.id} in "${step.text}"`).toBe(true);
        }
      }
      const sum = verdict.reasoning.reduce((total, step) => total + step.weight, 0);
      expect(verdict.score).toBe(Math.max(0, Math.min(100, verdict.score)));
      if (sum >= 0 && sum <= 100) expect(Math.abs(sum - verdict.score), `seed ${seed}`).toBeLessThanOrEqual(0.05 * verdict.reasoning.length + 0.5);
      const ids = new Set(verdict.reasoning.map((s) => s.id));
      for (const cited of verdict.conclusion.matchAll(/\[(step-\d+)\]/g)) expect(ids.has(cited[1]), `seed ${seed}`).toBe(true);
      expect(verdict.conclusion.split(/(?<=\.)\s/)[0]).toMatch(/^(Incident|Suspicious|Tuning|Noise):/);
      expect(JSON.stringify(synthesizeVerdict(input))).toBe(JSON.stringify(verdict));
    }
  });

  it('finding steps with a non-zero weight name their evidence', () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const verdict = synthesizeVerdict(randomCase(seed));
      for (const step of verdict.reasoning) if (step.weight !== 0) expect(step.refs.length, `seed ${seed}: ${step.text}`).toBeGreaterThan(0);
    }
  });
});
