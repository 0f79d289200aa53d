import { MAX_HTTP_CHUNK_LINE_BYTES } from '../limits';
import { latin1 } from '../stream-buffer';

/** How a message body is delimited (RFC 9112 section 6.3). */
export type BodyFraming =
  | { kind: 'none' }
  | { kind: 'length'; length: number }
  | { kind: 'chunked' }
  /** Until the connection closes: a response with neither length nor chunking. */
  | { kind: 'close' };

/** Bytes of the body kept for recognising the content by its magic number. */
export const SNIFF_PREFIX_BYTES = 16;

type ChunkPhase = 'size' | 'data' | 'data-end' | 'trailer';

/** Counts the bytes of one body as they arrive, keeping only its first few for sniffing. */
export class BodyReader {
  length = 0;
  readonly prefix = new Uint8Array(SNIFF_PREFIX_BYTES);
  prefixLength = 0;
  malformed = false;
  done: boolean;
  private remaining: number;
  private phase: ChunkPhase = 'size';

  constructor(private readonly framing: BodyFraming) {
    this.remaining = framing.kind === 'length' ? framing.length : 0;
    this.done = framing.kind === 'none' || (framing.kind === 'length' && framing.length === 0);
  }

  /** The body's first bytes read so far, at most SNIFF_PREFIX_BYTES of them. */
  get head(): Uint8Array {
    return this.prefix.subarray(0, this.prefixLength);
  }

  /** Consumes what it can of `bytes`; returns the count used. Stops at the end of the body. */
  read(bytes: Uint8Array): number {
    if (this.done) return 0;
    switch (this.framing.kind) {
      case 'close':
        this.take(bytes);
        return bytes.length;
      case 'length': {
        const used = Math.min(bytes.length, this.remaining);
        this.take(bytes.subarray(0, used));
        this.remaining -= used;
        if (this.remaining === 0) this.done = true;
        return used;
      }
      case 'chunked':
        return this.readChunked(bytes);
      default:
        return 0;
    }
  }

  private take(data: Uint8Array): void {
    this.length += data.length;
    const room = SNIFF_PREFIX_BYTES - this.prefixLength;
    if (room > 0) {
      const head = data.subarray(0, room);
      this.prefix.set(head, this.prefixLength);
      this.prefixLength += head.length;
    }
  }

  /** RFC 9112 section 7.1: chunk-size [ext] CRLF data CRLF ... 0 CRLF trailers CRLF. */
  private readChunked(bytes: Uint8Array): number {
    let at = 0;
    while (at < bytes.length && !this.done) {
      if (this.phase === 'data') {
        const used = Math.min(bytes.length - at, this.remaining);
        this.take(bytes.subarray(at, at + used));
        this.remaining -= used;
        at += used;
        if (this.remaining === 0) this.phase = 'data-end';
        continue;
      }
      const newline = bytes.indexOf(10, at);
      if (newline < 0) {
        if (bytes.length - at > MAX_HTTP_CHUNK_LINE_BYTES) this.fail();
        return at;
      }
      const line = latin1(bytes, at, newline).replace(/\r$/, '');
      at = newline + 1;
      if (this.phase === 'data-end') {
        if (line !== '') return this.fail();
        this.phase = 'size';
      } else if (this.phase === 'size') {
        const size = /^([0-9a-fA-F]{1,8})(?:[ \t]*;.*)?[ \t]*$/.exec(line);
        if (!size) return this.fail();
        this.remaining = parseInt(size[1], 16);
        this.phase = this.remaining === 0 ? 'trailer' : 'data';
      } else if (line === '') {
        this.done = true;
      }
    }
    return at;
  }

  private fail(): number {
    this.malformed = true;
    this.done = true;
    return 0;
  }
}

/** Executables and archives recognised by their first bytes; anything else takes the declared Content-Type. */
const MAGIC: ReadonlyArray<[number[], string]> = [
  [[0x4d, 0x5a], 'application/x-dosexec'],
  [[0x7f, 0x45, 0x4c, 0x46], 'application/x-executable'],
  [[0x50, 0x4b, 0x03, 0x04], 'application/zip'],
  [[0x25, 0x50, 0x44, 0x46], 'application/pdf'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'application/vnd.ms-office'],
  [[0x52, 0x61, 0x72, 0x21], 'application/x-rar'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'application/x-7z-compressed'],
  [[0x1f, 0x8b], 'application/gzip'],
];

export function sniffMime(prefix: Uint8Array, declared: string | undefined): string | undefined {
  for (const [magic, mime] of MAGIC) if (magic.length <= prefix.length && magic.every((byte, i) => prefix[i] === byte)) return mime;
  const type = declared?.split(';')[0].trim().toLowerCase();
  return type || undefined;
}
