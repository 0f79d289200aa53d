import { describe, expect, it } from 'vitest';
import type { Attestation, TriageCase, Verdict } from '../../../src/engine/case';
import type { TriageUpdate } from '../../../src/engine/case/triage';
import type { NormalizedEvent } from '../../../src/engine/events';
import { compileRuleSet, RuleEngine } from '../../../src/engine/rules';
import { unpackRow } from '../../../src/ui/bridge/packed-rows';
import type { CaseUpdate } from '../../../src/ui/bridge/protocol';
import { referencedEventIds, summarizeCase } from '../../../src/ui/worker/case-summary';
import { groupByHost, MAX_HOST_CASES, NO_HOST, splitCaseByHost } from '../../../src/ui/worker/host-split';
import { LIVE_INDICATORS, listIndicators, LiveTriage } from '../../../src/ui/worker/live-triage';

const NO_ASSETS = { criticality: {}, roles: {} };

function event(index: number, host: string, image: string, ts: string | null = `2026-01-01T00:0${index % 10}:00Z`): NormalizedEvent {
  return {
    id: `0:${index}`, ts, source: 'sysmon-xml', kind: 'process_creation', host, user: 'CORP\\bob',
    message: `Sysmon 1 process_creation: ${image}`,
    fields: { EventID: '1', Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: host, Image: image, CommandLine: image },
    origin: { file: 'a.xml', offset: index },
  };
}

const RULES = `title: Whoami
id: 0b1b3d4e-1111-4a4a-8b8b-000000000001
name: whoami_run
status: test
description: whoami ran
author: test
date: 2026-01-01
tags: [attack.discovery, attack.t1033]
logsource: {category: process_creation, product: windows}
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
falsepositives: [admins]
level: low
---
title: Whoami burst
id: 0b1b3d4e-1111-4a4a-8b8b-000000000002
status: test
description: three whoami in ten minutes
author: test
date: 2026-01-01
tags: [attack.discovery, attack.t1033]
correlation:
  type: event_count
  rules: [whoami_run]
  generate: true
  timespan: 10m
  condition: {gte: 3}
falsepositives: [admins]
level: high
`;

function wholeCase(events: NormalizedEvent[]): TriageCase {
  return {
    id: 'c1', title: 'batch', createdAt: '2026-01-01T00:00:00Z',
    files: [{ index: 0, name: 'a.xml', size: 100, parserId: 'sysmon-xml', source: 'sysmon-xml', status: 'done', bytesDone: 100, events: events.length, issues: [] }],
    events, indicators: [], attestations: [], unclassified: [], verdict: null,
  };
}

describe('split by host', () => {
  const rules = compileRuleSet([{ file: 'test/whoami.yml', text: RULES }]);

  it('compiles the test rules', () => {
    expect(rules.errors).toEqual([]);
    expect(rules.compiled).toBe(2);
  });

  it('gives each host its own rule pass: a burst spread over two hosts is no burst', () => {
    const events = [event(1, 'WS1', 'C:\\Windows\\System32\\whoami.exe'), event(2, 'WS2', 'C:\\Windows\\System32\\whoami.exe'),
      event(3, 'WS1', 'C:\\Windows\\System32\\whoami.exe'), event(4, 'WS2', 'C:\\Windows\\System32\\whoami.exe'),
      event(5, '', 'C:\\Windows\\notepad.exe')];
    const engine = new RuleEngine(rules);
    for (const one of events) engine.push(one);
    expect(engine.finish().some((a) => a.correlation)).toBe(true);
    const split = splitCaseByHost(wholeCase(events), rules, NO_ASSETS);
    expect(split.map((one) => one.title)).toEqual(['WS1 — batch', 'WS2 — batch', `${NO_HOST} — batch`]);
    expect(split.map((one) => one.id)).toEqual(['c1-h0', 'c1-h1', 'c1-h2']);
    for (const one of split) {
      expect(one.verdict).not.toBeNull();
      expect(one.attestations.some((a) => a.correlation)).toBe(false);
      expect(one.files[0].events).toBe(one.events.length);
    }
    expect(split[0].attestations.map((a) => a.ruleId).sort()).toEqual(['0b1b3d4e-1111-4a4a-8b8b-000000000001', '0b1b3d4e-1111-4a4a-8b8b-000000000001']);
    expect(split[0].events.every((e) => e.host === 'WS1')).toBe(true);

    const oneHost = [event(1, 'WS1', 'C:\\Windows\\System32\\whoami.exe'), event(2, 'WS1', 'C:\\Windows\\System32\\whoami.exe'),
      event(3, 'WS1', 'C:\\Windows\\System32\\whoami.exe')];
    const same = wholeCase(oneHost);
    expect(splitCaseByHost(same, rules, NO_ASSETS)).toEqual([same]);
  });

  it('folds hosts beyond MAX_HOST_CASES into one group', () => {
    const events = Array.from({ length: MAX_HOST_CASES + 5 }, (_, i) => event(i, `H${i}`, 'x.exe'));
    const groups = groupByHost(events);
    expect(groups.size).toBe(MAX_HOST_CASES);
    expect(groups.get('6 other hosts')).toHaveLength(6);
  });
});

describe('case summary', () => {
  it('summarizes hosts by frequency, techniques, times and references', () => {
    const events = [event(1, 'B', 'x'), event(2, 'A', 'x'), event(3, 'A', 'x', null)];
    const attestation = { id: 'a1', ruleId: 'r', ruleTitle: 'r', level: 'high', techniques: ['T1059.001', 'T1003'], tactics: [],
      eventIds: ['0:2'], matches: [], firstTs: null, lastTs: null } as Attestation;
    const triaged = { ...wholeCase(events), attestations: [attestation], verdict: { verdict: 'suspicious', score: 40, confidence: 60, conclusion: '', reasoning: [{ id: 's', section: 'finding', text: 't', weight: 1, refs: [{ kind: 'event', id: '0:3' }] }], nextSteps: [] } as Verdict };
    const summary = summarizeCase(triaged);
    expect(summary.hosts).toEqual(['A', 'B']);
    expect(summary.techniques).toEqual(['T1003', 'T1059.001']);
    expect(summary.firstEventAt).toBe(Date.parse('2026-01-01T00:01:00Z'));
    expect(summary.lastEventAt).toBe(Date.parse('2026-01-01T00:02:00Z'));
    expect(summary).toMatchObject({ verdict: 'suspicious', score: 40, eventCount: 3 });
    expect([...referencedEventIds(triaged)].sort()).toEqual(['0:2', '0:3']);
  });
});

describe('live triage', () => {
  it('streams packed rows, a running parse count, rule lines, progress and the final verdict line', async () => {
    const sent: CaseUpdate[] = [];
    const blob = new Blob(['x'.repeat(1000)]);
    const live = new LiveTriage('c1', 'case', [{ name: 'a.xml', blob }], NO_ASSETS, async (update) => sent.push(update));
    const file = { index: 0, name: 'a.xml', size: 1000, parserId: 'sysmon-xml', source: 'sysmon-xml' as const, status: 'reading' as const, bytesDone: 0, events: 0, issues: [] };
    const events = [event(1, 'WS1', 'C:\\Windows\\System32\\whoami.exe'), event(2, 'WS1', 'cmd.exe')];
    const attestation = { id: 'a1', ruleId: 'r1', ruleTitle: 'Whoami', level: 'low', techniques: ['T1033'], tactics: ['discovery'],
      eventIds: ['0:1'], matches: [], firstTs: null, lastTs: null } as Attestation;
    const updates: TriageUpdate[] = [
      { type: 'file', file },
      { type: 'events', fileIndex: 0, events },
      { type: 'attestations', attestations: [attestation] },
      { type: 'attestations', attestations: [{ ...attestation, id: 'a2' }] },
      { type: 'file', file: { ...file, bytesDone: 1000, events: 2, issues: [{ file: 'a.xml', offset: 7, reason: 'bad', severity: 'error' }] } },
      { type: 'file', file: { ...file, status: 'done', bytesDone: 1000, events: 2, issues: [{ file: 'a.xml', offset: 7, reason: 'bad', severity: 'error' }] } },
      { type: 'verdict', verdict: { verdict: 'suspicious', score: 40, confidence: 50, conclusion: 'c', reasoning: [{ id: 's1', section: 'finding', text: 'whoami ran', weight: 20, refs: [] }], nextSteps: [] }, previous: null },
    ];
    for (const update of updates) live.apply(update);
    await live.finish();

    const rows = sent.flatMap((update) => (update.rows ? Array.from({ length: update.rows.times.length }, (_, i) => unpackRow(update.rows!, i)) : []));
    expect(rows.map((r) => r?.id)).toEqual(['0:1', '0:2']);
    const stream = new Map(sent.flatMap((update) => update.stream ?? []).map((entry) => [entry.key, entry]));
    expect(stream.get('parse:0')?.text).toBe('Parsed 2 events of a.xml');
    expect(stream.get('rule:r1')?.text).toContain('matched 2 times');
    expect(stream.get('rule:r1')?.ref).toEqual({ kind: 'attestation', id: 'a2' });
    expect(stream.get('issue:0:0')?.text).toContain('at byte 7: bad');
    expect(stream.get('file:0:end')?.text).toBe('Finished a.xml: 2 events, 1 errors, 0 warnings');
    expect([...stream.values()].some((entry) => entry.kind === 'verdict' && entry.text.includes('suspicious') && entry.text.includes('whoami ran'))).toBe(true);
    const progress = sent.filter((update) => update.progress).at(-1)?.progress ?? [];
    expect(progress.find((step) => step.key === 'read')).toMatchObject({ done: 1000, total: 1000 });
    expect(progress.find((step) => step.key === 'rules')).toMatchObject({ done: 2, total: 2 });
    expect(sent.at(-1)?.report).toBeUndefined();
    expect(live.arrivalOrder([events[1], events[0]])).toEqual(new Uint32Array([1, 0]));
  });

  it('keeps the most frequent indicators for the live list, without event references', () => {
    const many = Array.from({ length: LIVE_INDICATORS + 10 }, (_, i) => ({
      type: 'domain' as const, value: `d${i}.example`, defanged: `d${i}[.]example`, eventIds: ['0:1'], count: i, firstSeen: null,
      lastSeen: null, tier: 'unknown' as const, sources: [],
    }));
    const listed = listIndicators(many);
    expect(listed).toHaveLength(LIVE_INDICATORS);
    expect(listed[0].count).toBe(LIVE_INDICATORS + 9);
    expect(listed.every((indicator) => indicator.eventIds.length === 0)).toBe(true);
  });
});
