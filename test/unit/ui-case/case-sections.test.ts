import { describe, expect, it } from 'vitest';
import type { ReportReasoningStep } from '../../../src/engine/report';
import {
  decidedVerdict,
  groupNextSteps,
  groupReasoning,
  orderUnclassified,
  sectionWeight,
  splitConclusion,
} from '../../../src/ui/case/case-sections';
import { sampleReport } from './report-fixture';

describe('groupReasoning', () => {
  it('groups in the fixed section order and keeps the engine order inside a section', () => {
    const groups = groupReasoning(sampleReport().reasoning);
    expect(groups.map((group) => group.key)).toEqual(['finding', 'telemetry', 'unclassified']);
    expect(groups[0].items.map((step) => step.id)).toEqual(['r1', 'r3']);
    expect(groups[0].title).toBe('Findings');
  });

  it('keeps a section it does not know under a heading of its own', () => {
    const steps = [{ id: 'x', section: 'peer-review', text: 't', weight: 1, refs: [] }] as unknown as ReportReasoningStep[];
    expect(groupReasoning(steps)).toEqual([{ key: 'peer-review', title: 'peer-review', items: steps }]);
  });

  it('sums section weights and ignores non-finite ones', () => {
    expect(sectionWeight(groupReasoning(sampleReport().reasoning)[0].items)).toBe(70);
    expect(sectionWeight([{ id: 'a', section: 'finding', text: '', weight: Number.NaN, refs: [] }])).toBe(0);
  });
});

describe('groupNextSteps', () => {
  it('orders containment, collection, confidence', () => {
    const groups = groupNextSteps(sampleReport().next_steps);
    expect(groups.map((group) => group.key)).toEqual(['containment', 'collection', 'confidence']);
    expect(groups[0].items.map((step) => step.text)).toEqual(['Isolate WS1', 'Block evil.example.com']);
  });
  it('is empty for no steps', () => {
    expect(groupNextSteps([])).toEqual([]);
  });
});

describe('orderUnclassified', () => {
  it('puts high severity first and keeps the report order otherwise', () => {
    expect(orderUnclassified(sampleReport().unclassified).map((item) => item.id)).toEqual(['u2', 'u1']);
  });
});

describe('decidedVerdict', () => {
  it('reads a decided verdict', () => {
    expect(decidedVerdict({ verdict: 'noise' })).toBe('noise');
  });
  it('treats pending, null and unknown values as no verdict', () => {
    expect(decidedVerdict({ verdict: 'pending' })).toBeNull();
    expect(decidedVerdict({ verdict: null as never })).toBeNull();
    expect(decidedVerdict({ verdict: 'maybe' as never })).toBeNull();
  });
});

describe('splitConclusion', () => {
  it('turns [step-N] into citations and keeps the prose around them', () => {
    expect(splitConclusion('Incident: escalate. Rule A matched. [step-1] Rule B matched. [step-12]')).toEqual([
      { text: 'Incident: escalate. Rule A matched.' },
      { step: 'step-1' },
      { text: ' Rule B matched.' },
      { step: 'step-12' },
    ]);
  });
  it('leaves text without citations, and brackets that are not citations, as they are', () => {
    expect(splitConclusion('Noise: nothing [here].')).toEqual([{ text: 'Noise: nothing [here].' }]);
    expect(splitConclusion('')).toEqual([]);
  });
});
