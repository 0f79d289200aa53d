/** Golden tests: one hand-built case per weight and threshold of src/engine/verdict/weights.ts. */
import { describe, expect, it } from 'vitest';
import { synthesizeVerdict } from '../../../src/engine/verdict';
import * as W from '../../../src/engine/verdict/weights';
import { BENIGN_TOOLS } from '../../../src/engine/verdict/benign-activity';
import { ROLE_EXPECTED_TECHNIQUES } from '../../../src/engine/verdict/weights';
import { backgroundEvents, makeAttestation, makeEvent, makeIndicator, makeInput } from './builders';

const scoreOf = (input: Parameters<typeof synthesizeVerdict>[0]) => synthesizeVerdict(input).score;

describe('rule level weights', () => {
  it.each([
    ['informational', W.RULE_LEVEL_WEIGHT.informational, 'noise'],
    ['low', W.RULE_LEVEL_WEIGHT.low, 'tuning'],
    ['medium', W.RULE_LEVEL_WEIGHT.medium, 'suspicious'],
    ['high', W.RULE_LEVEL_WEIGHT.high, 'suspicious'],
    ['critical', W.RULE_LEVEL_WEIGHT.critical, 'incident'],
  ] as const)('one %s match scores %d and reads %s', (level, weight, verdict) => {
    const result = synthesizeVerdict(makeInput({ attestations: [makeAttestation('a1', level)] }));
    expect(result.score).toBe(Math.round(weight));
    expect(result.verdict).toBe(verdict);
    expect(result.reasoning[0]).toMatchObject({ section: 'finding', weight: weight });
    expect(result.reasoning[0].refs).toContainEqual({ kind: 'attestation', id: 'a1' });
  });

  it('adds RULE_REPEAT_PER_DOUBLING per doubling of one rule, up to RULE_REPEAT_MAX', () => {
    const repeats = (n: number) => Array.from({ length: n }, (_, i) => makeAttestation(`a${i}`, 'medium', { ruleId: 'same' }));
    const lows = (n: number) => Array.from({ length: n }, (_, i) => makeAttestation(`a${i}`, 'low', { ruleId: 'same' }));
    expect(scoreOf(makeInput({ attestations: lows(4) }))).toBe(W.RULE_LEVEL_WEIGHT.low + 2 * W.RULE_REPEAT_PER_DOUBLING);
    expect(scoreOf(makeInput({ attestations: lows(64) }))).toBe(W.RULE_LEVEL_WEIGHT.low + W.RULE_REPEAT_MAX);
    expect(synthesizeVerdict(makeInput({ attestations: lows(64) })).verdict).toBe('tuning');
  });

  it('stacks distinct rules with STACK_DECAY', () => {
    const attestations = [makeAttestation('a1', 'high'), makeAttestation('a2', 'high')];
    expect(scoreOf(makeInput({ attestations }))).toBe(Math.round(45 + 45 * W.STACK_DECAY));
    expect(synthesizeVerdict(makeInput({ attestations })).verdict).toBe('incident');
  });
});

describe('kill-chain spread', () => {
  it('adds TACTIC_SPREAD_PER_TACTIC when two medium rules span two tactics; a high and a medium across tactics reach incident', () => {
    const same = [makeAttestation('a1', 'medium'), makeAttestation('a2', 'medium')];
    const spread = [makeAttestation('a1', 'medium'), makeAttestation('a2', 'medium', { tactics: ['persistence'] })];
    const two = Math.round(35 * (1 + W.STACK_DECAY));
    expect(synthesizeVerdict(makeInput({ attestations: same }))).toMatchObject({ score: two, verdict: 'suspicious' });
    expect(synthesizeVerdict(makeInput({ attestations: spread }))).toMatchObject({ score: two + W.TACTIC_SPREAD_PER_TACTIC, verdict: 'suspicious' });
    const highAndMedium = [makeAttestation('a1', 'high'), makeAttestation('a2', 'medium', { tactics: ['persistence'] })];
    expect(synthesizeVerdict(makeInput({ attestations: highAndMedium })).verdict).toBe('incident');
  });

  it('counts no more tactics than distinct rules reach: one rule tagged with three tactics is one behaviour', () => {
    const multi = [makeAttestation('a1', 'medium', { tactics: ['execution', 'persistence', 'privilege-escalation'] })];
    expect(synthesizeVerdict(makeInput({ attestations: multi }))).toMatchObject({ score: W.RULE_LEVEL_WEIGHT.medium, verdict: 'suspicious' });
    const two = [...multi, makeAttestation('a2', 'medium', { tactics: ['discovery'] })];
    const spread = synthesizeVerdict(makeInput({ attestations: two })).reasoning.find((s) => s.text.includes('span'));
    expect(spread).toMatchObject({ weight: W.TACTIC_SPREAD_PER_TACTIC });
    expect(spread?.text).toContain('counted as 2 because only 2 distinct rules reached them');
  });

  it('ignores tactics of low matches and caps at TACTIC_SPREAD_MAX', () => {
    const lows = [makeAttestation('a1', 'low'), makeAttestation('a2', 'low', { tactics: ['persistence'] })];
    expect(scoreOf(makeInput({ attestations: lows }))).toBe(Math.round(W.RULE_LEVEL_WEIGHT.low * (1 + W.STACK_DECAY)));
    const tactics = ['execution', 'persistence', 'discovery', 'collection', 'impact', 'credential-access'];
    const wide = tactics.map((tactic, i) => makeAttestation(`a${i}`, 'informational', { tactics: [tactic] }));
    const mediums = tactics.map((tactic, i) => makeAttestation(`m${i}`, 'medium', { tactics: [tactic] }));
    const spreadStep = synthesizeVerdict(makeInput({ attestations: [...wide, ...mediums] })).reasoning.find((s) => s.text.includes('span'));
    expect(spreadStep?.weight).toBe(W.TACTIC_SPREAD_MAX);
    expect(spreadStep?.text).toContain('execution, persistence, credential-access, discovery, collection, impact');
  });
});

describe('correlations', () => {
  const correlated = (id: string, ruleId: string) =>
    makeAttestation(id, 'medium', { ruleId, correlation: { type: 'event_count', groupBy: { TargetUserName: 'bob' }, rules: ['base'] } });

  it('adds CORRELATION_WEIGHT to the rule weight', () => {
    const result = synthesizeVerdict(makeInput({ attestations: [correlated('c1', 'corr')] }));
    expect(result).toMatchObject({ score: W.RULE_LEVEL_WEIGHT.medium + W.CORRELATION_WEIGHT, verdict: 'suspicious' });
    expect(result.reasoning.find((s) => s.text.startsWith('Correlation'))?.text).toContain('TargetUserName=bob');
  });

  it('caps stacked correlations at CORRELATION_MAX', () => {
    const result = synthesizeVerdict(makeInput({ attestations: [correlated('c1', 'x'), correlated('c2', 'y')] }));
    const total = result.reasoning.filter((s) => s.text.startsWith('Correlation')).reduce((sum, s) => sum + s.weight, 0);
    expect(total).toBeCloseTo(W.CORRELATION_MAX, 1);
    expect(result.score).toBe(Math.min(100, Math.round(35 * (1 + W.STACK_DECAY) + W.CORRELATION_MAX)));
  });
});

describe('indicator reputation', () => {
  it.each(['critical', 'high', 'medium', 'low', 'benign', 'unknown'] as const)('a %s indicator adds INDICATOR_TIER_WEIGHT', (tier) => {
    const indicators = [makeIndicator('domain', 'evil.example', tier, { scope: undefined })];
    const result = synthesizeVerdict(makeInput({ indicators }));
    expect(result.score).toBe(W.INDICATOR_TIER_WEIGHT[tier]);
    const step = result.reasoning.find((s) => s.refs.some((r) => r.kind === 'indicator' && r.id === 'domain:evil.example') && s.weight > 0);
    expect(step === undefined).toBe(W.INDICATOR_TIER_WEIGHT[tier] === 0);
  });

  it('caps stacked reputation at INDICATOR_MAX', () => {
    const indicators = ['a', 'b', 'c'].map((x) => makeIndicator('domain', `${x}.example`, 'critical'));
    expect(scoreOf(makeInput({ indicators }))).toBe(W.INDICATOR_MAX);
  });

  it('takes FALSE_POSITIVE_INDICATOR_WEIGHT per false positive, down to FALSE_POSITIVE_INDICATOR_MIN', () => {
    const high = [makeAttestation('a1', 'high')];
    // On an event no rule matched: the marks lower the score but explain no match.
    const marked = (n: number) => Array.from({ length: n }, (_, i) => makeIndicator('domain', `fp${i}.example`, 'unknown', { falsePositive: true, eventIds: ['0:9'] }));
    expect(scoreOf(makeInput({ attestations: high, indicators: marked(1) }))).toBe(45 + W.FALSE_POSITIVE_INDICATOR_WEIGHT);
    const many = synthesizeVerdict(makeInput({ attestations: [makeAttestation('a1', 'low')], indicators: marked(6) }));
    expect(many.score).toBe(Math.max(0, W.RULE_LEVEL_WEIGHT.low + W.FALSE_POSITIVE_INDICATOR_MIN));
    expect(many.reasoning.find((s) => s.text.includes('marked false positive'))?.weight).toBe(W.FALSE_POSITIVE_INDICATOR_MIN);
  });

  it('drops the reputation of an indicator confirmed false positive in history', () => {
    const indicators = [makeIndicator('domain', 'cdn.example', 'critical')];
    const history = { repeatIndicators: [], compromisedHosts: [], falsePositiveIndicators: ['domain:cdn.example'] };
    const result = synthesizeVerdict(makeInput({ indicators, history }));
    expect(result.score).toBe(0);
    expect(result.reasoning.find((s) => s.section === 'history')?.weight).toBe(W.FALSE_POSITIVE_INDICATOR_WEIGHT);
  });
});

describe('unclassified evidence', () => {
  const item = (id: string, severity: 'high' | 'medium' | 'low') => ({ id, severity, reason: 'odd', eventIds: ['0:1'], indicators: [] });

  it.each(['high', 'medium', 'low'] as const)('one %s item adds UNCLASSIFIED_SEVERITY_WEIGHT under its own section', (severity) => {
    const result = synthesizeVerdict(makeInput({ unclassified: [item('u1', severity)] }));
    expect(result.score).toBe(W.UNCLASSIFIED_SEVERITY_WEIGHT[severity]);
    expect(result.reasoning.find((s) => s.section === 'unclassified')).toMatchObject({ refs: expect.arrayContaining([{ kind: 'unclassified', id: 'u1' }]) });
  });

  it('one high item lifts a low match over the suspicious line; without a rule it takes two', () => {
    const low = [makeAttestation('a1', 'low')];
    expect(synthesizeVerdict(makeInput({ attestations: low })).verdict).toBe('tuning');
    expect(synthesizeVerdict(makeInput({ attestations: low, unclassified: [item('u1', 'high')] })).verdict).toBe('suspicious');
    expect(synthesizeVerdict(makeInput({ attestations: low, unclassified: [item('u1', 'medium')] })).verdict).toBe('tuning');
    expect(synthesizeVerdict(makeInput({ unclassified: [item('u1', 'high')] })).verdict).toBe('noise');
    const two = synthesizeVerdict(makeInput({ unclassified: [item('u1', 'high'), item('u2', 'high')] }));
    expect(two).toMatchObject({ score: Math.round(W.UNCLASSIFIED_SEVERITY_WEIGHT.high * (1 + W.STACK_DECAY)), verdict: 'suspicious' });
    const highAndMedium = synthesizeVerdict(makeInput({ unclassified: [item('u1', 'high'), item('u2', 'medium')] }));
    expect(highAndMedium.verdict).toBe('noise');
  });

  it('caps at UNCLASSIFIED_MAX, so heuristics alone never reach incident', () => {
    const unclassified = Array.from({ length: 8 }, (_, i) => item(`u${i}`, 'high'));
    const result = synthesizeVerdict(makeInput({ unclassified }));
    expect(result.score).toBe(W.UNCLASSIFIED_MAX);
    expect(result.verdict).toBe('suspicious');
  });
});

describe('history', () => {
  it('adds REPEAT_INDICATOR_WEIGHT per repeated indicator up to REPEAT_INDICATOR_MAX', () => {
    const indicators = ['a', 'b', 'c', 'd'].map((x) => makeIndicator('domain', `${x}.example`));
    const history = (keys: string[]) => ({ repeatIndicators: keys.map((key) => ({ key, caseIds: ['case-7'] })), compromisedHosts: [], falsePositiveIndicators: [] });
    expect(scoreOf(makeInput({ indicators, history: history(['domain:a.example']) }))).toBe(W.REPEAT_INDICATOR_WEIGHT);
    const all = synthesizeVerdict(makeInput({ indicators, history: history(indicators.map((i) => `domain:${i.value}`)) }));
    expect(all.score).toBe(W.REPEAT_INDICATOR_MAX);
    expect(all.reasoning.find((s) => s.section === 'history')?.refs).toContainEqual({ kind: 'history', id: 'case-7' });
  });

  it('adds COMPROMISED_HOST_WEIGHT when a host of the case was an incident before', () => {
    const history = { repeatIndicators: [], compromisedHosts: ['ws01'], falsePositiveIndicators: [] };
    const result = synthesizeVerdict(makeInput({ attestations: [makeAttestation('a1', 'high')], history }));
    expect(result.score).toBe(45 + W.COMPROMISED_HOST_WEIGHT);
  });
});

describe('asset criticality', () => {
  const high = [makeAttestation('a1', 'high')];
  it.each([1, 2, 3, 4, 5])('criticality %d scales rule evidence by CRITICALITY_FACTOR', (criticality) => {
    const result = synthesizeVerdict(makeInput({ attestations: high, assets: { criticality: { ws01: criticality }, roles: {} } }));
    expect(result.score).toBe(Math.round(45 * W.CRITICALITY_FACTOR[criticality]));
  });

  it('a role raises criticality to ROLE_MIN_CRITICALITY, and the default is DEFAULT_CRITICALITY', () => {
    const dc = synthesizeVerdict(makeInput({ attestations: high, assets: { criticality: { WS01: 2 }, roles: { ws01: 'domain-controller' } } }));
    expect(dc.score).toBe(Math.round(45 * W.CRITICALITY_FACTOR[W.ROLE_MIN_CRITICALITY['domain-controller']]));
    expect(dc.reasoning.find((s) => s.text.includes('criticality'))?.text).toContain('role domain-controller');
    expect(scoreOf(makeInput({ attestations: high }))).toBe(Math.round(45 * W.CRITICALITY_FACTOR[W.DEFAULT_CRITICALITY]));
  });

  it('finds settings and history by short name when logs give the full DNS name', () => {
    const events = [makeEvent('0:1', 'process_creation', {}, { host: 'DC1.corp.local' }), ...backgroundEvents(30)];
    const attestations = [makeAttestation('a1', 'high')];
    const byShortName = synthesizeVerdict(makeInput({ events, attestations, assets: { criticality: { dc1: 5 }, roles: {} } }));
    expect(byShortName.score).toBe(Math.round(45 * W.CRITICALITY_FACTOR[5]));
    const history = { repeatIndicators: [], compromisedHosts: ['DC1'], falsePositiveIndicators: [] };
    expect(synthesizeVerdict(makeInput({ events, attestations, history })).score).toBe(45 + W.COMPROMISED_HOST_WEIGHT);
  });

  it('a critical match on a lab host stays suspicious, not incident', () => {
    const result = synthesizeVerdict(makeInput({ attestations: [makeAttestation('a1', 'critical')], assets: { criticality: { WS01: 1 }, roles: {} } }));
    expect(result.verdict).toBe('suspicious');
  });
});

describe('verdict thresholds', () => {
  it('INCIDENT_MIN and SUSPICIOUS_MIN are the class boundaries', () => {
    const atLine = synthesizeVerdict(makeInput({ attestations: [makeAttestation('a1', 'high')], indicators: [makeIndicator('domain', 'a.example', 'high')] }));
    expect(atLine).toMatchObject({ score: W.INCIDENT_MIN, verdict: 'incident' });
    const reputationOnly = synthesizeVerdict(makeInput({ indicators: ['a', 'b', 'c'].map((x) => makeIndicator('domain', `${x}.example`, 'critical')) }));
    expect(reputationOnly.verdict).toBe('suspicious');
    expect(synthesizeVerdict(makeInput({ attestations: [makeAttestation('a1', 'medium')] }))).toMatchObject({ score: W.SUSPICIOUS_MIN, verdict: 'suspicious' });
    const lows = (n: number) => Array.from({ length: n }, (_, i) => makeAttestation(`a${i}`, 'low'));
    const three = synthesizeVerdict(makeInput({ attestations: lows(3) }));
    expect(three.score).toBeLessThan(W.SUSPICIOUS_MIN);
    expect(three.verdict).toBe('tuning');
    expect(synthesizeVerdict(makeInput({ attestations: lows(4) })).verdict).toBe('suspicious');
  });
});

describe('confidence', () => {
  it('an empty case is noise with the small-sample penalty and says why', () => {
    const result = synthesizeVerdict(makeInput({ events: [], files: [] }));
    expect(result).toMatchObject({ verdict: 'noise', score: 0, confidence: W.CONFIDENCE_BASE + W.CONFIDENCE_SMALL_SAMPLE });
    expect(result.conclusion).toContain('No events were read');
  });

  it('starts at CONFIDENCE_BASE for a complete quiet case', () => {
    expect(synthesizeVerdict(makeInput()).confidence).toBe(W.CONFIDENCE_BASE);
  });

  it('no process-level events lowers confidence by CONFIDENCE_NO_PROCESS_TELEMETRY and says so', () => {
    const events = Array.from({ length: 40 }, (_, i) => makeEvent(`0:${i + 1}`, 'authentication', { EventID: '4624' }, { host: 'DC01' }));
    const result = synthesizeVerdict(makeInput({ events, attestations: [makeAttestation('a1', 'high', { eventIds: ['0:1'] })] }));
    expect(result.confidence).toBe(W.CONFIDENCE_BASE + W.CONFIDENCE_NO_PROCESS_TELEMETRY);
    const step = result.reasoning.find((s) => s.section === 'telemetry');
    expect(step?.text).toMatch(/No process-creation events.*DC01.*process-level conclusions carry less confidence/);
    expect(result.nextSteps).toContainEqual(expect.objectContaining({ kind: 'confidence', text: 'Deploy Sysmon on host DC01: process-level evidence is missing.' }));
  });

  it('agreeing kinds of evidence add CONFIDENCE_CORROBORATED', () => {
    const indicators = [makeIndicator('domain', 'evil.example', 'critical')];
    const result = synthesizeVerdict(makeInput({ attestations: [makeAttestation('a1', 'high')], indicators }));
    expect(result.verdict).toBe('incident');
    expect(result.confidence).toBe(W.CONFIDENCE_BASE + W.CONFIDENCE_CORROBORATED);
  });

  it('evidence pulling both ways takes CONFIDENCE_CONFLICT', () => {
    const indicators = [makeIndicator('domain', 'cdn.example', 'unknown', { falsePositive: true })];
    const result = synthesizeVerdict(makeInput({ attestations: [makeAttestation('a1', 'critical'), makeAttestation('a2', 'high', { eventIds: ['0:2'] })], indicators }));
    expect(result.verdict).toBe('incident');
    expect(result.confidence).toBe(W.CONFIDENCE_BASE + W.CONFIDENCE_CONFLICT);
  });

  it('a quiet verdict with a reputation or unclassified step of DISSENT_MIN_WEIGHT or more takes CONFIDENCE_CONFLICT', () => {
    const unclassified = [{ id: 'u1', severity: 'high' as const, reason: 'odd', eventIds: ['0:1'], indicators: [] }];
    expect(W.UNCLASSIFIED_SEVERITY_WEIGHT.high).toBeGreaterThanOrEqual(W.DISSENT_MIN_WEIGHT);
    const result = synthesizeVerdict(makeInput({ unclassified }));
    expect(result.verdict).toBe('noise');
    expect(result.confidence).toBe(W.CONFIDENCE_BASE + W.CONFIDENCE_CONFLICT);
    expect(result.reasoning.find((s) => s.text.startsWith('Evidence pulls both ways'))?.refs).toContainEqual({ kind: 'unclassified', id: 'u1' });
  });

  it('a score within THRESHOLD_MARGIN of a line takes CONFIDENCE_NEAR_THRESHOLD', () => {
    const result = synthesizeVerdict(makeInput({ attestations: [makeAttestation('a1', 'low'), makeAttestation('a2', 'low'), makeAttestation('a3', 'low')] }));
    expect(W.SUSPICIOUS_MIN - result.score).toBeLessThanOrEqual(W.THRESHOLD_MARGIN);
    expect(result.confidence).toBe(W.CONFIDENCE_BASE + W.CONFIDENCE_NEAR_THRESHOLD);
  });

  it('damaged files lower it per file, capped at CONFIDENCE_FILE_PENALTY_MAX', () => {
    const issue = { file: 'x', offset: 4096, reason: 'chunk header magic mismatch', severity: 'error' as const };
    const files = [
      { index: 0, name: 'a.evtx', size: 1, parserId: 'evtx', source: 'evtx' as const, status: 'done' as const, bytesDone: 1, events: 50, issues: [issue] },
      { index: 1, name: 'b.evtx', size: 1, parserId: 'evtx', source: 'evtx' as const, status: 'failed' as const, bytesDone: 1, events: 0, issues: [] },
    ];
    const one = synthesizeVerdict(makeInput({ files: files.slice(0, 1) }));
    expect(one.confidence).toBe(W.CONFIDENCE_BASE + W.CONFIDENCE_FILE_WITH_ERRORS);
    expect(one.reasoning.find((s) => s.section === 'telemetry' && s.refs.some((r) => r.kind === 'file'))?.text).toContain('chunk header magic mismatch at byte 4096');
    const three = synthesizeVerdict(makeInput({ files: [...files, { ...files[1], index: 2, name: 'c.evtx' }] }));
    expect(three.confidence).toBe(W.CONFIDENCE_BASE + W.CONFIDENCE_FILE_PENALTY_MAX);
  });

  it('a quiet verdict on fewer than SMALL_SAMPLE_EVENTS events takes CONFIDENCE_SMALL_SAMPLE', () => {
    const events = backgroundEvents(W.SMALL_SAMPLE_EVENTS - 1);
    expect(synthesizeVerdict(makeInput({ events })).confidence).toBe(W.CONFIDENCE_BASE + W.CONFIDENCE_SMALL_SAMPLE);
  });

  it('unrated public indicators take CONFIDENCE_UNRATED_INDICATORS and ask for enrichment', () => {
    const indicators = [makeIndicator('ipv4', '203.0.113.9', 'unknown', { scope: 'public' }), makeIndicator('domain', 'x.example')];
    const result = synthesizeVerdict(makeInput({ indicators }));
    expect(result.confidence).toBe(W.CONFIDENCE_BASE + W.CONFIDENCE_UNRATED_INDICATORS);
    expect(result.nextSteps).toContainEqual({ kind: 'confidence', text: 'Enable enrichment to rate the 2 public indicators.' });
  });

  it('never leaves [CONFIDENCE_MIN, 100]', () => {
    const issue = { file: 'x', offset: 0, reason: 'truncated', severity: 'error' as const };
    const files = Array.from({ length: 5 }, (_, index) => ({ index, name: `f${index}`, size: 1, parserId: 'evtx', source: 'evtx' as const, status: 'failed' as const, bytesDone: 0, events: 0, issues: [issue] }));
    const events = [makeEvent('0:1', 'authentication')];
    const result = synthesizeVerdict(makeInput({ events, files, attestations: [makeAttestation('a1', 'medium'), makeAttestation('a2', 'medium')] }));
    expect(result.confidence).toBeGreaterThanOrEqual(W.CONFIDENCE_MIN);
    expect(result.confidence).toBeLessThan(W.CONFIDENCE_BASE);
  });
});

describe('sensitive targets', () => {
  const injection = (id: string, tactics = ['stealth']) => makeAttestation(id, 'medium', { eventIds: ['0:1'], tactics });
  const accessTo = (target: string) =>
    makeInput({
      events: [makeEvent('0:1', 'process_access', { SourceImage: 'C:\\Users\\Public\\a.exe', TargetImage: target, GrantedAccess: '0x1fffff' }), ...backgroundEvents(49)],
      attestations: [injection('a1')],
    });

  it('lifts a lone medium match that acts on LSASS over the suspicious line by SENSITIVE_TARGET_WEIGHT', () => {
    const onLsass = synthesizeVerdict(accessTo('C:\\Windows\\system32\\lsass.exe'));
    expect(onLsass).toMatchObject({ score: W.RULE_LEVEL_WEIGHT.medium + W.SENSITIVE_TARGET_WEIGHT, verdict: 'suspicious' });
    expect(onLsass.reasoning.find((step) => step.text.includes('where credentials live'))?.refs).toContainEqual({ kind: 'event', id: '0:1' });
    expect(synthesizeVerdict(accessTo('C:\\Windows\\system32\\notepad.exe'))).toMatchObject({ score: W.RULE_LEVEL_WEIGHT.medium, verdict: 'suspicious' });
  });

  it('counts the SAM hive, ntds.dit and replication rights, once per case however many rules see them', () => {
    const events = [
      makeEvent('0:1', 'registry_set', { TargetObject: 'HKLM\\SAM\\SAM\\Domains\\Account\\Users\\000001F5\\F' }),
      makeEvent('0:2', 'process_creation', { Image: 'C:\\Windows\\System32\\ntdsutil.exe', CommandLine: 'ntdsutil "ac i ntds" ifm "create full C:\\x" q q' }),
      makeEvent('0:3', 'process_creation', { Image: 'C:\\Windows\\System32\\esentutl.exe', CommandLine: 'esentutl /y /vss C:\\Windows\\NTDS\\ntds.dit /d C:\\x\\n.dit' }),
      ...backgroundEvents(47),
    ];
    const attestations = [makeAttestation('a1', 'medium', { eventIds: ['0:1'] }), makeAttestation('a2', 'medium', { eventIds: ['0:3'], tactics: ['stealth'] })];
    const result = synthesizeVerdict(makeInput({ events, attestations }));
    const steps = result.reasoning.filter((step) => step.text.includes('where credentials live'));
    expect(steps).toHaveLength(1);
    expect(steps[0].weight).toBe(W.SENSITIVE_TARGET_WEIGHT);
    expect(steps[0].text).toContain('the SAM or SECURITY hive and the Active Directory database');
  });

  it('leaves out low matches, credential-access rules (their level prices the target in) and registry paths that only contain "Security"', () => {
    const lsass = makeEvent('0:1', 'process_access', { SourceImage: 'C:\\Users\\t\\Temp\\Procmon64.exe', TargetImage: 'C:\\Windows\\system32\\lsass.exe' });
    const eventlog = makeEvent('0:2', 'registry_set', { TargetObject: 'HKLM\\System\\CurrentControlSet\\Services\\EventLog\\Security\\MaxSize' });
    const events = [lsass, eventlog, ...backgroundEvents(48)];
    const cases = [
      [makeAttestation('a1', 'low', { eventIds: ['0:1'], tactics: ['stealth'] })],
      [makeAttestation('a1', 'medium', { eventIds: ['0:1'], tactics: ['credential-access'] })],
      [makeAttestation('a1', 'medium', { eventIds: ['0:2'], tactics: ['stealth'] })],
    ];
    for (const attestations of cases) {
      const result = synthesizeVerdict(makeInput({ events, attestations }));
      expect(result.reasoning.some((step) => step.text.includes('where credentials live'))).toBe(false);
      expect(result.score).toBe(W.RULE_LEVEL_WEIGHT[attestations[0].level]);
    }
  });
});

describe('benign activity', () => {
  const procmon = (extra: Record<string, string> = {}) =>
    makeEvent('0:1', 'process_access', { SourceImage: 'C:\\Users\\t\\AppData\\Local\\Temp\\Procmon64.exe', TargetImage: 'C:\\Windows\\system32\\lsass.exe', ...extra });
  const lsassRead = (level: 'medium' | 'high' | 'critical' = 'medium') =>
    makeAttestation('a1', level, { eventIds: ['0:1'], techniques: ['T1003.001'], tactics: ['credential-access'] });

  it('weighs a medium or high rule explained by a known benign tool BENIGN_EXPLAINED_RULE_WEIGHT, and says why with the event', () => {
    for (const level of ['medium', 'high'] as const) {
      const result = synthesizeVerdict(makeInput({ events: [procmon(), ...backgroundEvents(49)], attestations: [lsassRead(level)] }));
      expect(result).toMatchObject({ score: W.BENIGN_EXPLAINED_RULE_WEIGHT, verdict: 'tuning' });
      expect(result.reasoning[0].text).toContain('procmon64.exe is Sysinternals Process Monitor');
      expect(result.reasoning[0].refs).toContainEqual({ kind: 'event', id: '0:1' });
    }
  });

  it('never explains a critical match, a tool with a foreign signer, or a technique the tool does not produce', () => {
    const events = (extra: Record<string, string> = {}) => [procmon(extra), ...backgroundEvents(49)];
    expect(synthesizeVerdict(makeInput({ events: events(), attestations: [lsassRead('critical')] })).verdict).toBe('incident');
    expect(synthesizeVerdict(makeInput({ events: events({ Company: 'Gentilkiwi' }), attestations: [lsassRead()] })).verdict).toBe('suspicious');
    const other = makeAttestation('a1', 'medium', { eventIds: ['0:1'], techniques: ['T1059.001'] });
    expect(synthesizeVerdict(makeInput({ events: events(), attestations: [other] })).verdict).toBe('suspicious');
  });

  it('explains a match only when every matched event is explained', () => {
    const dumper = makeEvent('0:2', 'process_access', { SourceImage: 'C:\\Users\\t\\m.exe', TargetImage: 'C:\\Windows\\system32\\lsass.exe' });
    const attestations = [lsassRead(), { ...lsassRead(), id: 'a2', eventIds: ['0:2'] }];
    expect(synthesizeVerdict(makeInput({ events: [procmon(), dumper, ...backgroundEvents(48)], attestations })).verdict).toBe('suspicious');
  });

  it('explains a match by a host role from the settings that expects its technique, in ROLE_EXPECTED_TECHNIQUES', () => {
    const shadow = makeAttestation('a1', 'medium', { techniques: ['T1490'], tactics: ['impact'] });
    expect(ROLE_EXPECTED_TECHNIQUES['backup-server']).toContain('T1490');
    const backup = synthesizeVerdict(makeInput({ attestations: [shadow], assets: { criticality: {}, roles: { ws01: 'backup-server' } } }));
    expect(backup.verdict).toBe('tuning');
    expect(backup.reasoning[0].text).toContain('role backup-server');
    expect(synthesizeVerdict(makeInput({ attestations: [shadow], assets: { criticality: {}, roles: { ws01: 'workstation' } } })).verdict).toBe('suspicious');
  });

  it('explains a match whose events carry an indicator confirmed false positive, citing the indicator', () => {
    const medium = [makeAttestation('a1', 'medium')];
    const indicators = [makeIndicator('domain', 'updates.example', 'unknown', { eventIds: ['0:1'] })];
    const history = { repeatIndicators: [], compromisedHosts: [], falsePositiveIndicators: ['domain:updates.example'] };
    const result = synthesizeVerdict(makeInput({ attestations: medium, indicators, history }));
    expect(result.verdict).toBe('tuning');
    expect(result.reasoning[0].refs).toContainEqual({ kind: 'indicator', id: 'domain:updates.example' });
    expect(synthesizeVerdict(makeInput({ attestations: medium, indicators })).verdict).toBe('suspicious');
  });

  it('names only tools whose table entry says what they do', () => {
    for (const tool of BENIGN_TOOLS) {
      expect(tool.images.length).toBeGreaterThan(0);
      expect(tool.techniques.length).toBeGreaterThan(0);
      for (const image of tool.images) expect(image).toBe(image.toLowerCase());
    }
  });
});

describe('review hold', () => {
  it('holds a medium or high match that nothing explains at SUSPICIOUS_MIN, whatever lowers the score', () => {
    const lab = { criticality: { ws01: 1 }, roles: {} };
    const medium = synthesizeVerdict(makeInput({ attestations: [makeAttestation('a1', W.REVIEW_MIN_LEVEL)], assets: lab }));
    expect(medium).toMatchObject({ score: W.SUSPICIOUS_MIN, verdict: 'suspicious' });
    const hold = medium.reasoning.find((s) => s.text.includes('held at the suspicious line'));
    expect(hold?.refs).toContainEqual({ kind: 'attestation', id: 'a1' });
    const marks = Array.from({ length: 6 }, (_, i) => makeIndicator('domain', `fp${i}.example`, 'unknown', { falsePositive: true, eventIds: ['0:9'] }));
    expect(synthesizeVerdict(makeInput({ attestations: [makeAttestation('a1', 'high')], indicators: marks }))).toMatchObject({ score: W.SUSPICIOUS_MIN, verdict: 'suspicious' });
    const low = synthesizeVerdict(makeInput({ attestations: [makeAttestation('a1', 'low')], assets: lab }));
    expect(low.verdict).toBe('tuning');
    expect(low.reasoning.some((s) => s.text.includes('held at the suspicious line'))).toBe(false);
  });
});
