import { describe, expect, it } from 'vitest';
import { parseCondition } from '../../../src/engine/rules/condition';
import { RuleEngine } from '../../../src/engine/rules';
import { compileOne, matcher, ruleText, sysmon } from './helpers';

const IDENTIFIERS = [
  "  selection_a:\n    CommandLine|contains: 'alpha'",
  "  selection_b:\n    CommandLine|contains: 'beta'",
  "  filter_x:\n    User: 'SYSTEM'",
  "  _helper:\n    CommandLine|contains: 'helper'",
].join('\n');

const byCondition = (condition: string) => matcher(`${IDENTIFIERS}\n  condition: ${condition}`);
const run = (condition: string, commandLine: string, user = 'bob') => byCondition(condition)(sysmon({ CommandLine: commandLine, User: user }));

describe('condition grammar (Sigma spec section 4)', () => {
  it('parses into a tree with or < and < not precedence', () => {
    expect(parseCondition('a or b and not c')).toEqual({
      type: 'or',
      children: [{ type: 'id', name: 'a' }, { type: 'and', children: [{ type: 'id', name: 'b' }, { type: 'not', child: { type: 'id', name: 'c' } }] }],
    });
    expect(parseCondition('(a or b) and c')).toEqual({
      type: 'and',
      children: [{ type: 'or', children: [{ type: 'id', name: 'a' }, { type: 'id', name: 'b' }] }, { type: 'id', name: 'c' }],
    });
    expect(parseCondition('1 of sel_* and not all of filter_*')).toEqual({
      type: 'and',
      children: [{ type: 'of', quantifier: 'one', pattern: 'sel_*' }, { type: 'not', child: { type: 'of', quantifier: 'all', pattern: 'filter_*' } }],
    });
  });

  it('evaluates and, or, not and parentheses', () => {
    expect(run('selection_a and selection_b', 'alpha beta')).toBe(true);
    expect(run('selection_a and selection_b', 'alpha')).toBe(false);
    expect(run('selection_a or selection_b', 'beta')).toBe(true);
    expect(run('selection_a and not filter_x', 'alpha', 'SYSTEM')).toBe(false);
    expect(run('selection_a and not filter_x', 'alpha', 'bob')).toBe(true);
    expect(run('selection_b or selection_a and filter_x', 'alpha', 'bob')).toBe(false);
    expect(run('(selection_b or selection_a) and filter_x', 'alpha', 'SYSTEM')).toBe(true);
    expect(run('not not selection_a', 'alpha')).toBe(true);
  });

  it('1 of / any of / all of a pattern', () => {
    expect(run('1 of selection_*', 'beta')).toBe(true);
    expect(run('any of selection_*', 'beta')).toBe(true);
    expect(run('all of selection_*', 'beta')).toBe(false);
    expect(run('all of selection_*', 'alpha beta')).toBe(true);
  });

  it('them covers every identifier except those starting with _', () => {
    expect(run('1 of them', 'helper')).toBe(false);
    expect(run('all of them', 'alpha beta', 'SYSTEM')).toBe(true);
    expect(run('all of them', 'alpha beta helper', 'bob')).toBe(false);
  });

  it('a pattern starting with _ selects the _ identifiers', () => {
    expect(run('1 of _*', 'helper')).toBe(true);
    expect(run('1 of *', 'helper')).toBe(false);
  });

  it('a condition list is an OR of its expressions', () => {
    const match = matcher(`${IDENTIFIERS}\n  condition:\n    - selection_a and filter_x\n    - selection_b`);
    expect(match(sysmon({ CommandLine: 'alpha', User: 'SYSTEM' }))).toBe(true);
    expect(match(sysmon({ CommandLine: 'beta', User: 'bob' }))).toBe(true);
    expect(match(sysmon({ CommandLine: 'alpha', User: 'bob' }))).toBe(false);
  });

  it('records the matching field values of the true, non-negated parts', () => {
    const set = compileOne(ruleText(`${IDENTIFIERS}\n  condition: (selection_a or selection_b) and not filter_x`));
    const found = new RuleEngine(set).push(sysmon({ CommandLine: 'alpha only', User: 'bob', Image: 'x' }));
    expect(found).toHaveLength(1);
    expect(found[0].matches[0].fields).toEqual({ CommandLine: 'alpha only' });
  });
});

describe('condition errors', () => {
  const reason = (condition: string) => {
    const set = compileOne(ruleText(`${IDENTIFIERS}\n  condition: ${condition}`));
    expect(set.compiled).toBe(0);
    return set.errors[0]?.reason ?? '';
  };

  it('reports an unknown identifier', () => expect(reason('selection_a and selection_c')).toMatch(/unknown identifier 'selection_c'/));
  it('reports a pattern that matches no identifier', () => expect(reason('1 of nothing_*')).toMatch(/matches no identifier/));
  it('rejects obsolete pipe aggregations', () => expect(reason('selection_a | count(User) by Image > 5')).toMatch(/obsolete pipe aggregation/));
  it('rejects near', () => expect(reason('selection_a near selection_b')).toMatch(/unexpected 'selection_b'|near/));
  it('rejects unbalanced parentheses', () => expect(reason('(selection_a or selection_b')).toMatch(/expected '\)'/));
  it('rejects a dangling operator', () => expect(reason('selection_a and')).toMatch(/expected an identifier/));
  it('rejects uppercase operators as identifiers it does not know', () => expect(reason('selection_a AND selection_b')).toMatch(/unexpected 'AND'/));
});
