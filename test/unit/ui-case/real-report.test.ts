/**
 * The case document's logic against a report built by the real report builder, so a change in the report's shape
 * that the UI would mis-read shows up here and not only in a browser.
 */
import { describe, expect, it } from 'vitest';
import type { Attestation, Indicator, TriageCase, Verdict } from '../../../src/engine/case';
import type { NormalizedEvent } from '../../../src/engine/events';
import { buildCaseReport } from '../../../src/engine/report';
import { decidedVerdict, groupReasoning } from '../../../src/ui/case/case-sections';
import { buildEvidenceIndex, describeRef } from '../../../src/ui/case/evidence-index';
import { layoutMatrix } from '../../../src/ui/case/matrix-layout';

const event: NormalizedEvent = {
  id: '0:512',
  ts: '2026-11-27T10:00:00.1234567Z',
  source: 'evtx',
  kind: 'process_creation',
  host: 'WS1',
  user: 'bob',
  message: 'powershell -enc ... http://evil.example.com/a.ps1',
  fields: { Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', CommandLine: 'powershell -enc AAA' },
  origin: { file: 'sysmon.evtx', offset: 512, record: 3 },
};

const attestation: Attestation = {
  id: 'att-1',
  ruleId: 'rule-ps-enc',
  ruleTitle: 'Encoded PowerShell',
  level: 'high',
  techniques: ['T1059.001'],
  tactics: ['execution'],
  eventIds: [event.id],
  matches: [{ eventId: event.id, fields: { CommandLine: 'powershell -enc AAA' } }],
  firstTs: event.ts,
  lastTs: event.ts,
};

const indicator: Indicator = {
  type: 'domain',
  value: 'evil.example.com',
  defanged: 'evil[.]example[.]com',
  eventIds: [event.id],
  count: 1,
  firstSeen: event.ts,
  lastSeen: event.ts,
  tier: 'unknown',
  sources: [],
};

function triaged(verdict: Verdict | null): TriageCase {
  return {
    id: 'case-1',
    title: 'sysmon.evtx',
    createdAt: '2026-11-27T10:01:00Z',
    files: [{ index: 0, name: 'sysmon.evtx', size: 4096, parserId: 'evtx', source: 'evtx', status: 'done', bytesDone: 4096, events: 1, issues: [] }],
    events: [event],
    indicators: [indicator],
    attestations: [attestation],
    unclassified: [],
    verdict,
  };
}

describe('case document logic on a built report', () => {
  it('shows a pending report as pending, with its matched technique already on the map', () => {
    const report = buildCaseReport(triaged(null));
    expect(decidedVerdict(report)).toBeNull();
    const execution = layoutMatrix(report.tactics, report.techniques).find((column) => column.shortname === 'execution');
    expect(execution?.cells.map((cell) => cell.technique.id)).toEqual(['T1059.001']);
  });

  it('links every reasoning reference and event to what the report holds', () => {
    const verdict: Verdict = {
      verdict: 'suspicious',
      score: 55,
      confidence: 60,
      conclusion: 'Encoded PowerShell ran on WS1.',
      reasoning: [{ id: 'r1', section: 'finding', text: 'Encoded PowerShell', weight: 25, refs: [{ kind: 'attestation', id: 'att-1' }, { kind: 'event', id: event.id }] }],
      nextSteps: [],
    };
    const report = buildCaseReport(triaged(verdict));
    expect(decidedVerdict(report)).toBe('suspicious');
    const index = buildEvidenceIndex(report);
    expect(index.attestationsOfEvent(event.id).map((item) => item.id)).toEqual(['att-1']);
    expect(index.indicatorsOfEvent(event.id).map((item) => item.defanged)).toEqual(['evil[.]example[.]com']);
    expect(index.fileOfEvent(event.id)?.name).toBe('sysmon.evtx');
    expect(groupReasoning(report.reasoning).map((group) => group.key)).toEqual(['finding']);
    const labels = report.reasoning[0].refs.map((ref) => describeRef(ref, index));
    expect(labels[0]).toBe('Encoded PowerShell');
    expect(labels[1]).toContain('2026-11-27 10:00:00.1234567Z');
    expect(labels[1]).not.toContain('http://evil.example.com');
  });
});
