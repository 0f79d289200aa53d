import { SniffScore } from '../types';

export const EMAIL_EXTENSIONS = ['.eml', '.mbox', '.mbx'];

/** Header names that only mail carries (RFC 5322 3.6, RFC 5321 4.4 trace fields, RFC 2045 MIME, RFC 6376 DKIM). */
const MAIL_HEADERS = new Set([
  'received', 'return-path', 'from', 'to', 'cc', 'subject', 'date', 'message-id', 'mime-version', 'delivered-to',
  'reply-to', 'sender', 'content-type', 'content-transfer-encoding', 'dkim-signature', 'authentication-results',
  'received-spf', 'arc-seal', 'x-mailer', 'in-reply-to', 'references', 'x-original-to', 'envelope-to', 'user-agent',
]);

/** RFC 5322 2.2: a field name is printable ASCII except the colon, written before the colon without spaces. */
const HEADER_LINE = /^([!-9;-~]{1,76}):/;
/** The mbox separator (RFC 4155): `From ` then the envelope sender and a date. */
const MBOX_SEPARATOR = /^From \S+ .*\d/;

/** Header lines a head must open with before it counts as mail, and how many of them mail-specific names. */
const MIN_HEADER_LINES = 3;
const MIN_MAIL_HEADERS = 2;

/**
 * Mail starts with a header block (RFC 5322 2.1): `Name: value` lines, folded continuations indented. A log line
 * such as `Jan  1 host sshd[1]: ...` has spaces before its colon, so it never reads as a field. Two mail-specific
 * names among the first lines keep a `Key: value` config or log file from being taken.
 */
export function sniffEmail(head: Uint8Array, fileName: string): SniffScore {
  if (looksLikeMailHead(new TextDecoder('latin1').decode(head))) return SniffScore.Content;
  const lower = fileName.toLowerCase();
  return EMAIL_EXTENSIONS.some((extension) => lower.endsWith(extension)) ? SniffScore.Extension : SniffScore.No;
}

function looksLikeMailHead(text: string): boolean {
  const lines = text.replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '').split(/\r?\n/);
  // The last line of the head may be cut short; it is never judged.
  lines.pop();
  let at = 0;
  if (lines.length > 0 && lines[0].startsWith('From ')) {
    if (!MBOX_SEPARATOR.test(lines[0])) return false;
    at = 1;
  }
  let headerLines = 0;
  const mailNames = new Set<string>();
  for (; at < lines.length; at++) {
    const line = lines[at];
    if (line === '') break;
    if ((line[0] === ' ' || line[0] === '\t') && headerLines > 0) continue;
    const match = HEADER_LINE.exec(line);
    if (!match) return false;
    headerLines++;
    const name = match[1].toLowerCase();
    if (MAIL_HEADERS.has(name)) mailNames.add(name);
  }
  return headerLines >= MIN_HEADER_LINES && mailNames.size >= MIN_MAIL_HEADERS;
}
