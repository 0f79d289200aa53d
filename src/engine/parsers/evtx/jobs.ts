import { eventId, type NormalizedEvent } from '../../events';
import type { ParseIssue } from '../../errors';
import type { JobHandler } from '../../pool/jobs';
import { normalizeWindowsEvent } from '../windows/normalize';
import { CHUNK_BYTES, hasChunkSignature } from './chunk-header';
import { decodeChunk } from './chunk-decoder';

/**
 * The unit of EVTX work a pool thread runs: a run of consecutive chunks in, each chunk's events and issues out. A
 * run rather than a single chunk because a message costs about as much as decoding a sparse chunk.
 */

export const EVTX_CHUNKS_JOB = 'evtx.chunks';

export interface EvtxChunksInput {
  /** Consecutive chunks (the last one short where the file ends), transferred to the thread. */
  bytes: ArrayBuffer;
  /** File offset of the first chunk. */
  fileOffset: number;
  fileName: string;
  fileIndex: number;
}

export interface EvtxChunkOutput {
  events: NormalizedEvent[];
  issues: ParseIssue[];
}

/**
 * One chunk slot. Slots without a chunk signature are collapsed by the caller; all-zero ones are unused space and
 * reported not at all.
 */
export type ChunkResult = { kind: 'unsigned'; offset: number; zero: boolean } | { kind: 'decoded'; offset: number; output: EvtxChunkOutput };

export function chunkEvents(bytes: Uint8Array, fileOffset: number, fileName: string, fileIndex: number): EvtxChunkOutput {
  const decoded = decodeChunk(bytes, fileOffset, fileName);
  const events = decoded.records.map(({ offset, recordId, record }) =>
    normalizeWindowsEvent(record, 'evtx', { file: fileName, offset, record: recordId }, eventId(fileIndex, offset)),
  );
  return { events, issues: decoded.issues };
}

/** The chunk slot `bytes`, which starts at file offset `fileOffset`. */
export function chunkResult(bytes: Uint8Array, fileOffset: number, fileName: string, fileIndex: number): ChunkResult {
  if (!hasChunkSignature(bytes)) return { kind: 'unsigned', offset: fileOffset, zero: bytes.every((byte) => byte === 0) };
  return { kind: 'decoded', offset: fileOffset, output: chunkEvents(bytes, fileOffset, fileName, fileIndex) };
}

/** Every chunk slot of `run` (consecutive chunks from file offset `fileOffset`), in file order. */
export function chunkRunResults(run: Uint8Array, fileOffset: number, fileName: string, fileIndex: number): ChunkResult[] {
  const results: ChunkResult[] = [];
  for (let at = 0; at < run.length; at += CHUNK_BYTES) results.push(chunkResult(run.subarray(at, at + CHUNK_BYTES), fileOffset + at, fileName, fileIndex));
  return results;
}

const runChunks: JobHandler<EvtxChunksInput, ChunkResult[]> = (input) => ({
  output: chunkRunResults(new Uint8Array(input.bytes), input.fileOffset, input.fileName, input.fileIndex),
});

export const jobs = { [EVTX_CHUNKS_JOB]: runChunks };
