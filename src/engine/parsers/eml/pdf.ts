/**
 * Link targets inside PDF attachments. Phishing PDFs are often one page with one link (to a credential page on a
 * free host), which a mail gateway that looks only at the mail body never sees. URI actions (ISO 32000-1 12.6.4.7,
 * `/URI (target)`) sit in plain objects or in compressed object streams (7.5.7), so FlateDecode streams are
 * inflated too, within the limits below.
 */

/** Compressed streams inflated per PDF, and the bytes one stream may take before and after inflating. */
export const MAX_PDF_STREAMS = 64;
export const MAX_PDF_STREAM_BYTES = 1024 * 1024;
export const MAX_PDF_INFLATED_BYTES = 4 * 1024 * 1024;
/** URIs kept per PDF. */
export const MAX_PDF_URIS = 100;

const PDF_MAGIC = '%PDF-';
const URI_ACTION = /\/URI\s*\(((?:\\.|[^\\)]){1,4096})\)/g;
const STREAM_START = /\/FlateDecode[^]{0,512}?stream\r?\n/g;

const latin1 = (bytes: Uint8Array): string => new TextDecoder('latin1').decode(bytes);

/** PDF literal strings escape `(`, `)` and `\` with a backslash (7.3.4.2). */
function unescapePdfString(text: string): string {
  return text.replace(/\\([()\\])/g, '$1');
}

/**
 * Inflates one stream. A stream cut at `endstream` often carries a line break after the zlib data, and hostile ones
 * are damaged on purpose, so an error keeps whatever was inflated before it.
 */
async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate')).getReader();
  try {
    while (total <= MAX_PDF_INFLATED_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      total += value.length;
    }
    await reader.cancel();
  } catch {
    // Damaged or trailing data: the bytes inflated so far are still good.
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function urisIn(text: string, into: Set<string>): void {
  for (const match of text.matchAll(URI_ACTION)) {
    if (into.size >= MAX_PDF_URIS) return;
    into.add(unescapePdfString(match[1]).trim());
  }
}

export async function pdfLinkTargets(bytes: Uint8Array): Promise<string[]> {
  if (latin1(bytes.subarray(0, 1024)).indexOf(PDF_MAGIC) < 0) return [];
  const text = latin1(bytes);
  const uris = new Set<string>();
  urisIn(text, uris);
  let streams = 0;
  for (const match of text.matchAll(STREAM_START)) {
    if (streams++ >= MAX_PDF_STREAMS || uris.size >= MAX_PDF_URIS) break;
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    const stop = end < 0 ? Math.min(text.length, start + MAX_PDF_STREAM_BYTES) : Math.min(end, start + MAX_PDF_STREAM_BYTES);
    urisIn(latin1(await inflate(bytes.subarray(start, stop))), uris);
  }
  return [...uris];
}
