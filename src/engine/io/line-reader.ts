import { MAX_LINE_BYTES, READ_SLICE_BYTES, positiveLimit } from '../limits';
import { readSlices } from './blob-reader';

export interface TextLine {
  text: string;
  /** Byte offset of the line's first byte. */
  offset: number;
  /** 1-based. */
  lineNo: number;
  /** True when the line was longer than the limit and only its head was kept. */
  truncated: boolean;
}

const LF = 0x0a;
const CR = 0x0d;

export interface LineReadOptions {
  maxLineBytes?: number;
  sliceBytes?: number;
  signal?: AbortSignal;
}

/**
 * Streams the lines of a text blob with their byte offsets: UTF-8 (or ASCII), or UTF-16 when the file starts with
 * its byte-order mark, as Windows tools often write logs. Accepts LF and CRLF, decodes invalid bytes as U+FFFD
 * rather than failing, and cuts lines over `maxLineBytes`.
 */
export async function* readLines(blob: Blob, options: LineReadOptions = {}): AsyncGenerator<TextLine> {
  const encoding = utf16Encoding(new Uint8Array(await blob.slice(0, UTF16_PROBE_BYTES).arrayBuffer()));
  if (encoding) yield* readUtf16Lines(blob, encoding, options);
  else yield* readUtf8Lines(blob, options);
}

/** Bytes looked at to tell a UTF-16 log from binary that happens to start with FF FE. */
const UTF16_PROBE_BYTES = 514;

/**
 * A byte-order mark alone is two bytes any binary file can start with; UTF-16 logs are mostly ASCII, so most of
 * their code units also have a zero high byte.
 */
function utf16Encoding(head: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const littleEndian = head[0] === 0xff && head[1] === 0xfe;
  if (!littleEndian && !(head[0] === 0xfe && head[1] === 0xff)) return undefined;
  let units = 0;
  let asciiUnits = 0;
  for (let at = 2; at + 1 < head.length; at += 2, units++) {
    if (head[littleEndian ? at + 1 : at] === 0) asciiUnits++;
  }
  if (units > 0 && asciiUnits * 10 < units * 6) return undefined;
  return littleEndian ? 'utf-16le' : 'utf-16be';
}

async function* readUtf8Lines(blob: Blob, options: LineReadOptions): AsyncGenerator<TextLine> {
  const maxLine = positiveLimit(options.maxLineBytes, MAX_LINE_BYTES);
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  let carry: Uint8Array[] = [];
  let carryBytes = 0;
  let lineStart = 0;
  let lineNo = 0;
  let truncated = false;

  const emit = (tail: Uint8Array): TextLine => {
    const parts = carryBytes > 0 ? [...carry, tail] : [tail];
    let bytes = parts.length === 1 ? parts[0] : concatBytes(parts, carryBytes + tail.length);
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === CR) end--;
    const cut = truncated || end > maxLine;
    bytes = bytes.subarray(0, Math.min(end, maxLine));
    lineNo++;
    const line: TextLine = { text: decoder.decode(bytes), offset: lineStart, lineNo, truncated: cut };
    carry = [];
    carryBytes = 0;
    truncated = false;
    return line;
  };

  for await (const { bytes, offset } of readSlices(blob, options.sliceBytes ?? READ_SLICE_BYTES, options.signal)) {
    let from = 0;
    for (let i = bytes.indexOf(LF); i !== -1; i = bytes.indexOf(LF, from)) {
      yield emit(bytes.subarray(from, i));
      from = i + 1;
      lineStart = offset + from;
    }
    if (from < bytes.length) {
      const rest = bytes.subarray(from);
      if (carryBytes < maxLine + 1) {
        // Keep one byte past the limit so a CR at the limit is still seen as part of the line.
        const room = maxLine + 1 - carryBytes;
        const kept = rest.length > room ? rest.slice(0, room) : rest.slice();
        carry.push(kept);
        carryBytes += kept.length;
        if (rest.length > room) truncated = true;
      } else {
        truncated = true;
      }
    }
  }
  if (carryBytes > 0) yield emit(new Uint8Array(0));
}

/** Joins byte chunks whose lengths add up to `total` into one array. */
export function concatBytes(parts: readonly Uint8Array[], total: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const UTF16_BOM_BYTES = 2;

/**
 * UTF-16 cannot be split on the 0x0A byte (it is half of other characters), so it is decoded as a stream and split
 * on U+000A. Each code unit is two bytes, which keeps byte offsets exact.
 */
async function* readUtf16Lines(blob: Blob, encoding: 'utf-16le' | 'utf-16be', options: LineReadOptions): AsyncGenerator<TextLine> {
  const maxChars = Math.max(1, Math.floor(positiveLimit(options.maxLineBytes, MAX_LINE_BYTES) / 2));
  const decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
  let pending = '';
  let truncated = false;
  let unitsBefore = 0;
  let lineStartUnit = 0;
  let lineNo = 0;
  const emit = (): TextLine => {
    let text = pending.endsWith('\r') ? pending.slice(0, -1) : pending;
    const cut = truncated || text.length > maxChars;
    if (text.length > maxChars) text = text.slice(0, maxChars);
    lineNo++;
    const line = { text, offset: UTF16_BOM_BYTES + 2 * lineStartUnit, lineNo, truncated: cut };
    pending = '';
    truncated = false;
    return line;
  };
  const append = (part: string): void => {
    const room = maxChars + 1 - pending.length;
    if (part.length > room) truncated = true;
    if (room > 0) pending += part.length > room ? part.slice(0, room) : part;
  };
  const body = blob.slice(UTF16_BOM_BYTES);
  for await (const { bytes } of readSlices(body, options.sliceBytes ?? READ_SLICE_BYTES, options.signal)) {
    const text = decoder.decode(bytes, { stream: true });
    let from = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', from)) {
      append(text.slice(from, i));
      yield emit();
      from = i + 1;
      lineStartUnit = unitsBefore + from;
    }
    append(text.slice(from));
    unitsBefore += text.length;
  }
  append(decoder.decode());
  if (pending.length > 0 || truncated) yield emit();
}
