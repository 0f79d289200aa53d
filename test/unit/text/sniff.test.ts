import { describe, expect, it } from 'vitest';
import { parser } from '../../../src/engine/parsers/text/index';
import { SniffScore } from '../../../src/engine/parsers/types';
import { fixture } from './helpers';

const head = (text: string) => new Uint8Array(Buffer.from(text));

describe('text sniff', () => {
  it.each(['auth.log', 'access.log', 'mixed-syslog.log'])('claims %s by content', (name) => {
    expect(parser.sniff(fixture(name), name)).toBe(SniffScore.Content);
  });

  it('is the fallback for anything else', () => {
    expect(parser.sniff(head('hello\nworld\n'), 'notes.txt')).toBe(SniffScore.Fallback);
    expect(parser.sniff(new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0xff, 0x0a, 0x00]), 'a.bin')).toBe(SniffScore.Fallback);
    expect(parser.sniff(new Uint8Array(0), 'empty')).toBe(SniffScore.Fallback);
  });

  it('does not judge a line cut at the end of the head', () => {
    expect(parser.sniff(head('free text\nNov  3 22:41:07 h sshd[1]: Invalid user x from 1.2.3.4'), 'x')).toBe(SniffScore.Fallback);
  });
});
