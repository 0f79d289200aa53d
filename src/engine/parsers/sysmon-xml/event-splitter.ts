import type { ParseIssue } from '../../errors';
import { concatBytes } from '../../io/line-reader';

/**
 * Cuts a stream of byte slices into whole `<Event ...>...</Event>` elements without decoding or parsing the rest of
 * the file, so memory is bounded by the slice plus one event (at most `maxEventBytes`), whatever the file size.
 * It works on bytes because event ids are byte offsets; `<`, `/`, `>` and the tag letters are single code units in
 * UTF-8 and two bytes (`x 00`) in UTF-16LE, the two encodings Windows tools write these exports in.
 */

export type XmlEncoding = 'utf-8' | 'utf-16le';

export interface EventBytes {
  /** Byte offset of the `<` of `<Event` in the file. */
  offset: number;
  bytes: Uint8Array;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;

function encodeAscii(text: string, encoding: XmlEncoding): Uint8Array {
  const unit = encoding === 'utf-16le' ? 2 : 1;
  const out = new Uint8Array(text.length * unit);
  for (let i = 0; i < text.length; i++) out[i * unit] = text.charCodeAt(i);
  return out;
}

/** Longest wrapper tag kept whole across a slice boundary (`<?xml ... standalone="yes"?>` is 56 characters). */
export const WRAPPER_TAG_BYTES = 256;

/** Characters of garbage quoted in its warning. */
export const GARBAGE_SAMPLE_CHARS = 40;

const EVENTS_TAG = /^<\/?Events(?:[\s/][^<>]*)?>/;

/**
 * Returns a sample of the first text between events that is not the wrapper (the XML declaration, comments,
 * `<Events>`, `</Events>`, a BOM, whitespace), or '' if there is none. One forward pass: each construct is skipped
 * with a single indexOf, so hostile input like a run of `<?` cannot make it quadratic.
 */
function firstGarbage(text: string): string {
  let pos = 0;
  while (pos < text.length) {
    const code = text.charCodeAt(pos);
    if (code === 0xfeff || isSpace(code)) {
      pos++;
      continue;
    }
    let end = -1;
    if (text.startsWith('<?', pos)) end = skipPast(text, '?>', pos + 2);
    else if (text.startsWith('<!--', pos)) end = skipPast(text, '-->', pos + 4);
    else if (text.startsWith('<Events', pos) || text.startsWith('</Events', pos)) {
      const tag = EVENTS_TAG.exec(text.slice(pos, pos + WRAPPER_TAG_BYTES));
      if (tag) end = pos + tag[0].length;
    }
    if (end === -1) return text.slice(pos, pos + GARBAGE_SAMPLE_CHARS).replace(/\s+/g, ' ');
    pos = end;
  }
  return '';
}

function skipPast(text: string, terminator: string, from: number): number {
  const at = text.indexOf(terminator, from);
  return at === -1 ? -1 : at + terminator.length;
}

export class EventSplitter {
  private readonly unit: number;
  private readonly openTag: Uint8Array;
  private readonly closeTag: Uint8Array;
  /** Unconsumed bytes carried to the next slice and the file offset of their first byte. */
  private pending = new Uint8Array(0);
  private pendingOffset = 0;
  /** After an oversize event: its remaining bytes up to the next `<Event` are dropped without more issues. */
  private skipping = false;
  /** File offset of the buffer being scanned: alignment and reported offsets are absolute. */
  private base = 0;

  constructor(
    private readonly file: string,
    private readonly encoding: XmlEncoding,
    private readonly maxEventBytes: number,
  ) {
    this.unit = encoding === 'utf-16le' ? 2 : 1;
    this.openTag = encodeAscii('<Event', encoding);
    this.closeTag = encodeAscii('</Event', encoding);
  }

  /** Adds the slice that starts at file offset `offset`; appends complete events and problems found so far. */
  push(slice: Uint8Array, offset: number, events: EventBytes[], issues: ParseIssue[]): void {
    const buffer = this.pending.length > 0 ? concatBytes([this.pending, slice], this.pending.length + slice.length) : slice;
    const base = this.pending.length > 0 ? this.pendingOffset : offset;
    const keep = this.scan(buffer, base, events, issues, false);
    this.pending = keep < buffer.length ? buffer.slice(keep) : new Uint8Array(0);
    this.pendingOffset = base + keep;
  }

  /** Call at the end of the file: whatever is left is a truncated event or trailing garbage. */
  finish(events: EventBytes[], issues: ParseIssue[]): void {
    this.scan(this.pending, this.pendingOffset, events, issues, true);
    this.pending = new Uint8Array(0);
  }

  /** Returns how many bytes of `buffer` were consumed; the rest must be kept for the next slice. */
  private scan(buffer: Uint8Array, base: number, events: EventBytes[], issues: ParseIssue[], atEnd: boolean): number {
    this.base = base;
    let pos = 0;
    for (;;) {
      const start = this.find(buffer, pos);
      if (start === -1) {
        const tailFrom = atEnd ? buffer.length : this.unfinishedTagStart(buffer, pos);
        this.checkBetween(buffer, pos, tailFrom, issues);
        return tailFrom;
      }
      this.checkBetween(buffer, pos, start, issues);
      this.skipping = false;
      // One pass to whichever comes first, `</Event` or another `<Event`, so a run of unclosed starts stays linear.
      const boundary = this.nextBoundary(buffer, start + this.openTag.length);
      if (boundary !== -1 && !this.isCloseAt(buffer, boundary)) {
        this.issue(issues, start, 'event is not closed before the next <Event>');
        pos = boundary;
        continue;
      }
      const closeEnd = boundary === -1 ? -1 : this.closeTagEnd(buffer, boundary);
      if (closeEnd === -1) {
        if (buffer.length - start > this.maxEventBytes) {
          this.issue(issues, start, `event larger than ${this.maxEventBytes} bytes`);
          this.skipping = true;
          return Math.max(start + this.openTag.length, this.unfinishedTagStart(buffer, start + this.openTag.length));
        }
        if (atEnd) {
          this.issue(issues, start, 'truncated event at the end of the file');
          return buffer.length;
        }
        return start;
      }
      if (closeEnd - start > this.maxEventBytes) {
        this.issue(issues, start, `event larger than ${this.maxEventBytes} bytes`);
      } else {
        events.push({ offset: this.base + start, bytes: buffer.subarray(start, closeEnd) });
      }
      pos = closeEnd;
    }
  }

  /**
   * Where the bytes that may still be part of a tag begin: the last `<` if it is within WRAPPER_TAG_BYTES of the end
   * (a cut `<Event` or `</Events>`), else the end. Those bytes wait for the next slice instead of being judged now.
   */
  private unfinishedTagStart(buffer: Uint8Array, from: number): number {
    const lastLt = buffer.lastIndexOf(LT);
    // A code unit cut by the slice end also waits (UTF-16LE slices can end between its two bytes).
    const alignedEnd = buffer.length - ((this.base + buffer.length) % this.unit);
    if (lastLt < from || buffer.length - lastLt > WRAPPER_TAG_BYTES * this.unit) return Math.max(from, alignedEnd);
    return lastLt - ((this.base + lastLt) % this.unit);
  }

  /** First aligned `<Event` start (followed by space, `>` or `/`) at or after `from`; -1 if none. */
  private find(buffer: Uint8Array, from: number): number {
    for (let at = buffer.indexOf(LT, from); at !== -1; at = buffer.indexOf(LT, at + 1)) {
      if (this.isOpenAt(buffer, at)) return at;
    }
    return -1;
  }

  /** First aligned `<Event` start or `</Event` end tag at or after `from`; -1 if none. */
  private nextBoundary(buffer: Uint8Array, from: number): number {
    for (let at = buffer.indexOf(LT, from); at !== -1; at = buffer.indexOf(LT, at + 1)) {
      if (this.isOpenAt(buffer, at) || this.isCloseAt(buffer, at)) return at;
    }
    return -1;
  }

  private isOpenAt(buffer: Uint8Array, at: number): boolean {
    return this.matchesTag(buffer, at, this.openTag, isOpenTagEnd);
  }

  private isCloseAt(buffer: Uint8Array, at: number): boolean {
    return this.matchesTag(buffer, at, this.closeTag, isCloseTagEnd);
  }

  /** `pattern` at an aligned `at` and a following character that `accept`s; a match cut by the buffer end is no match yet. */
  private matchesTag(buffer: Uint8Array, at: number, pattern: Uint8Array, accept: (code: number) => boolean): boolean {
    const after = at + pattern.length;
    if (after + this.unit > buffer.length || (this.base + at) % this.unit !== 0) return false;
    for (let i = 1; i < pattern.length; i++) if (buffer[at + i] !== pattern[i]) return false;
    return accept(this.codeAt(buffer, after));
  }

  private codeAt(buffer: Uint8Array, at: number): number {
    return this.unit === 1 ? buffer[at] : buffer[at] | (buffer[at + 1] << 8);
  }

  /** `</Event` may be followed by whitespace before `>` (XML 1.0 §3.1 ETag); returns the index after `>`, or -1. */
  private closeTagEnd(buffer: Uint8Array, closeAt: number): number {
    for (let at = closeAt + this.closeTag.length; at + this.unit - 1 < buffer.length; at += this.unit) {
      const code = this.codeAt(buffer, at);
      if (code === GT) return at + this.unit;
      if (!isSpace(code)) return -1;
    }
    return -1;
  }

  /** Reports anything between events that is not the wrapper (one warning per run of garbage). */
  private checkBetween(buffer: Uint8Array, from: number, to: number, issues: ParseIssue[]): void {
    if (to <= from || this.skipping) return;
    let onlySpace = true;
    for (let i = from; i < to; i++) {
      const byte = buffer[i];
      if (byte !== 0 && !isSpace(byte)) {
        onlySpace = false;
        break;
      }
    }
    if (onlySpace) return;
    const text = firstGarbage(new TextDecoder(this.encoding, { fatal: false }).decode(buffer.subarray(from, to)));
    if (text === '') return;
    issues.push({
      file: this.file,
      offset: this.base + from,
      reason: `unexpected content between events: ${JSON.stringify(text)}`,
      structure: 'Events',
      severity: 'warning',
    });
  }

  private issue(issues: ParseIssue[], at: number, reason: string): void {
    issues.push({ file: this.file, offset: this.base + at, reason, structure: 'Event', severity: 'error' });
  }
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** `<Event` must be followed by space, `>` or `/`, so `<EventData>`, `<EventID>` and `<Events>` are not starts. */
function isOpenTagEnd(code: number): boolean {
  return code === GT || code === SLASH || isSpace(code);
}

/** `</Event` followed by space or `>`, so `</Events>` is not the end of an event. */
function isCloseTagEnd(code: number): boolean {
  return code === GT || isSpace(code);
}
