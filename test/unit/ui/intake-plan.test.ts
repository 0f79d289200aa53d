import { describe, expect, it } from 'vitest';
import {
  AUTO_BATCH_MAX_FILES, effectiveGrouping, MAX_FILES_PER_DROP, planCases, splitDrop,
} from '../../../src/ui/state/intake-plan';

const file = (name: string, size = 10) => ({ name, size });

describe('intake', () => {
  it('sends Sigma files to the rules, skips hidden and empty files, keeps the rest as evidence', () => {
    const split = splitDrop([file('a.evtx'), file('rule.yml'), file('Rule.YAML'), file('.DS_Store'), file('empty.log', 0), file('b.xml')]);
    expect(split.evidence.map((f) => f.name)).toEqual(['a.evtx', 'b.xml']);
    expect(split.rules.map((f) => f.name)).toEqual(['rule.yml', 'Rule.YAML']);
    expect(split.skipped.map((f) => f.name)).toEqual(['.DS_Store', 'empty.log']);
    expect(split.overflow).toBe(0);
  });

  it('reads at most MAX_FILES_PER_DROP files of a drop and counts the rest', () => {
    const many = Array.from({ length: MAX_FILES_PER_DROP + 7 }, (_, i) => file(`f${i}.log`));
    const split = splitDrop(many);
    expect(split.evidence).toHaveLength(MAX_FILES_PER_DROP);
    expect(split.overflow).toBe(7);
  });

  it('auto groups a few files into one case and many into one case each', () => {
    expect(effectiveGrouping('auto', 1)).toBe('batch');
    expect(effectiveGrouping('auto', AUTO_BATCH_MAX_FILES)).toBe('batch');
    expect(effectiveGrouping('auto', AUTO_BATCH_MAX_FILES + 1)).toBe('per-file');
    expect(effectiveGrouping('per-host', 1)).toBe('per-host');
    expect(effectiveGrouping('batch', 50)).toBe('batch');
  });

  it('plans cases per grouping', () => {
    const files = [file('a.evtx'), file('b.evtx'), file('c.evtx')];
    expect(planCases(files, 'per-file').map((plan) => plan.title)).toEqual(['a.evtx', 'b.evtx', 'c.evtx']);
    const batch = planCases(files, 'batch');
    expect(batch).toHaveLength(1);
    expect(batch[0]).toMatchObject({ title: 'a.evtx and 2 more', splitByHost: false });
    expect(planCases(files, 'per-host')[0].splitByHost).toBe(true);
    expect(planCases([], 'batch')).toEqual([]);
  });
});
