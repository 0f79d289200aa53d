import { describe, expect, it } from 'vitest';
import { TACTICS } from '../../../src/engine/mitre';
import { buildCaseReport, CASE_REPORT_SCHEMA, renderCaseReport, REPORT_MAX_TIMELINE_ENTRIES, SMALL_CASE_EVENTS } from '../../../src/engine/report';
import { bigCase, pendingCase, sampleCase } from './fixtures';

describe('buildCaseReport', () => {
  it('carries the verdict and the case identity with snake_case keys', () => {
    const report = buildCaseReport(sampleCase());
    expect(report.schema).toBe(CASE_REPORT_SCHEMA);
    expect(report).toMatchObject({ id: 'case-42', created_at: '2026-03-01T12:00:00.000Z', verdict: 'incident', score: 86, confidence: 72 });
    expect(report.reasoning.map((step) => step.id)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    expect(report.next_steps[0]).toMatchObject({ kind: 'containment', technique_id: 'T1059.001' });
    expect(report.attestations[2].correlation).toEqual({ type: 'temporal_ordered', group_by: { host: 'WS01.corp.example' }, rules: ['rule-phish-base', 'rule-ps-encoded'] });
    expect(report.indicators.find((i) => i.value === 'update.example.org')?.false_positive).toBe(true);
    expect(report.indicators.find((i) => i.value === 'evil-domain.com')?.false_positive).toBe(false);
  });

  it('renders a case without a verdict as pending', () => {
    const report = buildCaseReport(pendingCase());
    expect(report.verdict).toBe('pending');
    expect(report.score).toBeNull();
    expect(report.confidence).toBeNull();
    expect(report.reasoning).toEqual([]);
    expect(JSON.parse(renderCaseReport(report, 'json') as string).verdict).toBe('pending');
  });

  it('merges techniques across attestations with their rules, events and highest level', () => {
    const report = buildCaseReport(sampleCase());
    const powershell = report.techniques.find((t) => t.id === 'T1059.001');
    expect(powershell).toMatchObject({
      name: 'PowerShell',
      parent: 'T1059',
      tactics: ['execution'],
      rule_ids: ['rule-phish', 'rule-ps-encoded'],
      attestation_ids: ['att-1', 'att-3'],
      max_level: 'critical',
      event_count: 2,
    });
    expect(powershell?.event_ids).toEqual(['0:1512', '0:2024']);
    // Most severe first: both critical techniques before the medium one.
    expect(report.techniques.map((t) => t.id)).toEqual(['T1059.001', 'T1566.001', 'T1053.005']);
  });

  it('shows a technique under the tactics its rule names when ATT&CK lists them, not all of its tactics', () => {
    const schtasks = buildCaseReport(sampleCase()).techniques.find((t) => t.id === 'T1053.005');
    expect(schtasks?.tactics).toEqual(['persistence']);
  });

  it('falls back to ATT&CK tactics when the rule names a tactic the technique does not belong to', () => {
    const triaged = sampleCase();
    triaged.attestations[1].tactics = ['discovery'];
    const schtasks = buildCaseReport(triaged).techniques.find((t) => t.id === 'T1053.005');
    expect(schtasks?.tactics.sort()).toEqual(['execution', 'persistence', 'privilege-escalation']);
  });

  it('keeps an id the ATT&CK data does not know, with its rule tactics and no name', () => {
    const triaged = sampleCase();
    triaged.attestations[1].techniques = ['T9999'];
    triaged.attestations[1].tactics = ['attack.defense_evasion'];
    const report = buildCaseReport(triaged);
    expect(report.techniques.find((t) => t.id === 'T9999')).toMatchObject({ name: null, tactics: ['stealth'] });
    expect(report.tactics.find((t) => t.shortname === 'stealth')?.techniques).toContain('T9999');
  });

  it('lays out every tactic in kill-chain order with its matched techniques', () => {
    const report = buildCaseReport(sampleCase());
    expect(report.tactics.map((t) => t.shortname)).toEqual(TACTICS.map((t) => t.shortname));
    expect(report.tactics.find((t) => t.shortname === 'execution')?.techniques).toEqual(['T1059.001']);
    expect(report.tactics.find((t) => t.shortname === 'initial-access')?.techniques).toEqual(['T1566.001']);
    expect(report.tactics.find((t) => t.shortname === 'discovery')?.techniques).toEqual([]);
  });

  it('puts every event of a small case on the timeline, in time order, with why each is there', () => {
    const report = buildCaseReport(sampleCase());
    expect(report.timeline_complete).toBe(true);
    expect(report.timeline).toHaveLength(8);
    expect(report.timeline[0].ts).toBeNull();
    const powershell = report.timeline.find((entry) => entry.event_id === '0:2024');
    expect(powershell).toMatchObject({ attestation_ids: ['att-3', 'att-1'], reasoning_ids: ['r2'], file: 'Security.evtx', offset: 2024, record: 102 });
    expect(report.timeline.find((entry) => entry.event_id === '0:1000')).toMatchObject({ unclassified_ids: ['u1'], reasoning_ids: ['r5'] });
  });

  it('keeps only cited events on the timeline of a large case', () => {
    const report = buildCaseReport(bigCase(SMALL_CASE_EVENTS));
    expect(report.timeline_complete).toBe(false);
    expect(report.timeline.map((entry) => entry.event_id).sort()).toEqual(['0:1000', '0:1512', '0:2024', '0:4072']);
    expect(report.counts.events).toBe(SMALL_CASE_EVENTS + 8);
  });

  it('caps the timeline and counts what it left out, keeping the most severe evidence', () => {
    const triaged = bigCase(REPORT_MAX_TIMELINE_ENTRIES + 10);
    const filler = triaged.events.filter((e) => e.message.startsWith('filler')).map((e) => e.id);
    triaged.attestations.push({ ...triaged.attestations[1], id: 'att-noisy', level: 'informational', eventIds: filler, matches: [] });
    const report = buildCaseReport(triaged);
    expect(report.timeline).toHaveLength(REPORT_MAX_TIMELINE_ENTRIES);
    expect(report.timeline_omitted).toBe(14);
    const shown = new Set(report.timeline.map((entry) => entry.event_id));
    for (const id of ['0:1000', '0:1512', '0:2024', '0:4072']) expect(shown.has(id)).toBe(true);
  });

  it('ignores references to events the case does not hold', () => {
    const triaged = sampleCase();
    triaged.attestations[0].eventIds.push('9:999');
    const report = buildCaseReport(triaged);
    expect(report.timeline.some((entry) => entry.event_id === '9:999')).toBe(false);
  });

  it('counts indicators by type, attestations by level and issues by severity', () => {
    const { counts, files } = buildCaseReport(sampleCase());
    expect(counts.indicators).toEqual({ ipv4: 1, ipv6: 0, domain: 2, url: 2, email: 1, md5: 1, sha1: 1, sha256: 1 });
    expect(counts.attestations).toEqual({ informational: 0, low: 0, medium: 1, high: 1, critical: 1 });
    expect(counts).toMatchObject({ events: 8, files: 1, techniques: 3, unclassified: 1, parse_errors: 1, parse_warnings: 1 });
    expect(files[0]).toMatchObject({ name: 'Security.evtx', parser: 'evtx', errors: 1, warnings: 1, issues_omitted: 0 });
  });

  it('includes events by default and leaves them out on request', () => {
    expect(buildCaseReport(sampleCase()).events).toHaveLength(8);
    expect(buildCaseReport(sampleCase(), { includeEvents: false }).events).toBeUndefined();
  });

  it('is total over an empty case', () => {
    const report = buildCaseReport({ id: 'empty', title: '', createdAt: '2026-03-01T00:00:00.000Z', files: [], events: [], indicators: [], attestations: [], unclassified: [], verdict: null });
    expect(report.timeline).toEqual([]);
    expect(report.techniques).toEqual([]);
    expect(report.tactics).toHaveLength(TACTICS.length);
    for (const format of ['json', 'html', 'pdf', 'navigator', 'stix', 'csv'] as const) expect(renderCaseReport(report, format).length).toBeGreaterThan(0);
  });

  it('does not share mutable state with the case', () => {
    const triaged = sampleCase();
    const report = buildCaseReport(triaged);
    report.attestations[0].event_ids.push('x');
    report.indicators[0].event_ids.push('x');
    expect(triaged.attestations[0].eventIds).not.toContain('x');
    expect(triaged.indicators[0].eventIds).not.toContain('x');
  });
});
