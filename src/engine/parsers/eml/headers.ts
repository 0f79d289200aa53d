import { MAX_HEADER_BLOCK_BYTES, MAX_HEADER_FIELDS, MAX_HEADER_VALUE_CHARS } from './limits';

/** One header field as written: name in lower case, value unfolded (RFC 5322 2.2.3) and cut to a limit. */
export interface RawHeader {
  name: string;
  value: string;
}

export interface HeaderBlock {
  headers: RawHeader[];
  /** Offset of the body within the message bytes (after the empty line), or the message length when there is none. */
  bodyOffset: number;
  /** Lines in the block that are neither a field nor a continuation. */
  malformedLines: number;
  /** Byte offset (within the message bytes) of the first such line. */
  firstMalformedOffset?: number;
  /** The block was longer than `MAX_HEADER_BLOCK_BYTES` or held more than `MAX_HEADER_FIELDS` fields. */
  truncated: boolean;
  /** Byte offset where reading stopped when `truncated`: the first field not kept, or the block limit. */
  truncatedOffset?: number;
  /** No empty line closed the block: the message is cut off, or has no body. */
  unterminated: boolean;
}

const LF = 0x0a;
const CR = 0x0d;

/** Offset just past the empty line that ends the header block (RFC 5322 2.1), within `MAX_HEADER_BLOCK_BYTES`. */
function headerBlockEnd(bytes: Uint8Array): { end: number; bodyOffset: number } | undefined {
  const stop = Math.min(bytes.length, MAX_HEADER_BLOCK_BYTES);
  for (let at = bytes.indexOf(LF); at !== -1 && at < stop; at = bytes.indexOf(LF, at + 1)) {
    if (bytes[at + 1] === LF) return { end: at + 1, bodyOffset: at + 2 };
    if (bytes[at + 1] === CR && bytes[at + 2] === LF) return { end: at + 1, bodyOffset: at + 3 };
  }
  return undefined;
}

/**
 * Reads the header block of one message. Header bytes are decoded as UTF-8 (RFC 6532 allows it; 8-bit Latin-1
 * bytes become U+FFFD rather than failing). NUL bytes are dropped: no header may hold one (RFC 5322 3.2.3) and
 * they only serve to split what a filter and a mail client see.
 */
export function readHeaderBlock(bytes: Uint8Array): HeaderBlock {
  const found = headerBlockEnd(bytes);
  const blockEnd = found ? found.end : Math.min(bytes.length, MAX_HEADER_BLOCK_BYTES);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, blockEnd)).replace(/\0/g, '');
  const headers: RawHeader[] = [];
  let malformedLines = 0;
  let firstMalformedOffset: number | undefined;
  let truncated = !found && bytes.length > MAX_HEADER_BLOCK_BYTES;
  let truncatedOffset = truncated ? blockEnd : undefined;
  // The decoder turns every LF byte into one '\n' and nothing else into one, so the n-th line of `text` starts
  // after the n-th LF of `bytes`: issues can name the byte where a line starts.
  let nextLineByte = 0;
  let current: { name: string; parts: string[]; chars: number } | undefined;
  const close = (): void => {
    if (!current) return;
    headers.push({ name: current.name, value: current.parts.join(' ').replace(/\s+/g, ' ').trim() });
    current = undefined;
  };
  for (const line of text.split('\n')) {
    const lineByte = nextLineByte;
    const lineFeed = bytes.indexOf(LF, lineByte);
    nextLineByte = lineFeed < 0 || lineFeed >= blockEnd ? blockEnd : lineFeed + 1;
    const clean = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (clean === '') continue;
    if ((clean[0] === ' ' || clean[0] === '\t') && current) {
      if (current.chars < MAX_HEADER_VALUE_CHARS) {
        const part = clean.slice(0, MAX_HEADER_VALUE_CHARS - current.chars);
        current.parts.push(part);
        current.chars += part.length;
      }
      continue;
    }
    const colon = clean.indexOf(':');
    if (colon <= 0 || /[\s]/.test(clean.slice(0, colon).trimEnd())) {
      malformedLines++;
      firstMalformedOffset ??= lineByte;
      continue;
    }
    close();
    if (headers.length >= MAX_HEADER_FIELDS) {
      truncated = true;
      truncatedOffset = lineByte;
      break;
    }
    const value = clean.slice(colon + 1, colon + 1 + MAX_HEADER_VALUE_CHARS);
    current = { name: clean.slice(0, colon).trim().toLowerCase(), parts: [value], chars: value.length };
  }
  close();
  const block: HeaderBlock = { headers, bodyOffset: found ? found.bodyOffset : bytes.length, malformedLines, truncated, unterminated: !found };
  if (firstMalformedOffset !== undefined) block.firstMalformedOffset = firstMalformedOffset;
  if (truncatedOffset !== undefined) block.truncatedOffset = truncatedOffset;
  return block;
}

/** Every value of a header, in order (topmost first, which for trace fields is the newest). */
export function headerValues(headers: readonly RawHeader[], name: string): string[] {
  const values: string[] = [];
  for (const header of headers) if (header.name === name) values.push(header.value);
  return values;
}

export function firstHeader(headers: readonly RawHeader[], name: string): string | undefined {
  return headers.find((header) => header.name === name)?.value;
}
