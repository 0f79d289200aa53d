/** A small, hand-written case report: two files, three events, two rules, four indicators. */
import { CASE_REPORT_SCHEMA, type CaseReport, type ReportTactic } from '../../../src/engine/report';

const ALL_TACTICS: Array<[string, string]> = [
  ['reconnaissance', 'Reconnaissance'],
  ['initial-access', 'Initial Access'],
  ['execution', 'Execution'],
  ['persistence', 'Persistence'],
  ['stealth', 'Stealth'],
  ['credential-access', 'Credential Access'],
  ['command-and-control', 'Command and Control'],
];

export function tactics(placed: Record<string, string[]>): ReportTactic[] {
  return ALL_TACTICS.map(([shortname, name], index) => ({
    id: `TA${index}`,
    shortname,
    name,
    order: index + 1,
    techniques: placed[shortname] ?? [],
  }));
}

export function sampleReport(): CaseReport {
  return {
    schema: CASE_REPORT_SCHEMA,
    id: 'case-7',
    title: 'sysmon.evtx, fw.log',
    created_at: '2026-11-27T18:00:00.000Z',
    verdict: 'incident',
    score: 87,
    confidence: 70,
    conclusion: 'PowerShell downloaded a payload from http://evil.example.com/a.ps1 and dumped LSASS.',
    reasoning: [
      { id: 'r1', section: 'finding', text: 'Encoded PowerShell', weight: 30, refs: [{ kind: 'attestation', id: 'a1' }, { kind: 'event', id: '0:100' }] },
      { id: 'r2', section: 'telemetry', text: 'Sysmon present', weight: -5, refs: [{ kind: 'file', id: '0' }] },
      { id: 'r3', section: 'finding', text: 'LSASS access', weight: 40, refs: [{ kind: 'attestation', id: 'a2' }] },
      { id: 'r4', section: 'unclassified', text: 'Rare beacon', weight: 10, refs: [{ kind: 'unclassified', id: 'u1' }, { kind: 'event', id: '0:100' }] },
    ],
    techniques: [
      { id: 'T1059.001', name: 'PowerShell', tactics: ['execution'], rule_ids: ['rule-ps'], event_ids: ['0:100'], event_count: 1, attestation_ids: ['a1'], max_level: 'high' },
      { id: 'T1003.001', name: 'LSASS Memory', tactics: ['credential-access'], rule_ids: ['rule-lsass'], event_ids: ['0:200'], event_count: 1, attestation_ids: ['a2'], max_level: 'critical' },
    ],
    tactics: tactics({ execution: ['T1059.001'], 'credential-access': ['T1003.001'] }),
    indicators: [
      { type: 'url', value: 'http://evil.example.com/a.ps1', defanged: 'hxxp[://]evil[.]example[.]com/a[.]ps1', tier: 'unknown', sources: [], count: 1, event_ids: ['0:100'], first_seen: '2026-11-27T10:00:00Z', last_seen: '2026-11-27T10:00:00Z', false_positive: false },
      { type: 'domain', value: 'evil.example.com', defanged: 'evil[.]example[.]com', tier: 'high', sources: [], count: 3, event_ids: ['0:100', '1:0'], first_seen: '2026-11-27T10:00:00Z', last_seen: '2026-11-27T11:00:00Z', false_positive: false },
      { type: 'ipv4', value: '203.0.113.9', defanged: '203[.]0[.]113[.]9', scope: 'reserved', tier: 'unknown', sources: [], count: 5, event_ids: ['1:0'], first_seen: null, last_seen: null, false_positive: false },
      { type: 'ipv4', value: '8.8.8.8', defanged: '8[.]8[.]8[.]8', scope: 'public', tier: 'benign', sources: [], count: 5, event_ids: ['1:0'], first_seen: '2026-11-27T09:00:00Z', last_seen: '2026-11-27T12:00:00Z', false_positive: true },
    ],
    attestations: [
      { id: 'a1', rule_id: 'rule-ps', rule_title: 'Encoded PowerShell download', level: 'high', techniques: ['T1059.001'], tactics: ['execution'], event_ids: ['0:100'], matches: [{ event_id: '0:100', fields: { CommandLine: 'powershell -enc AAA' } }], first_ts: '2026-11-27T10:00:00Z', last_ts: '2026-11-27T10:00:00Z' },
      { id: 'a2', rule_id: 'rule-lsass', rule_title: 'LSASS access', level: 'critical', techniques: ['T1003.001'], tactics: ['credential-access'], event_ids: ['0:200'], matches: [{ event_id: '0:200', fields: { TargetImage: 'C:\\Windows\\System32\\lsass.exe' } }], first_ts: '2026-11-27T10:05:00Z', last_ts: '2026-11-27T10:05:00Z' },
    ],
    unclassified: [
      { id: 'u1', severity: 'medium', reason: 'Beacon to evil.example.com every 60 s', event_ids: ['1:0'], indicators: ['evil.example.com', 'unseen.example.org'] },
      { id: 'u2', severity: 'high', reason: 'Log cleared', event_ids: ['0:200'], indicators: [] },
    ],
    next_steps: [
      { kind: 'confidence', text: 'Collect the PowerShell operational log' },
      { kind: 'containment', text: 'Isolate WS1', targets: ['WS1'] },
      { kind: 'collection', text: 'Acquire LSASS dump', technique_id: 'T1003.001' },
      { kind: 'containment', text: 'Block evil.example.com' },
    ],
    timeline: [
      { ts: '2026-11-27T10:00:00Z', event_id: '0:100', source: 'evtx', kind: 'process_creation', host: 'WS1', user: 'bob', message: 'powershell fetched http://evil.example.com/a.ps1', file: 'sysmon.evtx', offset: 100, record: 4, attestation_ids: ['a1'], unclassified_ids: [], reasoning_ids: ['r1', 'r4'] },
      { ts: '2026-11-27T10:05:00Z', event_id: '0:200', source: 'evtx', kind: 'process_access', host: 'WS1', user: 'bob', message: 'lsass opened', file: 'sysmon.evtx', offset: 200, record: 5, attestation_ids: ['a2'], unclassified_ids: ['u2'], reasoning_ids: [] },
    ],
    timeline_complete: false,
    timeline_omitted: 0,
    files: [
      { index: 0, name: 'sysmon.evtx', parser: 'evtx', source: 'evtx', size: 69632, status: 'done', events: 2, errors: 0, warnings: 1, issues: [{ offset: 4096, reason: 'bad CRC', structure: 'chunk header', severity: 'warning' }], issues_omitted: 0 },
      { index: 1, name: 'fw.log', parser: 'firewall', source: 'firewall', size: 120, status: 'done', events: 1, errors: 0, warnings: 0, issues: [], issues_omitted: 0 },
    ],
    counts: {
      events: 3,
      files: 2,
      indicators: { ipv4: 2, ipv6: 0, domain: 1, url: 1, email: 0, md5: 0, sha1: 0, sha256: 0 },
      attestations: { informational: 0, low: 0, medium: 0, high: 1, critical: 1 },
      techniques: 2,
      unclassified: 2,
      parse_errors: 0,
      parse_warnings: 1,
    },
    events: [
      { id: '1:0', ts: '2026-11-27T11:00:00Z', source: 'firewall', kind: 'firewall', host: 'fw', user: '', message: 'allow 10.0.0.5 -> 203.0.113.9:443', fields: { src_ip: '10.0.0.5', dst_ip: '203.0.113.9', dst_port: 443, blocked: false }, origin: { file: 'fw.log', offset: 0, line: 1 } },
    ],
  };
}
