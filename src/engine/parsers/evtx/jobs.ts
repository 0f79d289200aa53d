import { eventId, type NormalizedEvent } from '../../events';
import type { ParseIssue } from '../../errors';
import { packEvents, packedBuffers, unpackEvents, type PackedEvents } from '../../pool/event-transfer';
import type { JobHandler } from '../../pool/jobs';
import { normalizeWindowsEvent } from '../windows/normalize';
import { decodeChunk } from './chunk-decoder';
import type { ChunkSpan } from './chunk-plan';

/**
 * The unit of EVTX work a pool thread runs: a read buffer and the chunks planned in it (`chunk-plan.ts`) in, each
 * span's outcome out, its events packed (`pool/event-transfer.ts`). A buffer of many chunks rather than a single one
 * because a message costs about as much as decoding a sparse chunk.
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

/** A span's outcome as it crosses threads: a decoded chunk's events are counted here and packed in the job output. */
export type PackedChunkResult =
  | { kind: 'gap'; offset: number; end: number; zero: boolean }
  | { kind: 'decoded'; offset: number; end: number; eventCount: number; issues: ParseIssue[] };

export interface EvtxChunksOutput {
  spans: PackedChunkResult[];
  /** The events of every decoded span, in span order. */
  events: PackedEvents;
}

const runChunks: JobHandler<EvtxChunksInput, EvtxChunksOutput> = (input) => {
  const results = spanResults(new Uint8Array(input.bytes), input.fileOffset, input.spans, input.fileName, input.fileIndex);
  const events: NormalizedEvent[] = [];
  const spans = results.map((result): PackedChunkResult => {
    if (result.kind === 'gap') return result;
    for (const event of result.output.events) events.push(event);
    return { kind: 'decoded', offset: result.offset, end: result.end, eventCount: result.output.events.length, issues: result.output.issues };
  });
  const packed = packEvents(events);
  return { output: { spans, events: packed }, transfer: packedBuffers(packed) };
};

/**
 * A job's output as the spans' outcomes, events unpacked in place. Output that does not add up is a fault of the
 * thread, not of the input: it throws, and the caller decodes the job itself.
 */
export function unpackChunkResults(output: EvtxChunksOutput): ChunkResult[] {
  const events = unpackEvents(output.events);
  const counted = output.spans.reduce((sum, span) => sum + (span.kind === 'decoded' ? span.eventCount : 0), 0);
  if (counted !== events.length) throw new Error(`the job's spans count ${counted} events, it returned ${events.length}`);
  let next = 0;
  return output.spans.map((span): ChunkResult => {
    if (span.kind === 'gap') return span;
    const own = events.slice(next, next + span.eventCount);
    next += span.eventCount;
    return { kind: 'decoded', offset: span.offset, end: span.end, output: { events: own, issues: span.issues } };
  });
}

export const jobs = { [EVTX_CHUNKS_JOB]: runChunks };
