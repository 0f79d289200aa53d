import { describe, expect, it } from 'vitest';
import type { ParseIssue } from '../../../src/engine/errors';
import { EventSplitter, type EventBytes, type XmlEncoding } from '../../../src/engine/parsers/sysmon-xml/event-splitter';
import { fixture, wevtutilEvent } from './helpers';

function split(bytes: Uint8Array, sliceBytes: number, encoding: XmlEncoding = 'utf-8', maxEventBytes = 1 << 20) {
  const splitter = new EventSplitter('s.xml', encoding, maxEventBytes);
  const events: EventBytes[] = [];
  const issues: ParseIssue[] = [];
  for (let offset = 0; offset < bytes.length; offset += sliceBytes) {
    const found: EventBytes[] = [];
    splitter.push(bytes.slice(offset, offset + sliceBytes), offset, found, issues);
    // Copy: the splitter may reuse nothing, but the caller must not rely on that.
    for (const event of found) events.push({ offset: event.offset, bytes: event.bytes.slice() });
  }
  splitter.finish(events, issues);
  return { events, issues };
}

const text = (event: EventBytes, encoding: XmlEncoding = 'utf-8') => new TextDecoder(encoding).decode(event.bytes);

describe('EventSplitter', () => {
  it.each([1, 2, 3, 7, 64, 1000, 1 << 20])('finds the same events whatever the slice size (%i)', (sliceBytes) => {
    const bytes = fixture('two-events.eventviewer.xml');
    const { events, issues } = split(bytes, sliceBytes);
    expect(issues).toEqual([]);
    expect(events).toHaveLength(2);
    for (const event of events) {
      expect(text(event).startsWith('<Event xmlns=')).toBe(true);
      expect(text(event).endsWith('</Event>')).toBe(true);
      expect(Buffer.from(bytes.subarray(event.offset, event.offset + event.bytes.length)).equals(Buffer.from(event.bytes))).toBe(true);
    }
  });

  it.each([1, 2, 5, 4096])('finds UTF-16LE events across slices of %i bytes', (sliceBytes) => {
    const source = wevtutilEvent(1) + '\r\n' + wevtutilEvent(2);
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(source, 'utf16le')]);
    const { events, issues } = split(bytes, sliceBytes, 'utf-16le');
    expect(issues).toEqual([]);
    expect(events.map((event) => event.offset)).toEqual([2, 2 + 2 * (wevtutilEvent(1).length + 2)]);
    expect(text(events[1], 'utf-16le')).toBe(wevtutilEvent(2));
  });

  it('accepts whitespace inside the end tag', () => {
    const { events, issues } = split(Buffer.from(wevtutilEvent(1).replace(/<\/Event>$/, '</Event \n>')), 16);
    expect(issues).toEqual([]);
    expect(events).toHaveLength(1);
  });

  it('does not take <EventData>, <EventID> or <Events> for event starts', () => {
    const { events, issues } = split(Buffer.from(`<Events>${wevtutilEvent(1)}</Events>`), 5);
    expect(issues).toEqual([]);
    expect(events).toHaveLength(1);
  });

  it('drops an oversize event spread over many slices and recovers at the next event', () => {
    const big = wevtutilEvent(1, 1, { CommandLine: 'x'.repeat(5000) });
    const { events, issues } = split(Buffer.from(big + '\n' + wevtutilEvent(2)), 100, 'utf-8', 1000);
    expect(events.map((event) => text(event))).toEqual([wevtutilEvent(2)]);
    expect(issues).toEqual([{ file: 's.xml', offset: 0, reason: 'event larger than 1000 bytes', structure: 'Event', severity: 'error' }]);
  });

  it('reports garbage once per run, with a sample', () => {
    const { issues } = split(Buffer.from(`${wevtutilEvent(1)}  junk\n\njunk  ${wevtutilEvent(2)}<?`), 1 << 20);
    expect(issues.map((issue) => [issue.severity, issue.reason])).toEqual([
      ['warning', 'unexpected content between events: "junk junk "'],
      ['warning', 'unexpected content between events: "<?"'],
    ]);
  });
});
