import type { Attachment } from 'postal-mime';
import { trimTrailingPunctuation } from './domains';
import { MAX_ATTACHMENTS, MAX_ATTACHMENT_SCAN_BYTES, MAX_URL_CHARS } from './limits';
import { newInflationBudget, pdfLinkTargets } from './pdf';

export interface AttachmentSummary {
  names: string[];
  types: string[];
  sha256: string[];
  /** Total decoded bytes. */
  bytes: number;
  /** Names of ZIP archives whose entries are encrypted (APPNOTE.TXT 4.4.4, general purpose bit 0). */
  encryptedArchives: string[];
  /** What HTML and SVG attachments do when opened: script, decoding, redirects, forms (HTML smuggling, T1027.006). */
  activeContent: string[];
  /** Link targets inside attachments: PDF URI actions, URLs in calendar invites, shortcuts and other text files. */
  links: string[];
  /** Attachments beyond `MAX_ATTACHMENTS`, counted but not described. */
  skipped: number;
}

/**
 * Parts that count as attachments, as mail clients list them: a file name or `Content-Disposition: attachment`.
 * Inline images referenced from the HTML by Content-ID without a name are layout, not attachments.
 */
export function listedAttachments(attachments: readonly Attachment[]): Attachment[] {
  return attachments.filter((attachment) => Boolean(attachment.filename) || attachment.disposition === 'attachment');
}

function bytesOf(content: Attachment['content']): Uint8Array {
  if (typeof content === 'string') return new TextEncoder().encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

const ZIP_LOCAL_HEADER = 0x04034b50;
/** Local file headers checked per archive: enough to see whether entries are encrypted. */
const ZIP_ENTRIES_CHECKED = 16;

/** Whether a ZIP's first entries carry the encryption flag (APPNOTE.TXT 4.3.7 local header, 4.4.4 bit 0). */
export function zipHasEncryptedEntry(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  for (let entry = 0; entry < ZIP_ENTRIES_CHECKED && at + 30 <= bytes.length; entry++) {
    if (view.getUint32(at, true) !== ZIP_LOCAL_HEADER) return false;
    const flags = view.getUint16(at + 6, true);
    if (flags & 1) return true;
    // With bit 3 set the sizes follow the data, so the next header cannot be found without inflating.
    if (flags & 8) return false;
    const compressed = view.getUint32(at + 18, true);
    at += 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true) + compressed;
  }
  return false;
}

/** Markers of active content in HTML or SVG that a browser runs when the attachment is opened. */
const ACTIVE_MARKERS: ReadonlyArray<readonly [label: string, pattern: RegExp]> = [
  ['script', /<script\b/i],
  ['base64 decoding', /\batob\s*\(|base64,/i],
  ['string unescaping', /\bunescape\s*\(|fromCharCode\s*\(|decodeURIComponent\s*\(/i],
  ['dynamic code', /\beval\s*\(|new\s+Function\s*\(|document\.write\s*\(/i],
  ['blob download', /\bnew\s+Blob\s*\(|msSaveOrOpenBlob|createObjectURL/i],
  ['redirect', /(?:window|document|top|self)\.location|location\.(?:href|replace|assign)|http-equiv\s*=\s*["']?refresh/i],
  ['form', /<form\b/i],
  ['password field', /type\s*=\s*["']?password/i],
];

/** Link targets kept from all attachments of a message. */
export const MAX_ATTACHMENT_LINKS = 200;

/**
 * Text attachments whose links a reader can follow: calendar invites (RFC 5545, a meeting "link" that leads to a
 * phishing page is a known lure), Internet shortcuts (`URL=`), plain text and markup.
 */
const TEXT_NAME = /\.(?:ics|vcs|url|website|txt|csv|s?html?|xht(?:ml)?|svgz?|eml)$/i;
const TEXT_TYPE = /^(?:text\/|image\/svg\+xml$|application\/(?:ics|xhtml\+xml|internet-shortcut|x-url)$)/i;
const TEXT_URL = /\b(?:https?|ftp):\/\/[^\s"'<>()[\]{}\\]+/gi;

function isTextAttachment(name: string, mimeType: string): boolean {
  return TEXT_NAME.test(name) || TEXT_TYPE.test(mimeType);
}

function textLinkTargets(text: string): string[] {
  // RFC 5545 3.1 folds long lines with CRLF and one space; unfolding first keeps URLs whole.
  const unfolded = text.replace(/\r?\n[ \t]/g, '');
  const found: string[] = [];
  for (const match of unfolded.matchAll(TEXT_URL)) {
    if (found.length >= MAX_ATTACHMENT_LINKS) break;
    found.push(trimTrailingPunctuation(match[0].slice(0, MAX_URL_CHARS)));
  }
  return found;
}

const MARKUP_NAME = /\.(?:s?html?|xht(?:ml)?|svgz?|mht(?:ml)?)$/i;
const MARKUP_TYPE = /^(?:text\/html|image\/svg\+xml|application\/xhtml\+xml)$/i;

const utf8 = new TextDecoder('utf-8', { fatal: false });

export async function summarizeAttachments(attachments: readonly Attachment[]): Promise<AttachmentSummary> {
  const summary: AttachmentSummary = { names: [], types: [], sha256: [], bytes: 0, encryptedArchives: [], activeContent: [], links: [], skipped: 0 };
  const inflation = newInflationBudget();
  for (const [index, attachment] of attachments.entries()) {
    if (index >= MAX_ATTACHMENTS) {
      summary.skipped = attachments.length - index;
      break;
    }
    const name = (attachment.filename ?? '').replace(/[\0\r\n]/g, '').trim();
    const bytes = bytesOf(attachment.content);
    summary.names.push(name || `(unnamed ${attachment.mimeType})`);
    summary.types.push(attachment.mimeType);
    summary.sha256.push(await sha256Hex(bytes));
    summary.bytes += bytes.length;
    if (zipHasEncryptedEntry(bytes)) summary.encryptedArchives.push(name);
    const isText = isTextAttachment(name, attachment.mimeType);
    const isMarkup = MARKUP_NAME.test(name) || MARKUP_TYPE.test(attachment.mimeType);
    // An HTML or SVG attachment is both: its head is decoded once for its links and for its markers.
    const text = isText || isMarkup ? utf8.decode(bytes.subarray(0, MAX_ATTACHMENT_SCAN_BYTES)) : '';
    const targets = isText ? textLinkTargets(text) : await pdfLinkTargets(bytes, inflation);
    for (const target of targets) if (summary.links.length < MAX_ATTACHMENT_LINKS && !summary.links.includes(target)) summary.links.push(target);
    if (isMarkup) {
      const markers = ACTIVE_MARKERS.filter(([, pattern]) => pattern.test(text)).map(([label]) => label);
      if (markers.length > 0) summary.activeContent.push(`${name || attachment.mimeType}: ${markers.join(', ')}`);
    }
  }
  return summary;
}
