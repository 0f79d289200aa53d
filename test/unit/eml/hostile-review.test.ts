/**
 * Regressions of the hostile-input review: each test fails (or runs into its timeout, for work that was quadratic)
 * without the fix it names. Timeouts are a hang guard set far above the fixed cost, not a benchmark.
 */
import { deflateSync } from 'node:zlib';
import type { Attachment } from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { summarizeAttachments } from '../../../src/engine/parsers/eml/attachments';
import { MAX_AUTH_DOMAINS, summarizeAuthentication } from '../../../src/engine/parsers/eml/auth';
import { addressDomain, trimTrailingPunctuation } from '../../../src/engine/parsers/eml/domains';
import { MAX_ADDRESS_CHARS, MAX_BOUNDARY_LINES, MAX_HEADER_FIELDS, MAX_URL_CHARS } from '../../../src/engine/parsers/eml/limits';
import { MAX_MESSAGE_INFLATED_BYTES, MAX_PDF_INFLATED_BYTES, pdfLinkTargets } from '../../../src/engine/parsers/eml/pdf';
import { message, parseBytes } from './parse-helper';

const HANG_GUARD_MS = 5000;

const attachment = (filename: string, mimeType: string, content: Uint8Array): Attachment =>
  ({ filename, mimeType, disposition: 'attachment', content: content.slice().buffer }) as Attachment;

describe('trailing characters are trimmed in linear time', () => {
  it('reads the domain of an address ending in a long run of ">" (was a minute for 200 kB)', () => {
    expect(addressDomain('a@b' + '>'.repeat(300_000) + 'x')).toBe('b' + '>'.repeat(300_000) + 'x');
    expect(addressDomain(' User@Mail.Example.COM>  ')).toBe('mail.example.com');
    expect(addressDomain('no-at-sign')).toBe('');
  }, HANG_GUARD_MS);

  it('trims a URL made of punctuation without retrying at each character', () => {
    expect(trimTrailingPunctuation('https://a.example/' + '.'.repeat(300_000) + 'x').endsWith('.x')).toBe(true);
    expect(trimTrailingPunctuation('https://a.example/page.).;')).toBe('https://a.example/page.)');
  }, HANG_GUARD_MS);

  it('cuts a URL in a text attachment to the URL limit before trimming it', async () => {
    const text = new TextEncoder().encode(`see https://files.example/${'.'.repeat(1_000_000)}x and https://b.example/ok.`);
    const summary = await summarizeAttachments([attachment('notes.txt', 'text/plain', text)]);
    expect(summary.links).toHaveLength(2);
    expect(summary.links[0].length).toBeLessThanOrEqual(MAX_URL_CHARS);
    expect(summary.links[1]).toBe('https://b.example/ok');
  }, HANG_GUARD_MS);
});

describe('event columns stay one line', () => {
  it('caps user, host and message when Delivered-To and From are huge', async () => {
    const long = 'b'.repeat(200_000);
    const { events } = await parseBytes(message([`From: x@${long}.example`, `Delivered-To: a@${long}.example`, 'Subject: s']));
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event.user.length).toBe(MAX_ADDRESS_CHARS);
    expect(event.host.length).toBeLessThanOrEqual(MAX_ADDRESS_CHARS);
    expect(event.message.length).toBeLessThan(2 * MAX_ADDRESS_CHARS + 100);
    expect(event.message.startsWith('Mail from x@bbb')).toBe(true);
  });

  it('keeps ordinary addresses whole', async () => {
    const { events } = await parseBytes(message(['From: "Shop" <news@shop.example.com>', 'To: Ann <ann@corp.example>', 'Subject: hi']));
    expect(events[0]).toMatchObject({ user: 'ann@corp.example', host: 'corp.example', message: 'Mail from news@shop.example.com to ann@corp.example: hi' });
  });
});

describe('authentication domains', () => {
  it(`keeps at most ${MAX_AUTH_DOMAINS} domains, the topmost first, from a header block full of DKIM results`, () => {
    const headers = Array.from({ length: 300 }, (_, field) => ({
      name: 'authentication-results',
      value: `mx; ${Array.from({ length: 600 }, (_, i) => `dkim=pass header.d=d${field}x${i}.example`).join('; ')}`,
    }));
    const summary = summarizeAuthentication(headers);
    expect(summary.dkimDomains).toHaveLength(MAX_AUTH_DOMAINS);
    expect(summary.passedDomains).toHaveLength(MAX_AUTH_DOMAINS);
    expect(summary.dkimDomains[0]).toBe('d0x0.example');
    expect(summary.dkim).toBe('pass');
  }, HANG_GUARD_MS);
});

describe('PDF link targets', () => {
  const pdfWithCompressedUri = (uri: string, filler: number): Uint8Array => {
    const stream = deflateSync(Buffer.concat([Buffer.alloc(filler, 0x20), Buffer.from(`/URI (${uri})`)]));
    return new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Filter /FlateDecode >>\nstream\n'), stream, Buffer.from('\nendstream\n%%EOF')]));
  };

  it('reads a run of unclosed /URI( strings once, and still finds a URI after it (was 8 µs per occurrence)', async () => {
    const pdf = new TextEncoder().encode(`%PDF-1.4\n${'/URI('.repeat(1_000_000)}${' '.repeat(5000)}/URI (https://late.example/x)`);
    expect(await pdfLinkTargets(pdf)).toEqual(['https://late.example/x']);
  }, HANG_GUARD_MS);

  it('reads escaped parentheses and skips an empty string', async () => {
    expect(await pdfLinkTargets(new TextEncoder().encode('%PDF-1.4\n/URI () /URI (https://a.example/\\(1\\)) /URI(https://b.example/)'))).toEqual([
      'https://a.example/(1)',
      'https://b.example/',
    ]);
  });

  it('leaves a string with a line continuation unread, as the pattern it replaces did, and reads the next one', async () => {
    expect(await pdfLinkTargets(new TextEncoder().encode('%PDF-1.4\n/URI (https://a.example/x\\\r\ny) /URI (https://b.example/)'))).toEqual(['https://b.example/']);
  });

  it('shares one inflation budget between the PDFs of a message', async () => {
    // Each PDF inflates to the per-stream cap before its URI; the budget runs out after the first ones.
    const perPdf = MAX_PDF_INFLATED_BYTES;
    const pdfs = Array.from({ length: MAX_MESSAGE_INFLATED_BYTES / perPdf + 2 }, (_, index) =>
      attachment(`doc${index}.pdf`, 'application/pdf', pdfWithCompressedUri(`https://pdf${index}.example/`, perPdf - 40)),
    );
    const summary = await summarizeAttachments(pdfs);
    const found = summary.links.map((link) => Number(/pdf(\d+)/.exec(link)?.[1]));
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThanOrEqual(MAX_MESSAGE_INFLATED_BYTES / perPdf);
    expect(found).toEqual(found.map((_, index) => index));
  });

  it('inflates no more than the budget left', async () => {
    const pdf = pdfWithCompressedUri('https://after-filler.example/', 1000);
    expect(await pdfLinkTargets(pdf, { remaining: 500 })).toEqual([]);
    expect(await pdfLinkTargets(pdf, { remaining: 2000 })).toEqual(['https://after-filler.example/']);
  });
});

describe('issue offsets', () => {
  it('names the byte where the first malformed header line starts, not the message start', async () => {
    const head = 'From: a@sender.example\r\nSubject: s\r\n';
    const { issues } = await parseBytes(`${head}not a field\r\nTo: b@corp.example\r\nalso not one\r\n\r\nbody`);
    expect(issues).toEqual([expect.objectContaining({ structure: 'header field', offset: head.length, severity: 'warning' })]);
  });

  it('names the first field past the field limit, counted in bytes after multi-byte characters', async () => {
    const first = 'Subject: Grüße\r\n';
    const fields = Array.from({ length: MAX_HEADER_FIELDS }, (_, index) => `X-F${index}: v\r\n`);
    const text = `${first}${fields.join('')}\r\nbody`;
    const { issues } = await parseBytes(text);
    const bytesBefore = Buffer.byteLength(first + fields.slice(0, MAX_HEADER_FIELDS - 1).join(''));
    expect(issues).toEqual([expect.objectContaining({ structure: 'header block', offset: bytesBefore, severity: 'warning' })]);
  });
});

describe('MIME width', () => {
  it(`reads only the headers of a message with more than ${MAX_BOUNDARY_LINES} boundary lines`, async () => {
    const parts = Array.from({ length: MAX_BOUNDARY_LINES + 1 }, () => '--b\r\n\r\nx').join('\r\n');
    const { events, issues } = await parseBytes(message(['From: a@sender.example', 'Subject: wide', 'Content-Type: multipart/mixed; boundary=b'], parts));
    expect(events).toHaveLength(1);
    expect(events[0].fields).toMatchObject({ subject: 'wide', body_read: false });
    expect(issues).toEqual([expect.objectContaining({ structure: 'MIME body', severity: 'error' })]);
    expect(issues[0].reason).toContain('boundary lines');
  });

  it('still decodes a message with many parts below the limit', async () => {
    const parts = [...Array.from({ length: 50 }, (_, index) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${index}`), '--b--'].join('\r\n');
    const { events, issues } = await parseBytes(message(['From: a@sender.example', 'Content-Type: multipart/mixed; boundary=b'], parts));
    expect(issues).toEqual([]);
    expect(String(events[0].fields.body)).toContain('part 49');
  });
});
