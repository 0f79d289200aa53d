import { describe, expect, it } from 'vitest';
import {
  EVENT_LABEL_CHARS,
  buildEvidenceIndex,
  describeRef,
  displayIndicatorKey,
  displayIndicatorValue,
  eventLabel,
  fieldRows,
} from '../../../src/ui/case/evidence-index';
import { sampleReport } from './report-fixture';

describe('buildEvidenceIndex', () => {
  const index = buildEvidenceIndex(sampleReport());

  it('finds what an event is referenced by', () => {
    expect(index.attestationsOfEvent('0:100').map((item) => item.id)).toEqual(['a1']);
    expect(index.indicatorsOfEvent('1:0').map((item) => item.value)).toEqual(['evil.example.com', '203.0.113.9', '8.8.8.8']);
    expect(index.unclassifiedOfEvent('0:200').map((item) => item.id)).toEqual(['u2']);
    expect(index.reasoningCiting({ kind: 'event', id: '0:100' }).map((step) => step.id)).toEqual(['r1', 'r4']);
    expect(index.attestationsOfEvent('9:9')).toEqual([]);
  });

  it('resolves every kind of reference', () => {
    expect(index.attestation('a2')?.rule_id).toBe('rule-lsass');
    expect(index.indicator('ipv4:8.8.8.8')?.false_positive).toBe(true);
    expect(index.indicatorByValue('evil.example.com')?.type).toBe('domain');
    expect(index.unclassified('u1')?.severity).toBe('medium');
    expect(index.technique('T1003.001')?.name).toBe('LSASS Memory');
    expect(index.file('1')?.name).toBe('fw.log');
    expect(index.fileOfEvent('0:200')?.name).toBe('sysmon.evtx');
    expect(index.timelineEntry('0:200')?.record).toBe(5);
    expect(index.event('1:0')?.fields.dst_port).toBe(443);
  });

  it('does not count a reference twice when a step cites it twice', () => {
    const report = sampleReport();
    report.reasoning[0].refs.push({ kind: 'event', id: '0:100' });
    expect(buildEvidenceIndex(report).reasoningCiting({ kind: 'event', id: '0:100' }).map((step) => step.id)).toEqual(['r1', 'r4']);
  });
});

describe('display of indicators', () => {
  const index = buildEvidenceIndex(sampleReport());
  it("uses the report's defanged form for a known key", () => {
    expect(displayIndicatorKey('url:http://evil.example.com/a.ps1', index)).toBe('hxxp[://]evil[.]example[.]com/a[.]ps1');
  });
  it('defangs a key the report does not hold', () => {
    expect(displayIndicatorKey('domain:other.example.net', index)).toBe('other[.]example[.]net');
    expect(displayIndicatorKey('url:https://x.example/p', index)).toBe('hxxps[://]x[.]example/p');
  });
  it('defangs a bare canonical value', () => {
    expect(displayIndicatorValue('evil.example.com', index)).toBe('evil[.]example[.]com');
    expect(displayIndicatorValue('unseen.example.org', index)).toBe('unseen[.]example[.]org');
    expect(displayIndicatorValue('http://a.example/x', index)).not.toContain('http://');
  });
});

describe('describeRef and eventLabel', () => {
  const index = buildEvidenceIndex(sampleReport());
  it('labels events by time and defanged message', () => {
    const label = describeRef({ kind: 'event', id: '0:100' }, index);
    expect(label).toContain('2026-11-27 10:00:00Z');
    expect(label).not.toContain('http://evil.example.com');
    expect(label).toContain('evil[.]example[.]com');
  });
  it('labels an event the report does not hold by its id', () => {
    expect(eventLabel('5:5', index)).toBe('event 5:5');
  });
  it('cuts long messages', () => {
    const report = sampleReport();
    report.timeline[1].message = 'y'.repeat(EVENT_LABEL_CHARS * 3);
    const label = eventLabel('0:200', buildEvidenceIndex(report));
    expect(label.length).toBeLessThan(EVENT_LABEL_CHARS + 40);
    expect(label.endsWith('…')).toBe(true);
  });
  it('defangs a domain that straddles the label cut: no live prefix of it is shown', () => {
    const report = sampleReport();
    // The domain starts 4 characters before the cut: cutting first would leave "c2.exa", which is not defanged.
    report.timeline[1].message = `${'x'.repeat(EVENT_LABEL_CHARS - 5)} c2.example.com beacon`;
    const label = eventLabel('0:200', buildEvidenceIndex(report));
    expect(label).toContain('c2[.');
    expect(label).not.toMatch(/c2\.e/);
  });
  it('centres the label on the indicator it is listed for when the indicator lies past the cut', () => {
    const report = sampleReport();
    report.timeline[1].message = `${'p'.repeat(EVENT_LABEL_CHARS * 2)} -> c2.example.com:443 ${'q'.repeat(EVENT_LABEL_CHARS)}`;
    const index = buildEvidenceIndex(report);
    expect(eventLabel('0:200', index)).not.toContain('c2[.]example[.]com');
    const centred = eventLabel('0:200', index, 'c2[.]example[.]com');
    expect(centred).toContain('· …p');
    expect(centred).toContain('-> c2[.]example[.]com:443');
    expect(centred.endsWith('…')).toBe(true);
  });
  it('labels the other kinds from the report', () => {
    expect(describeRef({ kind: 'attestation', id: 'a1' }, index)).toBe('Encoded PowerShell download');
    expect(describeRef({ kind: 'file', id: '0' }, index)).toBe('file sysmon.evtx');
    expect(describeRef({ kind: 'unclassified', id: 'u2' }, index)).toBe('unclassified: Log cleared');
    expect(describeRef({ kind: 'indicator', id: 'ipv4:8.8.8.8' }, index)).toBe('8[.]8[.]8[.]8');
    expect(describeRef({ kind: 'attestation', id: 'zz' }, index)).toBe('match zz');
    expect(describeRef({ kind: 'unclassified', id: 'u1' }, index)).toBe('unclassified: Beacon to evil[.]example[.]com every 60 s');
  });
});

describe('fieldRows', () => {
  it('renders values as text in field order and keeps null apart', () => {
    expect(fieldRows({ b: 2, a: 'x', c: null, d: false })).toEqual([['b', '2'], ['a', 'x'], ['c', null], ['d', 'false']]);
  });
});
