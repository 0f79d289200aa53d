import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../src/engine/rules';
import { compileOne, loadError, ruleText } from './helpers';

const selection = (item: string) => ruleText(`  selection:\n${item}\n  condition: selection`);

describe('each kind of bad rule is an error with a reason', () => {
  it.each([
    ['an unsupported modifier', selection("    CommandLine|contains|sounds_like: 'x'"), /unsupported modifier 'sounds_like'/],
    ['null in a list', selection("    ParentImage:\n      - null\n      - 'x'"), /null may not stand in a list/],
    ['re that is not the first modifier', selection("    CommandLine|contains|re: 'x'"), /'re' must be the first modifier/],
    ['a regex flag without re', selection("    CommandLine|i: 'x'"), /only valid after 're'/],
    ['an invalid regular expression', selection("    CommandLine|re: '(unclosed'"), /invalid regular expression/],
    ['a bad cidr network', selection("    DestinationIp|cidr: '10.0.0.0/33'"), /not an IPv4 or IPv6 network/],
    ['a wildcard in a base64 value', selection("    CommandLine|base64: 'ab*'"), /may not contain wildcards/],
    ['exists with a non-boolean', selection("    CommandLine|exists: 'yes'"), /exists needs true or false/],
    ['exists combined with another modifier', selection('    CommandLine|exists|contains: true'), /must stand alone/],
    ['all on a single value', selection("    CommandLine|contains|all: 'x'"), /'all' needs a list/],
    ['a non-numeric comparison value', selection("    DestinationPort|gt: 'many'"), /not a number/],
    ['a keyword with neq', ruleText("  keywords:\n    '|neq':\n      - x\n  condition: keywords"), /keywords cannot take the 'neq' modifier/],
    ['an empty identifier', ruleText('  selection:\n  condition: selection'), /search identifier 'selection' is empty/],
    ['an identifier mixing maps and values', ruleText("  selection:\n    - Image: x\n    - 'plain'\n  condition: selection"), /mixes maps and plain values/],
    ['a missing detection', 'title: t\nlogsource:\n  product: windows\n', /missing 'detection' map/],
    ['a missing condition', "title: t\nlogsource:\n  product: windows\ndetection:\n  selection:\n    Image: x\n", /missing detection.condition/],
    ['a missing logsource', "title: t\ndetection:\n  selection:\n    Image: x\n  condition: selection\n", /missing 'logsource'/],
    ['a missing title', "logsource:\n  product: windows\ndetection:\n  selection:\n    Image: x\n  condition: selection\n", /missing 'title'/],
    ['an unknown level', ruleText("  selection:\n    Image: x\n  condition: selection").replace('level: high', 'level: severe'), /unknown level 'severe'/],
    ['another taxonomy', ruleText("  selection:\n    Image: x\n  condition: selection", { extra: 'taxonomy: ocsf' }), /taxonomy 'ocsf' is not supported/],
    ['bad YAML', 'title: [unclosed\nlogsource: {', /bad YAML/],
    ['a document that is not a map', '- just\n- a list\n', /is not a map/],
    ['an obsolete aggregation', ruleText("  selection:\n    Image: x\n  condition: selection | count() > 5"), /obsolete pipe aggregation/],
  ])('%s', (_what, text, reason) => {
    expect(loadError(text)).toMatch(reason);
  });

  it('an unresolved placeholder', () => {
    expect(loadError(selection("    User|expand: '%JumpServers%'"), { Administrators: ['x'] })).toMatch(/unresolved placeholder %JumpServers%/);
  });

  it('deprecated and unsupported rules are skipped with a reason', () => {
    const text = ruleText("  selection:\n    Image: x\n  condition: selection").replace('status: test', 'status: deprecated');
    expect(loadError(text)).toMatch(/status 'deprecated': not loaded/);
    expect(loadError(text.replace('deprecated', 'unsupported'))).toMatch(/status 'unsupported'/);
  });

  it('names the file and the rule in each error', () => {
    const set = compileRuleSet([{ file: 'dir/bad.yml', text: selection("    CommandLine|nope: 'x'") }]);
    expect(set.errors).toEqual([{ file: 'dir/bad.yml', rule: 'test-rule', reason: "'CommandLine|nope': unsupported modifier 'nope'" }]);
  });
});

describe('a bad rule never stops the others', () => {
  const good = (id: string) => ruleText("  selection:\n    Image|endswith: '\\x.exe'\n  condition: selection", { id });

  it('keeps the good documents of a multi-document file and counts every document', () => {
    const text = [good('one'), selection("    Image|bogus: 'x'").replace('test-rule', 'two'), good('three'), ''].join('\n---\n');
    const set = compileRuleSet([{ file: 'multi.yml', text }, { file: 'broken.yml', text: 'title: [' }, { file: 'four.yml', text: good('four') }]);
    expect(set.total).toBe(5);
    expect(set.compiled).toBe(3);
    expect(set.rules.map((rule) => rule.id)).toEqual(['one', 'three', 'four']);
    expect(set.errors.map((error) => error.file).sort()).toEqual(['broken.yml', 'multi.yml']);
  });

  it('reports a duplicate id and keeps the first', () => {
    const set = compileRuleSet([{ file: 'a.yml', text: good('same') }, { file: 'b.yml', text: good('same') }]);
    expect(set.rules.map((rule) => rule.file)).toEqual(['a.yml']);
    expect(set.errors[0]).toMatchObject({ file: 'b.yml', reason: expect.stringMatching(/duplicate rule id/) });
  });

  it('leaves out disabled rules and says so', () => {
    const set = compileRuleSet([{ file: 'a.yml', text: good('keep') }, { file: 'b.yml', text: good('drop') }], { disabled: ['drop'] });
    expect(set.rules.map((rule) => rule.id)).toEqual(['keep']);
    expect(set.errors).toEqual([{ file: 'b.yml', rule: 'drop', reason: 'disabled' }]);
    expect(set.total - set.compiled).toBe(set.errors.length);
  });

  it('ignores custom keys, scope and fields', () => {
    const set = compileOne(good('custom') + 'scope:\n  - server\nfields:\n  - Image\nmy_custom_key: {a: 1}\n');
    expect(set.errors).toEqual([]);
  });
});
