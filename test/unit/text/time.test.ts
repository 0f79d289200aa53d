import { describe, expect, it } from 'vitest';
import { ReferenceYear } from '../../../src/engine/parsers/text/reference-year';
import { clfTimeToUtc, isoToUtc, jsonTimeToUtc } from '../../../src/engine/parsers/text/timestamps';
import { parseText } from './helpers';

describe('text timestamps', () => {
  it.each([
    ['2020-03-25 08:23:20.933154-0700', '2020-03-25T15:23:20.933154Z'],
    ['2020-03-25T08:23:20.933154-07:00', '2020-03-25T15:23:20.933154Z'],
    ['2020-03-25T08:23:20Z', '2020-03-25T08:23:20Z'],
    ['2020-12-31T23:59:59+01', '2020-12-31T22:59:59Z'],
    ['2016-12-31T23:59:60Z', '2016-12-31T23:59:60Z'],
  ])('ISO %s', (input, expected) => {
    expect(isoToUtc(input)).toBe(expected);
  });

  it.each(['2020-13-01T00:00:00Z', '2020-02-30T00:00:00Z', '2020-01-01T00:00:00+99:00', '2020-01-01T00:00:00 trailing'])('rejects %s', (input) => {
    expect(isoToUtc(input)).toBeNull();
  });

  it('reads the Common Log Format time with its zone', () => {
    expect(clfTimeToUtc('11/Jul/2018:08:41:28 +0300')).toBe('2018-07-11T05:41:28Z');
    expect(clfTimeToUtc('1/Apr/2014:00:00:01 -0500')).toBe('2014-04-01T05:00:01Z');
    expect(clfTimeToUtc('11/Jux/2018:08:41:28 +0300')).toBeNull();
  });

  it('reads JSON epoch seconds, milliseconds and ISO text', () => {
    expect(jsonTimeToUtc(1667515273)).toBe('2022-11-03T22:41:13.000Z');
    expect(jsonTimeToUtc(1667515273123)).toBe('2022-11-03T22:41:13.123Z');
    expect(jsonTimeToUtc('1667515273')).toBe('2022-11-03T22:41:13.000Z');
    expect(jsonTimeToUtc('2022-11-03T22:41:13.5Z')).toBe('2022-11-03T22:41:13.5Z');
    expect(jsonTimeToUtc(true)).toBeNull();
    expect(jsonTimeToUtc(-5)).toBeNull();
  });
});

describe('reference year for RFC 3164 dates', () => {
  it('takes the year found in the file and rolls over at a new year', () => {
    const year = new ReferenceYear(2019, new Date('2026-06-01T00:00:00Z'));
    expect([12, 12, 1, 2].map(year.yearFor)).toEqual([2019, 2019, 2020, 2020]);
  });

  it('falls back to the clock, moved back when the month would be in the future', () => {
    expect(new ReferenceYear(null, new Date('2026-06-15T00:00:00Z')).yearFor(5)).toBe(2026);
    expect(new ReferenceYear(null, new Date('2026-06-15T00:00:00Z')).yearFor(12)).toBe(2025);
  });

  it('dates yearless syslog lines with the year of another line of the file', async () => {
    const { events } = await parseText(
      [
        'Dec 31 23:59:58 h sshd[1]: Invalid user a from 1.2.3.4',
        'Jan  1 00:00:01 h sshd[1]: Invalid user b from 1.2.3.4',
        '1.2.3.4 - - [31/Dec/2017:23:59:59 +0000] "GET / HTTP/1.1" 200 1',
      ].join('\n'),
    );
    expect(events.map((event) => event.ts)).toEqual(['2017-12-31T23:59:58Z', '2018-01-01T00:00:01Z', '2017-12-31T23:59:59Z']);
  });

  it('uses the clock when no line has a year', async () => {
    const { events } = await parseText('Jan  1 00:00:01 h app: x\n');
    const now = new Date();
    const expectedYear = 1 > now.getUTCMonth() + 1 ? now.getUTCFullYear() - 1 : now.getUTCFullYear();
    expect(events[0].ts).toBe(`${expectedYear}-01-01T00:00:01Z`);
  });
});
