import { CHUNK_BYTES, CHUNK_HEADER_BYTES, CHUNK_SIGNATURE_BYTES, hasChunkSignature } from './chunk-header';

/**
 * Where the chunks of a read buffer are. Chunks belong on a 64 KiB grid after the file header (libyal "Windows XML
 * Event Log (EVTX)" section 3), and a clean file is planned by checking the signature at each grid slot and at the
 * slot after it. Bytes inserted or removed move every later chunk off the grid; then the plan searches byte-wise
 * for the next chunk header and continues the grid from it:
 * - a slot without a signature starts a gap, which ends at the next chunk header found (or the buffer's end);
 * - a chunk whose next slot has no signature ends early when another chunk header starts inside it (bytes removed).
 * Plans are pure functions of the bytes, so they are made on the parsing thread and the chunks decoded anywhere.
 */

/**
 * Chunk "header size" field (offset 40), always 128 (libyal section 3.1). Off the grid, a signature only counts as
 * a chunk when this field and the free space offset are sane: event data can hold the 8 signature bytes by chance.
 */
const CHUNK_HEADER_SIZE_FIELD = 128;
const HEADER_SIZE_AT = 40;
const FREE_SPACE_AT = 48;

/**
 * What a read must hold, unless it reaches the end of the file, for a plan to move forward: a whole chunk and the
 * header after it (to see whether the next chunk starts on the grid or inside this one).
 */
export const PLAN_MIN_BYTES = CHUNK_BYTES + CHUNK_HEADER_BYTES;

/**
 * File offsets: a chunk to decode, `start` to `end` (at most 64 KiB; `cut` when the next chunk starts inside it), or
 * bytes without one.
 */
export type ChunkSpan =
  | { kind: 'chunk'; start: number; end: number; cut: boolean }
  | { kind: 'gap'; start: number; end: number; zero: boolean };

export interface ChunkPlan {
  /** Contiguous, in file order, from the buffer's first byte. */
  spans: ChunkSpan[];
  /** File offset of the first byte no span covers: where the next read starts. */
  next: number;
}

/**
 * Plans `bytes`, read from file offset `fileOffset` where a chunk should start. Unless `atFileEnd`, a chunk is only
 * planned with the header after it in the buffer, and a gap only up to where a header could still fit; the rest is
 * left to the next read, from `next`. A buffer of PLAN_MIN_BYTES or one reaching the file's end always moves on.
 */
export function planChunks(bytes: Uint8Array, fileOffset: number, atFileEnd: boolean): ChunkPlan {
  const spans: ChunkSpan[] = [];
  const length = bytes.length;
  let at = 0;
  while (at < length) {
    if (hasChunkSignature(bytes, at)) {
      const slotEnd = at + CHUNK_BYTES;
      if (!atFileEnd && slotEnd + CHUNK_HEADER_BYTES > length) break;
      const slotLimit = Math.min(slotEnd, length);
      const inner = slotLimit < length && !hasChunkSignature(bytes, slotLimit) ? findChunkHeader(bytes, at + CHUNK_SIGNATURE_BYTES, slotLimit) : -1;
      const end = inner >= 0 ? inner : slotLimit;
      spans.push({ kind: 'chunk', start: fileOffset + at, end: fileOffset + end, cut: inner >= 0 });
      at = end;
    } else {
      const searchEnd = atFileEnd ? length : length - CHUNK_HEADER_BYTES;
      if (at >= searchEnd) break;
      const found = findChunkHeader(bytes, at, searchEnd);
      const end = found >= 0 ? found : searchEnd;
      spans.push({ kind: 'gap', start: fileOffset + at, end: fileOffset + end, zero: allZero(bytes, at, end) });
      at = end;
    }
  }
  return { spans, next: fileOffset + at };
}

/** The first chunk header starting in `[from, to)`, or -1. */
export function findChunkHeader(bytes: Uint8Array, from: number, to: number): number {
  // indexOf is a native scan for the signature's first byte; most of a damaged region is passed over there.
  for (let at = bytes.indexOf(0x45, from); at >= 0 && at < to; at = bytes.indexOf(0x45, at + 1)) {
    if (hasChunkSignature(bytes, at) && plausibleChunkHeader(bytes, at)) return at;
  }
  return -1;
}

/** A header cut off by the end of the file is taken on its signature alone: decoding it reports the cut. */
function plausibleChunkHeader(bytes: Uint8Array, at: number): boolean {
  if (at + FREE_SPACE_AT + 4 > bytes.length) return true;
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, FREE_SPACE_AT + 4);
  const freeSpace = view.getUint32(FREE_SPACE_AT, true);
  return view.getUint32(HEADER_SIZE_AT, true) === CHUNK_HEADER_SIZE_FIELD && freeSpace >= CHUNK_HEADER_BYTES && freeSpace <= CHUNK_BYTES;
}

export function allZero(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}
