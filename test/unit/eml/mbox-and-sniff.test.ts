import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SniffScore } from '../../../src/engine/parsers/types';
import { parser } from '../../../src/engine/parsers/eml';
import { filesUnder, isNotReference } from '../../helpers/files';
import { FIXTURES, parseFixture } from './parse-helper';

const head = (text: string) => new TextEncoder().encode(text);

describe('mbox files (RFC 4155)', () => {
  it('gives one event per message, each with its byte offset and record number', async () => {
    const text = readFileSync(path.join(FIXTURES, 'three-messages.mbox'), 'latin1');
    const { events, issues } = await parseFixture('three-messages.mbox');
    expect(issues).toEqual([]);
    expect(events.map((event) => event.fields.subject)).toEqual(['first', 'second', 'third']);
    expect(events.map((event) => event.origin.offset)).toEqual([0, text.indexOf('From bob@'), text.indexOf('From carol@')]);
    expect(events.map((event) => event.origin.record)).toEqual([1, 2, 3]);
    expect(events.map((event) => event.id)).toEqual(events.map((event) => `3:${event.origin.offset}`));
  });

  it('does not split at a "From " line inside a paragraph', async () => {
    const { events } = await parseFixture('three-messages.mbox');
    expect(String(events[0].fields.body)).toContain('From the start of a line inside a paragraph');
    expect(events[1].fields.urls).toBe('https://two.example/page');
  });
});

describe('sniff', () => {
  it('claims a mail header block by content', () => {
    expect(parser.sniff(head('Received: from a by b; Mon, 2 Mar 2026 09:00:00 +0000\r\nFrom: a@b.example\r\nTo: c@d.example\r\nSubject: x\r\n\r\nbody'), 'x.bin')).toBe(SniffScore.Content);
    expect(parser.sniff(head('From alice@one.example Mon Mar  2 09:00:00 2026\nReturn-Path: <a@b>\nFrom: a@b\nSubject: s\n\nx'), 'box')).toBe(SniffScore.Content);
    expect(parser.sniff(head('X-Mailer: m\nMIME-Version: 1.0\nContent-Type: text/plain\nDelivered-To: a@b\n\nx'), 'noname')).toBe(SniffScore.Content);
  });

  it('leaves syslog, key-value and prose text to other parsers, and knows its extensions', () => {
    expect(parser.sniff(head('Mar  2 09:00:00 host sshd[42]: Failed password for root from 203.0.113.5 port 22\nMar  2 09:00:01 host sshd[42]: x\n'), 'auth.log')).toBe(SniffScore.No);
    expect(parser.sniff(head('Name: value\nOther: thing\nThird: one\n\n'), 'settings.txt')).toBe(SniffScore.No);
    expect(parser.sniff(head('From here on, the text is prose.\nIt has lines.\n'), 'notes.txt')).toBe(SniffScore.No);
    expect(parser.sniff(head('\u0000\u0001binary'), 'message.eml')).toBe(SniffScore.Extension);
    expect(parser.sniff(head('\u0000\u0001binary'), 'archive.MBOX')).toBe(SniffScore.Extension);
  });

  const corpus = path.resolve(process.cwd(), '../shared/corpus');
  const textFolders = ['text', 'firewall'].map((folder) => path.join(corpus, folder));
  const present = textFolders.every((folder) => existsSync(folder));
  if (!present) console.warn(`eml sniff: skipped the corpus check of text and firewall logs (${corpus} is absent)`);
  describe.skipIf(!present)('on the corpus', () => {
    it('claims none of the text and firewall logs by content', () => {
      const files = textFolders.flatMap((folder) => filesUnder(folder, isNotReference));
      expect(files.length).toBeGreaterThan(0);
      const claimed = files.filter((file) => parser.sniff(new Uint8Array(readFileSync(file)).subarray(0, 4096), path.basename(file)) !== SniffScore.No);
      expect(claimed).toEqual([]);
    });
  });
});
