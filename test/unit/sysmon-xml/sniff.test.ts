import { describe, expect, it } from 'vitest';
import { SniffScore } from '../../../src/engine/parsers/types';
import { parser } from '../../../src/engine/parsers/sysmon-xml/index';
import { fixture, wevtutilEvent } from './helpers';

const bytes = (text: string) => new Uint8Array(Buffer.from(text));

describe('sysmon-xml sniff', () => {
  it('recognizes both layouts by content, whatever the name', () => {
    expect(parser.sniff(fixture('two-events.eventviewer.xml'), 'export.txt')).toBe(SniffScore.Content);
    expect(parser.sniff(fixture('two-events.wevtutil.xml'), 'noext')).toBe(SniffScore.Content);
  });

  it('recognizes UTF-16LE exports', () => {
    const head = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(wevtutilEvent(1), 'utf16le')]);
    expect(parser.sniff(new Uint8Array(head), 'x')).toBe(SniffScore.Content);
  });

  it('needs the Windows event namespace for a bare <Event>', () => {
    expect(parser.sniff(bytes('<Event><System/></Event>'), 'x.log')).toBe(SniffScore.No);
  });

  it('falls back to the extension for other XML', () => {
    expect(parser.sniff(bytes('<?xml version="1.0"?><root/>'), 'Report.XML')).toBe(SniffScore.Extension);
    expect(parser.sniff(bytes('<?xml version="1.0"?><root/>'), 'report.txt')).toBe(SniffScore.No);
  });

  it('looks only at the first KiB', () => {
    expect(parser.sniff(bytes(' '.repeat(2000) + '<Events>'), 'x')).toBe(SniffScore.No);
  });
});
