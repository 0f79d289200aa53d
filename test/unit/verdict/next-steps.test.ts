import { describe, expect, it } from 'vitest';
import { SUBSET, TACTICS } from '../../../src/engine/mitre';
import { synthesizeVerdict } from '../../../src/engine/verdict';
import { PLAYBOOK, fillTemplate, playbookProblems, techniqueEntries } from '../../../src/engine/verdict/playbook';
import { MAX_NEXT_STEPS } from '../../../src/engine/verdict/weights';
import { backgroundEvents, makeAttestation, makeEvent, makeIndicator, makeInput, processStart } from './builders';

describe('mitre/next-steps.json', () => {
  it('is well formed: known kinds and placeholders, no empty lists', () => {
    expect(playbookProblems(PLAYBOOK)).toEqual([]);
    expect(playbookProblems({ tactics: { x: [] }, techniques: { T1: [{ kind: 'collection', text: 'Pull {registry}' }] } })).toEqual([
      'tactics.x: no steps',
      'techniques.T1: unknown placeholder {registry}',
    ]);
  });

  it('covers every tactic of the matrix, stealth and defense-impairment included', () => {
    expect(TACTICS.map((t) => t.shortname)).toEqual(expect.arrayContaining(['stealth', 'defense-impairment']));
    for (const tactic of TACTICS) expect(PLAYBOOK.tactics[tactic.shortname]?.length, tactic.shortname).toBeGreaterThan(0);
    expect(Object.keys(PLAYBOOK.tactics).sort()).toEqual(TACTICS.map((t) => t.shortname).sort());
  });

  it('covers each of the 80 subset techniques by its own id, and nothing outside the subset', () => {
    expect(SUBSET.length).toBe(80);
    for (const technique of SUBSET) expect(PLAYBOOK.techniques[technique.id]?.length, technique.id).toBeGreaterThan(0);
    expect(Object.keys(PLAYBOOK.techniques).sort()).toEqual(SUBSET.map((t) => t.id).sort());
  });

  it('falls back from a sub-technique to its parent', () => {
    expect(techniqueEntries('T1055.012')?.id).toBe('T1055');
    expect(techniqueEntries('T9999')).toBeNull();
  });

  it('fills a run of placeholders as one list, leaving out empty ones', () => {
    const fill = (values: Record<string, string>) => (name: string) => values[name] ?? null;
    const fallback = (names: string[]) => `the ${names.join('/')} involved`;
    expect(fillTemplate('Block {domain}, {url} and {ip} now', fill({ url: 'URL u', ip: 'IP i' }), fallback)).toBe('Block URL u and IP i now');
    expect(fillTemplate('Block {domain} and {ip}', fill({}), fallback)).toBe('Block the domain/ip involved');
    expect(fillTemplate('Keep {registry}', fill({}), fallback)).toBe('Keep {registry}');
  });
});

describe('next steps of a verdict', () => {
  const lsass = makeEvent('0:1', 'process_access', { SourceImage: 'C:\\Users\\bob\\m.exe', TargetImage: 'C:\\Windows\\System32\\lsass.exe' }, { host: 'WS07', user: 'CORP\\bob' });
  const beacon = makeEvent('0:2', 'network_connection', { DestinationIp: '198.51.100.7' }, { host: 'WS07', user: 'NT AUTHORITY\\SYSTEM' });

  it('fills the playbook with the hosts, users and indicators of the attested events, containment first for an incident', () => {
    const result = synthesizeVerdict(makeInput({
      events: [lsass, beacon, ...backgroundEvents(30)],
      attestations: [
        makeAttestation('a1', 'critical', { techniques: ['T1003.001'], tactics: ['credential-access'], eventIds: ['0:1'] }),
        makeAttestation('a2', 'high', { techniques: ['T1071.001'], tactics: ['command-and-control'], eventIds: ['0:2'] }),
      ],
      indicators: [makeIndicator('ipv4', '198.51.100.7', 'unknown', { eventIds: ['0:2'], scope: 'public' })],
    }));
    expect(result.verdict).toBe('incident');
    expect(result.nextSteps[0]).toMatchObject({ kind: 'containment', techniqueId: 'T1003.001', targets: ['CORP\\bob', 'WS07'] });
    expect(result.nextSteps[0].text).toMatch(/^Reset the credentials of user CORP\\bob and of every account that logged on to host WS07/);
    const block = result.nextSteps.find((s) => s.techniqueId === 'T1071.001' && s.kind === 'containment');
    expect(block?.text).toBe('Block IP 198[.]51[.]100[.]7 at the proxy.');
    expect(block?.targets).toEqual(['ipv4:198.51.100.7']);
    // Built-in accounts are not people whose passwords one resets.
    expect(result.nextSteps.some((s) => s.text.includes('SYSTEM'))).toBe(false);
    expect(result.nextSteps.findIndex((s) => s.kind === 'collection')).toBeGreaterThan(result.nextSteps.findIndex((s) => s.kind === 'containment'));
  });

  it('never names built-in accounts (well-known SIDs, per-session system accounts) as users to reset', () => {
    const events = ['S-1-5-18', 'Window Manager\\DWM-1', 'CORP\\WS07$', 'CORP\\carol'].map((user, i) =>
      makeEvent(`0:${i + 1}`, 'process_access', {}, { user, host: 'WS07' }),
    );
    const result = synthesizeVerdict(makeInput({
      events: [...events, ...backgroundEvents(30)],
      attestations: [makeAttestation('a1', 'critical', { techniques: ['T1078'], tactics: ['initial-access'], eventIds: events.map((e) => e.id) })],
    }));
    const reset = result.nextSteps.find((s) => s.techniqueId === 'T1078' && s.kind === 'containment');
    expect(reset?.text).toBe('Reset the credentials of user CORP\\carol and end their active sessions.');
  });

  it('puts collection first for a suspicious case, and uses the tactic step when no technique entry exists', () => {
    const result = synthesizeVerdict(makeInput({ attestations: [makeAttestation('a1', 'high', { techniques: ['T1600'], tactics: ['stealth'] })] }));
    expect(result.verdict).toBe('suspicious');
    expect(result.nextSteps[0]).toMatchObject({ kind: 'collection', tactic: 'stealth' });
    expect(result.nextSteps[0].text).toContain('host WS01');
  });

  it('asks to tune the rule for a tuning verdict and proposes no containment', () => {
    const result = synthesizeVerdict(makeInput({ attestations: [makeAttestation('a1', 'low', { title: 'Whoami Execution' })] }));
    expect(result.verdict).toBe('tuning');
    expect(result.nextSteps.filter((s) => s.kind !== 'confidence')).toEqual([]);
    expect(result.nextSteps).toContainEqual(expect.objectContaining({ text: expect.stringContaining('Check the matches of rule "Whoami Execution" against its documented false positives') }));
  });

  it('asks for script block logging when PowerShell ran without 4104 events', () => {
    const ps = processStart('0:1', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'C:\\Windows\\explorer.exe');
    const result = synthesizeVerdict(makeInput({ events: [ps, ...backgroundEvents(30)] }));
    expect(result.nextSteps).toContainEqual(expect.objectContaining({ kind: 'confidence', text: expect.stringMatching(/^Enable PowerShell script block logging \(event 4104\) on WS01/) }));
  });

  it(`stays within MAX_NEXT_STEPS and keeps the confidence steps`, () => {
    const attestations = SUBSET.map((t, i) => makeAttestation(`a${i}`, 'high', { techniques: [t.id], tactics: t.tactics }));
    const events = Array.from({ length: 30 }, (_, i) => makeEvent(`0:${i + 1}`, 'authentication'));
    const result = synthesizeVerdict(makeInput({ events, attestations }));
    expect(result.nextSteps.length).toBe(MAX_NEXT_STEPS);
    expect(result.nextSteps[result.nextSteps.length - 1]).toMatchObject({ kind: 'confidence', text: expect.stringContaining('Deploy Sysmon') });
    expect(new Set(result.nextSteps.map((s) => s.text)).size).toBe(result.nextSteps.length);
  });
});
