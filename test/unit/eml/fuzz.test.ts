/**
 * Seeded mutation fuzzing of the mail parser: valid messages built here (MIME parts, a PDF with a compressed
 * stream, a ZIP, an invite, an attached message, an mbox of three), then cut at every line boundary, bit-flipped,
 * with ZIP and PDF length fields set to 0 or their maximum, with blocks repeated, and nested far past the limits.
 * Every input must parse without an untyped error and with output inside the documented limits; the test's
 * timeout is the hang guard.
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MAX_LISTED_ISSUES } from '../../../src/engine/limits';
import { MAX_ADDRESS_CHARS, MAX_BODY_CHARS, MAX_FIELD_CHARS } from '../../../src/engine/parsers/eml/limits';
import { parseBytes } from './parse-helper';
import { lcg as random } from '../../helpers/seeded-random';

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
const base64Lines = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64').replace(/.{76}/g, '$&\r\n');

function zipEntry(compressedSize: number, nameLength: number): Uint8Array {
  const name = new TextEncoder().encode('invoice.exe');
  const bytes = new Uint8Array(30 + name.length + 8);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x04034b50, true);
  view.setUint32(18, compressedSize, true);
  view.setUint16(26, nameLength, true);
  bytes.set(name, 30);
  return bytes;
}

function pdf(streamLength: number): Uint8Array {
  const stream = deflateSync(Buffer.from('<< /S /URI /URI (https://inside.example/login) >>'));
  return new Uint8Array(
    Buffer.concat([
      Buffer.from(`%PDF-1.7\n1 0 obj << /URI (https://plain.example/a\\)b) >> endobj\n2 0 obj << /Length ${streamLength} /Filter /FlateDecode >>\nstream\n`),
      stream,
      Buffer.from('\nendstream\nendobj\n%%EOF\n'),
    ]),
  );
}

/** A phishing-shaped multipart message whose binary parts take the given length fields. */
function multipartMessage(zipSize = 3, zipNameLength = 11, pdfLength = 60): string {
  const inner = ['From: inner@attached.example', 'Subject: forwarded', '', 'see https://inner.example/'].join('\r\n');
  return [
    'Received: from mx.evil.example (mx.evil.example [203.0.113.9]) by mx.corp.example; Mon, 2 Mar 2026 09:00:00 +0000',
    'Authentication-Results: mx.corp.example; spf=fail smtp.mailfrom=evil.example; dkim=pass header.d=evil.example; dmarc=fail',
    'DKIM-Signature: v=1; d=evil.example; s=k; b=abc',
    'From: "PayPal Support" <service@paypa1-secure.example>',
    'Reply-To: collect@other.example',
    'To: Ann <ann@corp.example>',
    'Subject: =?UTF-8?B?WW91ciBhY2NvdW50IGlzIGxvY2tlZA==?=',
    'Date: Mon, 2 Mar 2026 08:59:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="outer"',
    '',
    '--outer',
    'Content-Type: multipart/alternative; boundary="alt"',
    '',
    '--alt',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Sign in at https://login.evil.example/=\r\nverify now.',
    '--alt',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<html><body><a href="https://login.evil.example/v">www.paypal.com</a><form action="https://post.evil.example/"><input type=password></form>',
    '<meta http-equiv="refresh" content="0;url=https://redirect.evil.example/"><iframe src="https://frame.evil.example/"></iframe></body></html>',
    '--alt--',
    '--outer',
    'Content-Type: application/pdf; name="statement.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(pdf(pdfLength)),
    '--outer',
    'Content-Type: application/zip; name="docs.zip"',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(zipEntry(zipSize, zipNameLength)),
    '--outer',
    'Content-Type: text/calendar; name="meeting.ics"',
    '',
    'BEGIN:VCALENDAR\r\nURL:https://meet.evil.exam\r\n ple/join\r\nEND:VCALENDAR',
    '--outer',
    'Content-Type: message/rfc822',
    '',
    inner,
    '--outer--',
    '',
  ].join('\r\n');
}

function mbox(): string {
  const one = (sender: string, subject: string) => `From ${sender} Mon Mar  2 09:00:00 2026\nFrom: ${sender}\nTo: b@corp.example\nSubject: ${subject}\n\nhttps://${subject}.example/\n`;
  return `${one('a@one.example', 'first')}\n${one('c@two.example', 'second')}\n${one('d@three.example', 'third')}`;
}

function nestedMultipart(depth: number): string {
  let body = 'leaf https://deep.example/';
  for (let level = depth; level > 0; level--) body = [`--n${level}`, `Content-Type: multipart/mixed; boundary="n${level + 1}"`, '', body, `--n${level}--`].join('\r\n');
  return ['From: a@sender.example', 'Content-Type: multipart/mixed; boundary="n1"', '', body].join('\r\n');
}

function nestedMessages(depth: number): string {
  let body = 'From: core@sender.example\r\n\r\nhttps://core.example/';
  for (let level = 0; level < depth; level++) body = `From: wrap${level}@sender.example\r\nContent-Type: message/rfc822\r\n\r\n${body}`;
  return body;
}

const encode = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));

/** Offsets of every line start: the boundaries a transfer cut off midway would stop at. */
function lineBoundaries(bytes: Uint8Array): number[] {
  const cuts: number[] = [];
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) cuts.push(at, at + 1);
  return cuts;
}

function flipBits(bytes: Uint8Array, next: () => number, count: number): Uint8Array {
  const copy = bytes.slice();
  for (let flip = 0; flip < count; flip++) copy[Math.floor(next() * copy.length)] ^= 1 << Math.floor(next() * 8);
  return copy;
}

function repeatBlock(bytes: Uint8Array, next: () => number, times: number): Uint8Array {
  const text = latin1(bytes);
  const start = Math.floor(next() * text.length);
  const block = text.slice(start, start + 1 + Math.floor(next() * 400));
  return encode(text.slice(0, start) + block.repeat(times) + text.slice(start));
}

async function expectWellBehaved(label: string, bytes: Uint8Array, fileName = 'fuzz.eml'): Promise<void> {
  const { events, issues } = await parseBytes(bytes, fileName);
  for (const issue of issues) {
    expect(issue.reason, label).not.toMatch(/^internal parser error/);
    expect(issue.file, label).toBe(fileName);
    expect(issue.offset, label).toBeGreaterThanOrEqual(0);
    expect(issue.offset, label).toBeLessThanOrEqual(bytes.length);
  }
  expect(issues.length, label).toBeLessThanOrEqual(MAX_LISTED_ISSUES + 1);
  expect(events.length, label).toBeLessThanOrEqual(lineBoundaries(bytes).length / 2 + 1);
  for (const event of events) {
    expect(event.user.length, label).toBeLessThanOrEqual(MAX_ADDRESS_CHARS);
    expect(event.host.length, label).toBeLessThanOrEqual(MAX_ADDRESS_CHARS);
    expect(event.message.length, label).toBeLessThanOrEqual(2 * MAX_ADDRESS_CHARS + 250);
    for (const value of Object.values(event.fields)) {
      if (typeof value === 'string') expect(value.length, label).toBeLessThanOrEqual(Math.max(MAX_FIELD_CHARS, MAX_BODY_CHARS));
    }
  }
}

describe('mail parser under mutation', () => {
  const seeds: ReadonlyArray<readonly [name: string, bytes: Uint8Array, fileName: string]> = [
    ['multipart', encode(multipartMessage()), 'fuzz.eml'],
    ['mbox', encode(mbox()), 'fuzz.mbox'],
  ];

  it('keeps the seeds themselves whole (so the mutations start from valid mail)', async () => {
    const { events, issues } = await parseBytes(seeds[0][1]);
    expect(issues).toEqual([]);
    expect(events[0].fields.attachment_urls).toContain('https://inside.example/login');
    expect(events[0].fields.urls).toContain('https://login.evil.example/v');
    expect((await parseBytes(seeds[1][1], 'fuzz.mbox')).events).toHaveLength(3);
  });

  it('survives a cut at every line boundary', async () => {
    for (const [name, bytes, fileName] of seeds) {
      for (const cut of lineBoundaries(bytes)) await expectWellBehaved(`${name} cut at ${cut}`, bytes.subarray(0, cut), fileName);
    }
  }, 10_000);

  it('survives seeded bit flips and repeated blocks', async () => {
    for (const [name, bytes, fileName] of seeds) {
      const next = random(0x5eed + bytes.length);
      for (let round = 0; round < 60; round++) {
        await expectWellBehaved(`${name} flips #${round}`, flipBits(bytes, next, 1 + Math.floor(next() * 64)), fileName);
        await expectWellBehaved(`${name} repeat #${round}`, repeatBlock(bytes, next, 2 + Math.floor(next() * 300)), fileName);
      }
    }
  }, 10_000);

  it('survives ZIP and PDF length fields set to 0 and to their maximum', async () => {
    for (const zipSize of [0, 0xffffffff]) {
      for (const zipNameLength of [0, 0xffff]) {
        for (const pdfLength of [0, 2 ** 53]) await expectWellBehaved(`zip ${zipSize}/${zipNameLength} pdf ${pdfLength}`, encode(multipartMessage(zipSize, zipNameLength, pdfLength)));
      }
    }
  }, 10_000);

  it('survives nesting far past the MIME and attached-message limits', async () => {
    for (const depth of [1, 47, 48, 49, 200, 2000]) {
      await expectWellBehaved(`multipart depth ${depth}`, encode(nestedMultipart(depth)));
      await expectWellBehaved(`rfc822 depth ${depth}`, encode(nestedMessages(depth)));
    }
  }, 10_000);
});
