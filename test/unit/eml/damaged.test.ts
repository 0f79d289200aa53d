import { describe, expect, it } from 'vitest';
import { MAX_HEADER_VALUE_CHARS, MAX_MESSAGE_BYTES, MAX_MIME_DEPTH } from '../../../src/engine/parsers/eml/limits';
import { message, parseBytes, parseFixture } from './parse-helper';

describe('damaged and hostile mail', () => {
  it('keeps a message whose attachment has invalid base64, with the text part intact', async () => {
    const { events, issues } = await parseFixture('bad-base64-attachment.eml');
    expect(events).toHaveLength(1);
    expect(issues).toEqual([]);
    expect(events[0].fields.attachment_names).toBe('data.bin');
    expect(String(events[0].fields.attachment_sha256)).toMatch(/^[0-9a-f]{64}$/);
    expect(events[0].fields.body).toBe('body text');
  });

  it('keeps a message cut off inside a MIME part: the parts read so far count', async () => {
    const { events } = await parseFixture('truncated-in-multipart.eml');
    expect(events).toHaveLength(1);
    expect(events[0].fields.urls).toBe('https://cut.example/x');
    expect(events[0].fields.attachment_names).toBe('doc.pdf');
  });

  it('keeps a message cut off inside its headers, with a warning at the end of the input', async () => {
    const { events, issues } = await parseFixture('truncated-in-headers.eml');
    expect(events).toHaveLength(1);
    expect(events[0].fields.from_address).toBe('a@sender.example');
    expect(events[0].fields.received_hops).toBe(1);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'truncated-in-headers.eml', severity: 'warning', structure: 'header block' });
    expect(issues[0].offset).toBe(202);
  });

  it('cuts a 1 MB header line to the value limit instead of keeping it whole', async () => {
    const huge = 'A'.repeat(1024 * 1024);
    const { events } = await parseBytes(message(['From: a@sender.example', `Subject: ${huge}`, 'To: b@corp.example']));
    expect(events).toHaveLength(1);
    expect(String(events[0].fields.subject).length).toBeLessThanOrEqual(64 * 1024);
    expect(events[0].fields.to).toBe('b@corp.example');
    expect(MAX_HEADER_VALUE_CHARS).toBeLessThan(huge.length);
  });

  it('drops NUL bytes from headers and body text', async () => {
    const { events } = await parseBytes(message(['From: a\0@sender.example', 'Subject: pay\0pal', 'To: b@corp.example'], 'te\0xt'));
    expect(events).toHaveLength(1);
    expect(String(events[0].fields.subject)).not.toContain('\0');
    expect(String(events[0].fields.body)).not.toContain('\0');
  });

  it('survives a charset label that does not exist', async () => {
    const { events } = await parseBytes(message(['From: a@sender.example', 'Content-Type: text/plain; charset=x-no-such-charset'], 'plain words'));
    expect(events[0].fields.body).toBe('plain words');
  });

  it('stops opening attached messages at the nesting limit instead of recursing (rfc822 depth bomb)', async () => {
    let inner = message(['From: deepest@sender.example', 'Subject: deepest'], 'https://deepest.example/');
    for (let depth = 0; depth < 200; depth++) {
      inner = message(['From: wrap@sender.example', `Subject: level ${depth}`, 'Content-Type: message/rfc822'], inner);
    }
    const { events } = await parseBytes(inner);
    expect(events).toHaveLength(1);
    expect(events[0].fields.subject).toBe('level 199');
  });

  it('turns a multipart nesting bomb beyond the MIME depth limit into an issue and keeps the headers', async () => {
    let body = 'leaf';
    for (let depth = MAX_MIME_DEPTH + 10; depth > 0; depth--) {
      body = [`--b${depth}`, `Content-Type: multipart/mixed; boundary="b${depth + 1}"`, '', body, `--b${depth}--`].join('\r\n');
    }
    const { events, issues } = await parseBytes(message(['From: a@sender.example', 'Subject: nested', 'Content-Type: multipart/mixed; boundary="b1"'], body));
    expect(events).toHaveLength(1);
    expect(events[0].fields.subject).toBe('nested');
    expect(events[0].fields.body_read).toBe(false);
    expect(issues.some((issue) => issue.structure === 'MIME body' && issue.severity === 'error')).toBe(true);
  });

  it('reads only the headers of a message over the size limit, with an issue', async () => {
    const head = message(['From: big@sender.example', 'Subject: big one', 'Content-Type: text/plain'], '');
    const bytes = new Uint8Array(MAX_MESSAGE_BYTES + 16);
    bytes.fill(0x41);
    bytes.set(new TextEncoder().encode(head), 0);
    const { events, issues } = await parseBytes(bytes);
    expect(events).toHaveLength(1);
    expect(events[0].fields.subject).toBe('big one');
    expect(events[0].fields.body_read).toBe(false);
    expect(issues[0]).toMatchObject({ structure: 'message', severity: 'error', offset: 0 });
  });

  it('reports input that has no header fields at all, without throwing', async () => {
    const { events, issues } = await parseBytes(new Uint8Array([0xff, 0xfe, 0x00, 0x01, 0x0a, 0x0a, 0x42]));
    expect(events).toHaveLength(1);
    expect(issues.some((issue) => issue.reason.startsWith('no header fields'))).toBe(true);
  });

  it('scans pathological HTML in one pass: tags that never close, unterminated quotes, a megabyte-long name', async () => {
    const html = `${'<a '.repeat(800_000)}>${'<a x="'.repeat(150_000)}><a href="https://after.example/">www.other.example</a>`;
    const name = 'a'.repeat(1024 * 1024);
    const { events } = await parseBytes(message([`From: "${name}" <a@sender.example>`, 'Content-Type: text/html'], html));
    expect(events).toHaveLength(1);
    expect(events[0].fields.urls).toBe('https://after.example/');
    expect(events[0].fields.from_address).toBe('a@sender.example');
  });

  it('yields nothing for an empty file', async () => {
    expect(await parseBytes(new Uint8Array(0))).toEqual({ events: [], issues: [] });
  });
});
