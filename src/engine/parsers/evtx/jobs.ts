import { eventId, type NormalizedEvent } from '../../events';
import type { ParseIssue } from '../../errors';
import type { JobHandler } from '../../pool/jobs';
import { normalizeWindowsEvent } from '../windows/normalize';
import { decodeChunk } from './chunk-decoder';

/** The unit of EVTX work a pool thread runs: one chunk in, its normalized events and issues out. */

export const EVTX_CHUNK_JOB = 'evtx.chunk';

export interface EvtxChunkInput {
  /** The chunk's bytes, transferred to the thread. */
  chunk: ArrayBuffer;
  fileOffset: number;
  fileName: string;
  fileIndex: number;
}

export interface EvtxChunkOutput {
  events: NormalizedEvent[];
  issues: ParseIssue[];
}

export function chunkEvents(bytes: Uint8Array, fileOffset: number, fileName: string, fileIndex: number): EvtxChunkOutput {
  const decoded = decodeChunk(bytes, fileOffset, fileName);
  const events = decoded.records.map(({ offset, recordId, record }) =>
    normalizeWindowsEvent(record, 'evtx', { file: fileName, offset, record: recordId }, eventId(fileIndex, offset)),
  );
  return { events, issues: decoded.issues };
}

const runChunk: JobHandler<EvtxChunkInput, EvtxChunkOutput> = (input) => ({
  output: chunkEvents(new Uint8Array(input.chunk), input.fileOffset, input.fileName, input.fileIndex),
});

export const jobs = { [EVTX_CHUNK_JOB]: runChunk };
