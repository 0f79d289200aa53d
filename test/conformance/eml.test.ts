/**
 * The mail parser against the corpus references (`*.eml.ref.json`, Python 3.11 `email` with policy.default): the
 * fields where both read the same thing must agree. Where they differ by design (display-name quoting, HTML
 * entities in URLs) the comparison normalizes both sides first.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../src/engine/events';
import { parser } from '../../src/engine/parsers/eml';

const CORPUS = path.resolve(process.cwd(), '../shared/corpus/eml');
const present = existsSync(CORPUS);
if (!present) console.warn(`eml conformance: skipped, ${CORPUS} is absent`);

interface Reference {
  from_addresses: { addr_spec: string }[];
  to_addresses: { addr_spec: string }[] | string | null;
  subject: string | null;
  date: string | null;
  message_id: string | null;
  attachments: { filename: string | null; size: number; sha256: string }[];
  hrefs_html: string[];
  urls_text_plain: string[];
}

function referenceFiles(): string[] {
  if (!present) return [];
  return readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.eml'))
    .sort();
}

async function parseMail(file: string): Promise<{ events: NormalizedEvent[]; errors: number }> {
  const blob = new Blob([readFileSync(file)]);
  const events: NormalizedEvent[] = [];
  let errors = 0;
  for await (const batch of parser.parse(blob, { fileName: path.basename(file), fileIndex: 0 })) {
    events.push(...batch.events);
    errors += batch.issues.filter((issue) => issue.severity === 'error').length;
  }
  return { events, errors };
}

const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
/** Python keeps undecodable bytes as \udcXX escapes, postal-mime as U+FFFD: both mean "not text", so both are dropped. */
const comparable = (text: string) => squash(text.replace(/[\udc80-\udcff\ufffd]/g, ''));
const list = (value: unknown) => (typeof value === 'string' && value ? value.split('; ') : []);
/** A plain mailbox `local@domain`; references hold anonymised or broken ones (`<>`, `"name"`, `a@b@c`). */
const isAddress = (text: string) => /^[^@\s"<>]+@[^@\s"<>]+$/.test(text);
const cleanHref = (href: string) => href.replace(/[\t\n\r]/g, '').trim();

describe.skipIf(!present)('eml parser against the Python email references', () => {
  const files = referenceFiles();

  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(100);
  });

  describe.each(files)('%s', (relative) => {
    const file = path.join(CORPUS, relative);
    const reference = JSON.parse(readFileSync(`${file}.ref.json`, 'utf8')) as Reference;

    it('reads one message without errors and agrees on sender, recipients, subject, date and id', async () => {
      const { events, errors } = await parseMail(file);
      expect(events).toHaveLength(1);
      expect(errors).toBe(0);
      const fields = events[0].fields;
      // Python splits `Name, <a@b>` into a mailbox without address and one with; the parser takes the one with.
      const senders = reference.from_addresses.map((address) => address.addr_spec.toLowerCase()).filter(isAddress);
      if (senders.length > 0) expect(senders).toContain(fields.from_address);
      const to = list(fields.to).map((entry) => /<([^<>]*)>$/.exec(entry)?.[1] ?? entry);
      // The reference holds an error text instead of a list where Python could not parse the field.
      if (Array.isArray(reference.to_addresses)) {
        expect(to.filter(isAddress)).toEqual(reference.to_addresses.map((address) => address.addr_spec.toLowerCase()).filter(isAddress));
      }
      expect(comparable(String(fields.subject ?? ''))).toBe(comparable(reference.subject ?? ''));
      // A Message-ID with two `@` (`<a@b@c>`) is cut by Python at the second; the parser keeps the header as written.
      if (String(fields.message_id ?? '').split('@').length <= 2) {
        expect(fields.message_id ?? null).toBe(reference.message_id ? reference.message_id.trim() : null);
      }
      const referenceTime = reference.date ? Date.parse(reference.date.replace(/\([^()]*\)/g, '')) : NaN;
      if (Number.isFinite(referenceTime)) expect(fields.date).toBe(new Date(referenceTime).toISOString());
    });

    it('lists the same attachments with the same SHA-256 and keeps every link target', async () => {
      const fields = (await parseMail(file)).events[0].fields;
      // postal-mime gives an empty part a line break as content, so only non-empty parts have comparable hashes.
      const hashes = list(fields.attachment_sha256);
      reference.attachments.forEach((attachment, index) => {
        if (attachment.size > 0) expect(hashes[index]).toBe(attachment.sha256);
      });
      expect(fields.attachment_count ?? 0).toBe(reference.attachments.length);
      const urls = new Set(list(fields.urls));
      const expected = [...reference.hrefs_html.map(cleanHref), ...reference.urls_text_plain].filter((url) => /^(?:https?|ftp):\/\//i.test(url));
      expect(expected.filter((url) => !urls.has(url) && ![...urls].some((kept) => kept.startsWith(url)))).toEqual([]);
    });
  });
});
