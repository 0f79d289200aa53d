import { eventId, type NormalizedEvent } from '../../events';
import type { ParseIssue } from '../../errors';
import type { JobHandler } from '../../pool/jobs';
import { normalizeWindowsEvent } from '../windows/normalize';
import { decodeChunk } from './chunk-decoder';
import type { ChunkSpan } from './chunk-plan';

/**
 * The unit of EVTX work a pool thread runs: a read buffer and the chunks planned in it (`chunk-plan.ts`) in, each
 * span's events and issues out. A buffer of many chunks rather than a single one because a message costs about as
 * much as decoding a sparse chunk.
 */

export const EVTX_CHUNKS_JOB = 'evtx.chunks';

export interface EvtxChunksInput {
  /** The read buffer the spans were planned in, transferred to the thread. */
  bytes: ArrayBuffer;
  /** File offset of the buffer's first byte. */
  fileOffset: number;
  /** What `planChunks` found in the buffer, file offsets. */
  spans: ChunkSpan[];
  fileName: string;
  fileIndex: number;
}

export interface EvtxChunkOutput {
  events: NormalizedEvent[];
  issues: ParseIssue[];
}

/** A span's outcome, file offsets: a decoded chunk, or bytes without one (reported by the caller, run by run). */
export type ChunkResult =
  | { kind: 'gap'; offset: number; end: number; zero: boolean }
  | { kind: 'decoded'; offset: number; end: number; output: EvtxChunkOutput };

export function chunkEvents(bytes: Uint8Array, fileOffset: number, fileName: string, fileIndex: number, cut: boolean): EvtxChunkOutput {
  const decoded = decodeChunk(bytes, fileOffset, fileName, cut);
  const events = decoded.records.map(({ offset, recordId, record }) =>
    normalizeWindowsEvent(record, 'evtx', { file: fileName, offset, record: recordId }, eventId(fileIndex, offset)),
  );
  return { events, issues: decoded.issues };
}

/** The span of `bytes` (a buffer read from file offset `fileOffset`) decoded, when it is a chunk. */
export function spanResult(bytes: Uint8Array, fileOffset: number, span: ChunkSpan, fileName: string, fileIndex: number): ChunkResult {
  if (span.kind === 'gap') return { kind: 'gap', offset: span.start, end: span.end, zero: span.zero };
  const chunk = bytes.subarray(span.start - fileOffset, span.end - fileOffset);
  return { kind: 'decoded', offset: span.start, end: span.end, output: chunkEvents(chunk, span.start, fileName, fileIndex, span.cut) };
}

export function spanResults(bytes: Uint8Array, fileOffset: number, spans: ChunkSpan[], fileName: string, fileIndex: number): ChunkResult[] {
  return spans.map((span) => spanResult(bytes, fileOffset, span, fileName, fileIndex));
}

const runChunks: JobHandler<EvtxChunksInput, ChunkResult[]> = (input) => ({
  output: spanResults(new Uint8Array(input.bytes), input.fileOffset, input.spans, input.fileName, input.fileIndex),
});

export const jobs = { [EVTX_CHUNKS_JOB]: runChunks };
