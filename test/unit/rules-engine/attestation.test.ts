import { describe, expect, it } from 'vitest';
import { compileRuleSet, RuleEngine } from '../../../src/engine/rules';
import { compileOne, ruleText, sysmon } from './helpers';

const tagged = (tags: string[]) => ruleText("  selection:\n    Image|endswith: '\\x.exe'\n  condition: selection", { extra: `tags:\n${tags.map((tag) => `  - ${tag}`).join('\n')}\n` });
const infoOf = (tags: string[]) => {
  const set = compileOne(tagged(tags));
  expect(set.errors).toEqual([]);
  return set.rules[0];
};

describe('ATT&CK tags (Sigma appendix "tags")', () => {
  it('resolves technique and tactic tags', () => {
    expect(infoOf(['attack.execution', 'attack.t1059.001'])).toMatchObject({ techniques: ['T1059.001'], tactics: ['execution'] });
  });

  it('maps legacy tactic names to current shortnames', () => {
    expect(infoOf(['attack.defense-evasion', 'attack.t1036.005']).tactics).toEqual(['stealth']);
    expect(infoOf(['attack.credential_access', 'attack.t1003.001']).tactics).toEqual(['credential-access']);
  });

  it('maps revoked technique ids to their replacement', () => {
    expect(infoOf(['attack.t1562.001']).techniques).toEqual(['T1685']);
  });

  it('takes the tactics of the techniques when the rule has no tactic tag', () => {
    expect(infoOf(['attack.t1003.001']).tactics).toEqual(['credential-access']);
  });

  it('ignores group, software and other namespaces', () => {
    expect(infoOf(['attack.g0016', 'attack.s0002', 'car.2016-04-005', 'attack.t1003.001'])).toMatchObject({ techniques: ['T1003.001'], tactics: ['credential-access'] });
  });
});

describe('attestations', () => {
  it('carry a unique id per rule, the rule, the event and the matched fields', () => {
    const set = compileOne(tagged(['attack.execution', 'attack.t1059.001']));
    const engine = new RuleEngine(set);
    const first = engine.push(sysmon({ Image: 'C:\\x.exe', CommandLine: 'x' }, { id: '3:10', ts: '2024-05-01T10:00:00.1234567Z' }));
    const second = engine.push(sysmon({ Image: 'D:\\X.EXE' }, { id: '3:99' }));
    expect(first).toEqual([{
      id: 'test-rule#1', ruleId: 'test-rule', ruleTitle: 'Test rule', level: 'high', techniques: ['T1059.001'], tactics: ['execution'],
      eventIds: ['3:10'], matches: [{ eventId: '3:10', fields: { Image: 'C:\\x.exe' } }], firstTs: '2024-05-01T10:00:00.1234567Z', lastTs: '2024-05-01T10:00:00.1234567Z',
    }]);
    expect(second.map((found) => found.id)).toEqual(['test-rule#2']);
    expect(engine.push(sysmon({ Image: 'C:\\y.exe' }))).toEqual([]);
  });

  it('gives a rule without an id one from its file and position', () => {
    const text = "title: No id\nlogsource:\n  product: windows\ndetection:\n  selection:\n    Image: x\n  condition: selection\n";
    const set = compileRuleSet([{ file: 'dir/r.yml', text: `${text}---\n${text}` }]);
    expect(set.rules.map((rule) => rule.id)).toEqual(['dir/r.yml:1', 'dir/r.yml:2']);
  });
});

describe('meta-filters (Sigma filters spec, section 7)', () => {
  const base = ruleText("  selection:\n    Image|endswith: '\\x.exe'\n  condition: selection", { id: 'target' });
  const filter = (rules: string, logsource = 'category: process_creation\n  product: windows') =>
    `title: Exclude the build server\nlogsource:\n  ${logsource}\nfilter:\n  rules:\n${rules}\n  selection:\n    Computer: BUILD01\n  condition: not selection\n`;

  it('ANDs the filter condition onto the target rule', () => {
    const set = compileRuleSet([{ file: 'r.yml', text: base }, { file: 'f.yml', text: filter('    - target') }]);
    expect(set.errors).toEqual([]);
    expect(set.compiled).toBe(2);
    const engine = new RuleEngine(set);
    expect(engine.push(sysmon({ Image: 'C:\\x.exe', Computer: 'BUILD01' }))).toEqual([]);
    expect(engine.push(sysmon({ Image: 'C:\\x.exe', Computer: 'WS7' }))).toHaveLength(1);
  });

  it('reports a filter naming an unknown rule or a narrower logsource', () => {
    const unknown = compileRuleSet([{ file: 'r.yml', text: base }, { file: 'f.yml', text: filter('    - missing') }]);
    expect(unknown.errors).toEqual([{ file: 'f.yml', rule: 'Exclude the build server', reason: 'filter refers to unknown rule(s) missing' }]);
    const narrower = compileRuleSet([{ file: 'r.yml', text: base }, { file: 'f.yml', text: filter('    - target', 'product: windows\n  service: security') }]);
    expect(narrower.errors[0].reason).toMatch(/does not cover rule\(s\) target/);
  });
});
