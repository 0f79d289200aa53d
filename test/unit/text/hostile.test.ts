import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES } from '../../../src/engine/limits';
import { MAX_TEXT_MESSAGE_CHARS } from '../../../src/engine/parsers/text/message';
import { MAX_JSON_FIELDS } from '../../../src/engine/parsers/text/json-line';
import { parseText } from './helpers';

describe('text: hostile input', () => {
  it('skips only truly empty lines and keeps whitespace-only ones', async () => {
    const { events } = await parseText('a\n\n\r\n   \nb\n');
    expect(events.map((event) => [event.origin.line, event.fields.message])).toEqual([
      [1, 'a'],
      [4, '   '],
      [5, 'b'],
    ]);
  });

  it('reads CRLF files and a last line without a newline', async () => {
    const { events } = await parseText('Nov  3 22:41:07 h sshd[1]: Invalid user x from 1.2.3.4\r\nlast');
    expect(events).toHaveLength(2);
    expect(events[0].fields.src_ip).toBe('1.2.3.4');
    expect(events[1].fields.message).toBe('last');
  });

  it('cuts an overlong line, reports it, and keeps the next line', async () => {
    const long = 'A'.repeat(MAX_LINE_BYTES + 500);
    const { events, issues } = await parseText(`${long}\nnext\n`);
    expect(events).toHaveLength(2);
    expect(events[0].fields.truncated).toBe(true);
    expect(String(events[0].fields.message)).toHaveLength(MAX_LINE_BYTES);
    expect(events[0].message.length).toBe(MAX_TEXT_MESSAGE_CHARS);
    expect(events[0].message.endsWith('…')).toBe(true);
    expect(issues).toEqual([
      { file: 'test.log', offset: 0, reason: `line 1 is longer than ${MAX_LINE_BYTES} bytes; only its start was kept`, structure: 'line', severity: 'warning' },
    ]);
    expect(events[1].fields.message).toBe('next');
  });

  it('decodes invalid UTF-8 and binary bytes as U+FFFD and still makes events', async () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28, 0x0a, 0x80, 0x81, 0x0a]);
    const { events } = await parseText(bytes);
    expect(events).toHaveLength(2);
    expect(events.every((event) => event.kind === 'log')).toBe(true);
    expect(events[0].fields.message).toBe('\ufffd\ufffd\u0000A\ufffd(');
    expect(events[0].message).toBe('\ufffd\ufffd\ufffdA\ufffd(');
    expect(events[1].origin.offset).toBe(7);
  });

  it('strips ANSI escapes and control characters from the message but not the fields', async () => {
    const line = 'Nov  3 22:41:07 h app: \u001b[31mred\u001b[0m \u001b]0;title\u0007done\u0008\ttab';
    const { events } = await parseText(`${line}\n`);
    expect(events[0].message).toBe('Nov  3 22:41:07 h app: red done\ufffd tab');
    expect(events[0].fields.message).toBe('\u001b[31mred\u001b[0m \u001b]0;title\u0007done\u0008\ttab');
  });

  it('bounds the fields of a huge JSON line', async () => {
    const object = Object.fromEntries(Array.from({ length: MAX_JSON_FIELDS + 50 }, (_, i) => [`k${i}`, i]));
    const { events } = await parseText(`${JSON.stringify(object)}\n`);
    expect(Object.keys(events[0].fields)).toHaveLength(MAX_JSON_FIELDS + 1);
    expect(events[0].fields.fields_dropped).toBe(50);
  });

  it('bounds the nesting of a deep JSON line', async () => {
    const deep = `${'{"a":'.repeat(200)}1${'}'.repeat(200)}`;
    const { events } = await parseText(`${deep}\n`);
    const names = Object.keys(events[0].fields);
    expect(names).toHaveLength(1);
    expect(names[0].split('.')).toHaveLength(64);
  });

  it('keeps a __proto__ key as data without touching the prototype', async () => {
    const { events } = await parseText('{"__proto__": "x", "constructor": 1, "a": {"__proto__": {"b": 2}}}\n');
    expect(Object.getOwnPropertyDescriptor(events[0].fields, '__proto__')?.value).toBe('x');
    expect(events[0].fields.constructor).toBe(1);
    expect(events[0].fields['a.__proto__.b']).toBe(2);
    expect(Object.getPrototypeOf(events[0].fields)).toBe(Object.prototype);
  });

  it('treats JSON that is not an object as text', async () => {
    const { events } = await parseText('[1,2]\n{"broken": \n"just a string"\n');
    expect(events.map((event) => event.kind)).toEqual(['log', 'log', 'log']);
    expect(events[1].fields.message).toBe('{"broken": ');
  });

  it('stays fast on lines built to make patterns backtrack', async () => {
    const lines = [
      `Nov  3 22:41:07 h sshd[1]: Accepted password for ${'a from b '.repeat(4000)}`,
      `Nov  3 22:41:07 h sudo: u : ${'x ; '.repeat(5000)}`,
      `1.2.3.4 - - [03/Nov/2022:22:41:07 +0000] "${'" 200 '.repeat(5000)}`,
      `<13>1 2022-11-03T21:41:09Z h a - - ${'[x a="'.repeat(3000)}`,
      `${'<'.repeat(50_000)}`,
    ];
    const started = performance.now();
    const { events } = await parseText(lines.join('\n'));
    expect(events).toHaveLength(lines.length);
    // Generous bound: the point is that nothing is quadratic (each line is tens of KiB).
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('rejects impossible dates instead of inventing them', async () => {
    const { events } = await parseText('Feb 30 10:00:00 h app: x\n1.2.3.4 - - [31/Apr/2022:10:00:00 +0000] "GET / HTTP/1.1" 200 1\n');
    expect(events.map((event) => event.kind)).toEqual(['log', 'log']);
    expect(events.map((event) => event.ts)).toEqual([null, null]);
  });

  it('reports monotonic progress ending at the file size', async () => {
    const content = Array.from({ length: 4500 }, (_, i) => `line ${i}`).join('\n');
    const { events, bytesDone } = await parseText(content);
    expect(events).toHaveLength(4500);
    expect(bytesDone).toEqual([...bytesDone].sort((a, b) => a - b));
    expect(bytesDone[bytesDone.length - 1]).toBe(content.length);
  });
});
