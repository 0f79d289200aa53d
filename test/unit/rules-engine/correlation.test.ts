import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../src/engine/rules';
import { attestations, event } from './helpers';

const BASES = `
title: LSASS read
id: base-lsass-read
name: lsass_read
logsource:
  category: process_access
  product: windows
detection:
  selection:
    TargetImage|endswith: '\\lsass.exe'
  condition: selection
level: low
---
title: Dump written
id: base-dump-written
name: dump_written
logsource:
  category: file_event
  product: windows
detection:
  selection:
    TargetFilename|endswith: '.dmp'
  condition: selection
level: low
`;

const sequence = (type: string, extra = '') => `${BASES}
---
title: LSASS read then dump
id: lsass-sequence
correlation:
  type: ${type}
  rules:
    - lsass_read
    - dump_written
  aliases:
    process:
      lsass_read: SourceProcessGUID
      dump_written: ProcessGuid
  group-by:
    - process
  timespan: 2m
${extra}
tags:
  - attack.credential-access
  - attack.t1003.001
level: critical
`;

const at = (seconds: number) => new Date(Date.UTC(2024, 0, 1, 10, 0, 0) + seconds * 1000).toISOString();
const lsassRead = (seconds: number, guid = '{A}', id?: string) =>
  event({ id, ts: at(seconds), kind: 'process_access', fields: { EventID: 10, TargetImage: 'C:\\Windows\\system32\\lsass.exe', SourceProcessGUID: guid } });
const dumpWritten = (seconds: number, guid = '{A}', id?: string) =>
  event({ id, ts: at(seconds), kind: 'file_event', fields: { EventID: 11, TargetFilename: 'C:\\Temp\\out.dmp', ProcessGuid: guid } });

const compiled = (text: string) => {
  const set = compileRuleSet([{ file: 'correlation.yml', text }]);
  expect(set.errors).toEqual([]);
  return set;
};

describe('temporal_ordered and temporal correlations', () => {
  it('attests the sequence inside the timespan, with the events in time order', () => {
    const { live, correlated } = attestations(compiled(sequence('temporal_ordered')), [lsassRead(0, '{A}', 'e1'), dumpWritten(90, '{A}', 'e2')]);
    expect(live).toEqual([]);
    expect(correlated).toHaveLength(1);
    expect(correlated[0]).toMatchObject({
      id: 'lsass-sequence#1', ruleId: 'lsass-sequence', level: 'critical', techniques: ['T1003.001'], tactics: ['credential-access'],
      eventIds: ['e1', 'e2'], firstTs: at(0), lastTs: at(90),
      correlation: { type: 'temporal_ordered', groupBy: { process: '{A}' }, rules: ['base-lsass-read', 'base-dump-written'] },
    });
    expect(correlated[0].matches).toEqual([
      { eventId: 'e1', fields: { TargetImage: 'C:\\Windows\\system32\\lsass.exe' } },
      { eventId: 'e2', fields: { TargetFilename: 'C:\\Temp\\out.dmp' } },
    ]);
  });

  it('does not attest a sequence longer than the timespan', () => {
    expect(attestations(compiled(sequence('temporal_ordered')), [lsassRead(0), dumpWritten(121)]).correlated).toEqual([]);
    expect(attestations(compiled(sequence('temporal_ordered')), [lsassRead(0), dumpWritten(120)]).correlated).toHaveLength(1);
  });

  it('requires the listed order for temporal_ordered but not for temporal', () => {
    const reversed = [dumpWritten(0), lsassRead(30)];
    expect(attestations(compiled(sequence('temporal_ordered')), reversed).correlated).toEqual([]);
    expect(attestations(compiled(sequence('temporal')), reversed).correlated).toHaveLength(1);
  });

  it('keeps groups apart', () => {
    expect(attestations(compiled(sequence('temporal_ordered')), [lsassRead(0, '{A}'), dumpWritten(30, '{B}')]).correlated).toEqual([]);
    const both = attestations(compiled(sequence('temporal_ordered')), [lsassRead(0, '{A}'), lsassRead(1, '{B}'), dumpWritten(30, '{B}'), dumpWritten(31, '{A}')]);
    expect(both.correlated.map((found) => found.correlation?.groupBy.process)).toEqual(['{B}', '{A}']);
  });

  it('orders events by time even when they arrive out of order', () => {
    const { correlated } = attestations(compiled(sequence('temporal_ordered')), [dumpWritten(60, '{A}', 'late'), lsassRead(10, '{A}', 'early')]);
    expect(correlated.map((found) => found.eventIds)).toEqual([['early', 'late']]);
  });

  it('skips matches without a time', () => {
    const undated = { ...lsassRead(0), ts: null };
    expect(attestations(compiled(sequence('temporal')), [undated, dumpWritten(10)]).correlated).toEqual([]);
  });

  it('lets base rules alert on their own only with generate: true', () => {
    const events = [lsassRead(0), dumpWritten(10)];
    expect(attestations(compiled(sequence('temporal', '  generate: false')), events).live).toEqual([]);
    const generated = attestations(compiled(sequence('temporal', '  generate: true')), events);
    expect(generated.live.map((found) => found.ruleId)).toEqual(['base-lsass-read', 'base-dump-written']);
    expect(generated.correlated).toHaveLength(1);
  });
});

const FAILED_LOGON = `
title: Failed logon
id: failed-logon
logsource:
  product: windows
  service: security
detection:
  selection:
    EventID: 4625
  condition: selection
`;

const failedLogon = (seconds: number, user: string, ip = '10.0.0.9') =>
  event({ ts: at(seconds), kind: 'log', fields: { Channel: 'Security', EventID: 4625, TargetUserName: user, IpAddress: ip } });

describe('event_count and value_count correlations', () => {
  const bruteForce = `${FAILED_LOGON}
---
title: Brute force
id: brute-force
correlation:
  type: event_count
  rules: failed-logon
  group-by:
    - TargetUserName
  timespan: 5m
  condition:
    gte: 5
level: high
`;

  it('counts in a sliding window, not in fixed buckets', () => {
    // 7, 8, 9, 11 and 12 minutes: five within 5 minutes, but split 3 + 2 by fixed 5-minute buckets.
    const events = [7, 8, 9, 11, 12].map((minute) => failedLogon(minute * 60, 'bob'));
    const { correlated } = attestations(compiled(bruteForce), events);
    expect(correlated).toHaveLength(1);
    expect(correlated[0].eventIds).toHaveLength(5);
    expect(correlated[0].correlation).toMatchObject({ type: 'event_count', groupBy: { TargetUserName: 'bob' } });
  });

  it('does not fire below the threshold, across groups, or spread beyond the timespan', () => {
    expect(attestations(compiled(bruteForce), [0, 1, 2, 3].map((minute) => failedLogon(minute * 60, 'bob'))).correlated).toEqual([]);
    const twoUsers = [0, 1, 2, 3, 4].map((minute) => failedLogon(minute * 60, minute % 2 ? 'bob' : 'alice'));
    expect(attestations(compiled(bruteForce), twoUsers).correlated).toEqual([]);
    expect(attestations(compiled(bruteForce), [0, 2, 4, 6, 8].map((minute) => failedLogon(minute * 60, 'bob'))).correlated).toEqual([]);
  });

  it('counts distinct values per group with value_count', () => {
    const spray = `${FAILED_LOGON}
---
title: Password spray
id: spray
correlation:
  type: value_count
  rules:
    - failed-logon
  group-by:
    - IpAddress
  timespan: 10m
  condition:
    gt: 3
    field: TargetUserName
`;
    const fourUsers = ['a', 'b', 'c', 'd'].map((user, index) => failedLogon(index * 10, user));
    expect(attestations(compiled(spray), fourUsers).correlated).toHaveLength(1);
    const repeats = ['a', 'b', 'a', 'c', 'b'].map((user, index) => failedLogon(index * 10, user));
    expect(attestations(compiled(spray), repeats).correlated).toEqual([]);
    const twoSources = ['a', 'b', 'c', 'd'].map((user, index) => failedLogon(index * 10, user, index < 2 ? '10.0.0.1' : '10.0.0.2'));
    expect(attestations(compiled(spray), twoSources).correlated).toEqual([]);
  });

  it('chains a correlation onto another and inherits techniques when it has no tags', () => {
    const chain = `${FAILED_LOGON}
tags:
  - attack.t1110
---
title: Success
id: success
logsource:
  product: windows
  service: security
detection:
  selection:
    EventID: 4624
  condition: selection
---
title: Brute force
id: brute-force
name: brute_force
correlation:
  type: event_count
  rules: failed-logon
  group-by:
    - TargetUserName
  timespan: 5m
  condition:
    gte: 3
---
title: Brute force then success
id: brute-then-success
correlation:
  type: temporal_ordered
  rules:
    - brute_force
    - success
  group-by:
    - TargetUserName
  timespan: 10m
level: critical
`;
    const success = event({ ts: at(200), kind: 'log', fields: { Channel: 'Security', EventID: 4624, TargetUserName: 'bob' } });
    const { live, correlated } = attestations(compiled(chain), [failedLogon(0, 'bob'), failedLogon(10, 'bob'), failedLogon(20, 'bob'), success]);
    expect(live).toEqual([]);
    expect(correlated.map((found) => found.ruleId)).toEqual(['brute-then-success']);
    expect(correlated[0].eventIds).toHaveLength(4);
    expect(correlated[0].techniques).toEqual(['T1110']);
    expect(correlated[0].correlation?.rules).toEqual(['failed-logon', 'success']);
  });
});

describe('correlation load errors', () => {
  const reasonOf = (text: string) => {
    const set = compileRuleSet([{ file: 'c.yml', text }]);
    return set.errors.map((error) => error.reason).join('\n');
  };
  const correlation = (body: string) => `${FAILED_LOGON}\n---\ntitle: C\nid: c\ncorrelation:\n${body}`;

  it('reports an unknown referenced rule', () => {
    expect(reasonOf(correlation('  type: event_count\n  rules: nope\n  timespan: 1m\n  condition:\n    gte: 2'))).toMatch(/unknown rule 'nope'/);
  });
  it('reports a bad timespan', () => {
    expect(reasonOf(correlation('  type: event_count\n  rules: failed-logon\n  timespan: soon\n  condition:\n    gte: 2'))).toMatch(/timespan 'soon'/);
  });
  it('reports a missing condition and an unsupported type', () => {
    expect(reasonOf(correlation('  type: event_count\n  rules: failed-logon\n  timespan: 1m'))).toMatch(/needs a condition/);
    expect(reasonOf(correlation('  type: value_sum\n  rules: failed-logon\n  timespan: 1m\n  condition:\n    gt: 1\n    field: x'))).toMatch(/type 'value_sum' is not supported/);
  });
  it('reports a value_count without a field', () => {
    expect(reasonOf(correlation('  type: value_count\n  rules: failed-logon\n  timespan: 1m\n  condition:\n    gt: 1'))).toMatch(/needs condition.field/);
  });
  it('reports grouping by a field the inner correlation does not have', () => {
    const inner = '  type: event_count\n  rules: failed-logon\n  group-by:\n    - TargetUserName\n  timespan: 1m\n  condition:\n    gte: 2';
    const outer = '\n---\ntitle: Outer\nid: outer\ncorrelation:\n  type: event_count\n  rules: c\n  group-by:\n    - IpAddress\n  timespan: 1h\n  condition:\n    gte: 2';
    expect(reasonOf(correlation(inner) + outer)).toMatch(/'IpAddress' is not a group-by field of the referenced correlation 'c'/);
  });
  it('reports a cycle', () => {
    const text = 'title: A\nid: a\ncorrelation:\n  type: temporal\n  rules: b\n  timespan: 1m\n---\ntitle: B\nid: b\ncorrelation:\n  type: temporal\n  rules: a\n  timespan: 1m';
    expect(reasonOf(text)).toMatch(/refers to itself/);
  });
});
