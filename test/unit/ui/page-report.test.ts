import { describe, expect, it } from 'vitest';
import type { CaseReport } from '../../../src/engine/report';
import { PAGE_ATTESTATIONS, PAGE_EVENT_REFS, PAGE_TIMELINE_ENTRIES, pageReport } from '../../../src/ui/worker/page-report';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `0:${i}`);

function bigReport(): CaseReport {
  const attestations = Array.from({ length: PAGE_ATTESTATIONS + 20 }, (_, i) => ({
    id: `a${i}`, rule_id: 'r', rule_title: 'r', level: 'high' as const, techniques: ['T1059'], tactics: ['execution'],
    event_ids: ids(3), matches: Array.from({ length: 80 }, (_, j) => ({ event_id: `0:${j}`, fields: {} })), first_ts: null, last_ts: null,
  }));
  return {
    schema: 'soc-triage/case-report@1', id: 'c', title: 't', created_at: '2026-01-01T00:00:00Z', verdict: 'incident', score: 90,
    confidence: 80, conclusion: 'c',
    reasoning: [{ id: 's', section: 'finding', text: 't', weight: 10, refs: [{ kind: 'attestation', id: `a${PAGE_ATTESTATIONS + 5}` }] }],
    techniques: [{ id: 'T1059', name: 'x', tactics: ['execution'], rule_ids: ['r'], event_ids: ids(500), event_count: 9000, attestation_ids: ids(700), max_level: 'high' }],
    tactics: [],
    indicators: [{ type: 'domain', value: 'a.example', defanged: 'a[.]example', tier: 'unknown', sources: [], count: 900, event_ids: ids(500), first_seen: null, last_seen: null, false_positive: false }],
    attestations,
    unclassified: [{ id: 'u', severity: 'high', reason: 'r', event_ids: ids(300), indicators: [] }],
    next_steps: [],
    timeline: Array.from({ length: PAGE_TIMELINE_ENTRIES + 3 }, (_, i) => ({
      ts: null, event_id: `0:${i}`, source: 'evtx' as const, kind: 'log' as const, host: 'h', user: 'u', message: 'm', file: 'f',
      offset: i, record: null, attestation_ids: [], unclassified_ids: [], reasoning_ids: [],
    })),
    timeline_complete: true,
    timeline_omitted: 4,
    files: [],
    counts: {} as CaseReport['counts'],
  };
}

describe('page report', () => {
  it('caps every growing list, keeps cited attestations and exact counts, and says what the timeline left out', () => {
    const page = pageReport(bigReport());
    expect(page.indicators[0].event_ids).toHaveLength(PAGE_EVENT_REFS);
    expect(page.indicators[0].count).toBe(900);
    expect(page.techniques[0].event_ids).toHaveLength(PAGE_EVENT_REFS);
    expect(page.techniques[0].event_count).toBe(9000);
    expect(page.unclassified[0].event_ids).toHaveLength(PAGE_EVENT_REFS);
    expect(page.attestations).toHaveLength(PAGE_ATTESTATIONS + 1);
    expect(page.attestations.at(-1)?.id).toBe(`a${PAGE_ATTESTATIONS + 5}`);
    expect(page.attestations[0].matches).toHaveLength(50);
    expect(page.timeline).toHaveLength(PAGE_TIMELINE_ENTRIES);
    expect(page.timeline_complete).toBe(false);
    expect(page.timeline_omitted).toBe(7);
  });

  it('leaves a report under every cap unchanged', () => {
    const big = bigReport();
    const small: CaseReport = {
      ...big,
      attestations: big.attestations.slice(0, 2).map((a) => ({ ...a, matches: a.matches.slice(0, 2) })),
      timeline: big.timeline.slice(0, 3),
      indicators: big.indicators.map((i) => ({ ...i, event_ids: ids(2) })),
      techniques: big.techniques.map((t) => ({ ...t, event_ids: ids(2), attestation_ids: ['a0', 'a1'] })),
      unclassified: big.unclassified.map((u) => ({ ...u, event_ids: ids(1) })),
    };
    expect(pageReport(small)).toEqual(small);
  });
});
