import { describe, expect, it } from 'vitest';
import { compileRuleSet, shippedRuleSources } from '../../../src/engine/rules';

describe('shipped rules', () => {
  it('are bundled from rules/ with paths relative to it, in a fresh array each call', () => {
    const first = shippedRuleSources();
    expect(first.length).toBeGreaterThan(0);
    for (const source of first) expect(source.file).toMatch(/^[a-z0-9_]+\/[^/]+\.yml$/);
    first.pop();
    expect(shippedRuleSources().length).toBe(first.length + 1);
  });

  it('all compile', () => {
    const set = compileRuleSet(shippedRuleSources());
    expect(set.errors).toEqual([]);
    expect(set.compiled).toBe(set.total);
    expect(new Set(set.rules.map((rule) => rule.id)).size).toBe(set.rules.length);
  });
});
