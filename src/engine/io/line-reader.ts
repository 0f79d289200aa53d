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

/**
 * Streams the lines of a UTF-8 (or ASCII) text blob with their byte offsets. Accepts LF and CRLF, strips a UTF-8
 * BOM, decodes invalid bytes as U+FFFD rather than failing, and cuts lines over `maxLineBytes`.
 */
export async function* readLines(
  blob: Blob,
  options: { maxLineBytes?: number; sliceBytes?: number; signal?: AbortSignal } = {},
): AsyncGenerator<TextLine> {
  const maxLine = positiveLimit(options.maxLineBytes, MAX_LINE_BYTES);
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  let carry: Uint8Array[] = [];
  let carryBytes = 0;
  let lineStart = 0;
  let lineNo = 0;
  let truncated = false;

  const emit = (tail: Uint8Array): TextLine => {
    const parts = carryBytes > 0 ? [...carry, tail] : [tail];
    let bytes = parts.length === 1 ? parts[0] : concat(parts, carryBytes + tail.length);
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

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
