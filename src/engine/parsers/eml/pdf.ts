/**
 * Link targets inside PDF attachments. Phishing PDFs are often one page with one link (to a credential page on a
 * free host), which a mail gateway that looks only at the mail body never sees. URI actions (ISO 32000-1 12.6.4.7,
 * `/URI (target)`) sit in plain objects or in compressed object streams (7.5.7), so FlateDecode streams are
 * inflated too, within the limits below.
 */

import { concatBytes } from '../../io/line-reader';

/** Compressed streams inflated per PDF, and the bytes one stream may take before and after inflating. */
export const MAX_PDF_STREAMS = 64;
export const MAX_PDF_STREAM_BYTES = 1024 * 1024;
export const MAX_PDF_INFLATED_BYTES = 4 * 1024 * 1024;
/**
 * Bytes inflated from all PDFs of one message. Deflate expands up to 1032:1, so 64 streams of 4 KiB each reach the
 * per-stream cap: without a message-wide budget, a message of such PDFs makes gigabytes of work.
 */
export const MAX_MESSAGE_INFLATED_BYTES = 32 * 1024 * 1024;
/** URIs kept per PDF, and characters of one URI string read. */
export const MAX_PDF_URIS = 100;
export const MAX_PDF_URI_CHARS = 4096;

/** What is left of the message-wide inflation budget; shared by the PDFs of one message. */
export interface InflationBudget {
  remaining: number;
}

export const newInflationBudget = (): InflationBudget => ({ remaining: MAX_MESSAGE_INFLATED_BYTES });

const PDF_MAGIC = '%PDF-';
const URI_KEY = /\/URI\s*\(/g;
const STREAM_START = /\/FlateDecode[^]{0,512}?stream\r?\n/g;

const latin1Decoder = new TextDecoder('latin1');
const latin1 = (bytes: Uint8Array): string => latin1Decoder.decode(bytes);

/** PDF literal strings escape `(`, `)` and `\` with a backslash (7.3.4.2). */
function unescapePdfString(text: string): string {
  return text.replace(/\\([()\\])/g, '$1');
}

/**
 * Inflates one stream. A stream cut at `endstream` often carries a line break after the zlib data, and hostile ones
 * are damaged on purpose, so an error keeps whatever was inflated before it.
 */
async function inflate(bytes: Uint8Array, budget: InflationBudget): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  const limit = Math.min(MAX_PDF_INFLATED_BYTES, budget.remaining);
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate')).getReader();
  try {
    while (total < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      const kept = value.subarray(0, limit - total);
      parts.push(kept);
      total += kept.length;
    }
    await reader.cancel();
  } catch {
    // Damaged or trailing data: the bytes inflated so far are still good.
  }
  budget.remaining -= total;
  return concatBytes(parts, total);
}

/** Characters a backslash may not escape in the strings read here: a backslash before a line end is not read. */
const LINE_END = /[\n\r\u2028\u2029]/;

/**
 * The literal string after `/URI` (7.3.4.2), read up to its unescaped `)`, or undefined when none comes within
 * `MAX_PDF_URI_CHARS` or a backslash precedes a line end (a line continuation, which this reader has never
 * joined); `end` is where reading stopped either way.
 */
function literalAt(text: string, open: number): { value?: string; end: number } {
  const stop = Math.min(text.length, open + 1 + MAX_PDF_URI_CHARS);
  for (let at = open + 1; at < stop; at++) {
    const char = text[at];
    if (char === '\\') {
      if (at + 1 < text.length && LINE_END.test(text[at + 1])) return { end: at + 1 };
      at++;
    } else if (char === ')') return at > open + 1 ? { value: text.slice(open + 1, at), end: at + 1 } : { end: at + 1 };
  }
  return { end: stop };
}

/**
 * URI actions in `text`. Each string is read once: after one that does not close, the search goes on where its
 * reading stopped, so `/URI(/URI(/URI(...` costs one pass instead of `MAX_PDF_URI_CHARS` per occurrence.
 */
function urisIn(text: string, into: Set<string>): void {
  URI_KEY.lastIndex = 0;
  for (let match = URI_KEY.exec(text); match && into.size < MAX_PDF_URIS; match = URI_KEY.exec(text)) {
    const literal = literalAt(text, match.index + match[0].length - 1);
    if (literal.value !== undefined) into.add(unescapePdfString(literal.value).trim());
    URI_KEY.lastIndex = literal.end;
  }
}

/** URI targets of one attachment when it is a PDF; `budget` caps inflation across all PDFs of the message. */
export async function pdfLinkTargets(bytes: Uint8Array, budget: InflationBudget = newInflationBudget()): Promise<string[]> {
  if (latin1(bytes.subarray(0, 1024)).indexOf(PDF_MAGIC) < 0) return [];
  const text = latin1(bytes);
  const uris = new Set<string>();
  urisIn(text, uris);
  let streams = 0;
  for (const match of text.matchAll(STREAM_START)) {
    if (streams++ >= MAX_PDF_STREAMS || uris.size >= MAX_PDF_URIS || budget.remaining <= 0) break;
    const start = match.index + match[0].length;
    // `endstream` is looked for within the stream limit only: a PDF without one is not searched to its end per stream.
    const window = Math.min(text.length, start + MAX_PDF_STREAM_BYTES);
    const end = text.slice(start, window).indexOf('endstream');
    urisIn(latin1(await inflate(bytes.subarray(start, end < 0 ? window : start + end), budget)), uris);
  }
  return [...uris];
}
