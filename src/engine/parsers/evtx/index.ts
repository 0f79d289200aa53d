import { EVENTS_PER_BATCH, READ_SLICE_BYTES } from '../../limits';
import type { NormalizedEvent } from '../../events';
import { InputError, issueFromThrown, type ParseIssue } from '../../errors';
import { readRange } from '../../io/blob-reader';
import { SniffScore, type ParseBatch, type ParseContext, type Parser, type WorkPool } from '../types';
import { CHUNK_BYTES, hasChunkSignature } from './chunk-header';
import { FILE_FLAG_DIRTY, FILE_HEADER_BYTES, hasFileSignature, parseFileHeader } from './file-header';
import { EVTX_CHUNKS_JOB, chunkResult, chunkRunResults, type ChunkResult, type EvtxChunkOutput, type EvtxChunksInput } from './jobs';

/**
 * Windows XML EventLog (MS-EVEN6; libyal "Windows XML Event Log (EVTX)"): a 4 KiB file header, then independent
 * 64 KiB chunks. The file is read chunk by chunk, never whole, so memory stays flat whatever its size. With a pool,
 * chunks are decoded on other threads, at most twice the pool size in flight, and their events are still yielded
 * in file order.
 */

/**
 * Below this size a file is decoded inline: threads take tens of milliseconds to start, about what decoding 16 MiB
 * inline costs, so only larger files gain from them (and many small files never start them).
 */
export const EVTX_POOL_MIN_BYTES = 256 * CHUNK_BYTES;

/**
 * A batch closes at EVENTS_PER_BATCH events or after this much input, whichever comes first. Sparse chunks hold few
 * records, and holding their events back for a full batch keeps them alive long enough to be promoted out of the
 * young generation, which costs the parse about a third of its CPU time; it also keeps progress moving.
 */
export const BATCH_MAX_INPUT_BYTES = 16 * CHUNK_BYTES;

const STRUCTURE_FILE = 'file header';

export const parser: Parser = {
  meta: { id: 'evtx', source: 'evtx', label: 'Windows event log (EVTX)', extensions: ['.evtx'] },
  sniff(head: Uint8Array, fileName: string): SniffScore {
    if (hasFileSignature(head) || hasChunkSignature(head)) return SniffScore.Magic;
    return fileName.toLowerCase().endsWith('.evtx') ? SniffScore.Extension : SniffScore.No;
  },
  parse: parseEvtx,
};

/** Where chunks start and how the header describes them. */
interface ChunkLayout {
  firstChunkOffset: number;
  headerChunkCount: number | null;
  dirty: boolean;
}

async function* parseEvtx(input: Blob, ctx: ParseContext): AsyncGenerator<ParseBatch> {
  const head = await readRange(input, 0, FILE_HEADER_BYTES);
  const issues: ParseIssue[] = [];
  const layout = readLayout(head, ctx.fileName, issues);
  const sink = new BatchSink();
  sink.issues.push(...issues);
  const chunkOffsets = chunkOffsetsOf(input.size, layout.firstChunkOffset);
  const results = ctx.pool && input.size >= EVTX_POOL_MIN_BYTES ? pooledChunks(input, ctx, ctx.pool, chunkOffsets) : inlineChunks(input, ctx, chunkOffsets);

  let signedChunks = 0;
  const unsigned = new UnsignedRun(ctx.fileName, layout, sink.issues);
  for await (const chunk of results) {
    if (chunk.kind === 'unsigned') {
      if (!chunk.zero) unsigned.add(chunk.offset);
    } else {
      unsigned.flush();
      signedChunks++;
      sink.add(chunk.output);
    }
    sink.bytesDone = Math.min(input.size, chunk.offset + CHUNK_BYTES);
    if (sink.full()) yield sink.take();
    if (ctx.signal?.aborted) return;
  }
  unsigned.flush();
  if (chunkOffsets.length === 0 && layout.headerChunkCount) {
    const reason = `the file ends after ${input.size} bytes, before the first of the ${layout.headerChunkCount} chunks its header lists`;
    sink.issues.push(new InputError(ctx.fileName, input.size, reason, 'chunk').toIssue());
  }
  if (layout.headerChunkCount !== null && signedChunks > layout.headerChunkCount) {
    const state = layout.dirty ? 'the file is marked dirty: it was not closed cleanly' : 'the file is not marked dirty';
    sink.issues.push({
      file: ctx.fileName,
      offset: 42,
      reason: `the header lists ${layout.headerChunkCount} chunks, the file holds ${signedChunks} (${state})`,
      structure: STRUCTURE_FILE,
      severity: 'warning',
    });
  }
  sink.bytesDone = input.size;
  yield sink.take();
}

function readLayout(head: Uint8Array, file: string, issues: ParseIssue[]): ChunkLayout {
  // A file of bare chunks (carved from disk or memory) has no header; its first chunk starts at 0.
  if (!hasFileSignature(head) && hasChunkSignature(head)) return { firstChunkOffset: 0, headerChunkCount: null, dirty: false };
  try {
    const header = parseFileHeader(head, file);
    if (!header.checksumValid) issues.push({ file, offset: 124, reason: 'file header checksum mismatch', structure: STRUCTURE_FILE, severity: 'warning' });
    return { firstChunkOffset: FILE_HEADER_BYTES, headerChunkCount: header.chunkCount, dirty: (header.flags & FILE_FLAG_DIRTY) !== 0 };
  } catch (error) {
    // Without a usable header the chunks may still be intact: look for them where they belong.
    issues.push(issueFromThrown(error, file, 0));
    return { firstChunkOffset: FILE_HEADER_BYTES, headerChunkCount: null, dirty: false };
  }
}

function chunkOffsetsOf(size: number, first: number): number[] {
  const offsets: number[] = [];
  for (let offset = first; offset < size; offset += CHUNK_BYTES) offsets.push(offset);
  return offsets;
}

async function* inlineChunks(input: Blob, ctx: ParseContext, offsets: number[]): AsyncGenerator<ChunkResult> {
  const chunksPerSlice = Math.max(1, Math.floor(READ_SLICE_BYTES / CHUNK_BYTES));
  for (let i = 0; i < offsets.length; i += chunksPerSlice) {
    const sliceStart = offsets[i];
    const slice = await readRange(input, sliceStart, chunksPerSlice * CHUNK_BYTES);
    for (let at = 0; at < slice.length; at += CHUNK_BYTES) {
      yield chunkResult(slice.subarray(at, at + CHUNK_BYTES), sliceStart + at, ctx.fileName, ctx.fileIndex);
      if (ctx.signal?.aborted) return;
    }
  }
}

/**
 * Chunks per pool job: one read, one message each way and one transferred buffer per 1 MiB rather than per 64 KiB
 * chunk (a message round trip costs about as much CPU as decoding a sparse chunk).
 */
export const POOL_JOB_CHUNKS = 16;

/**
 * Hands runs of POOL_JOB_CHUNKS chunks, each in the buffer it was read into (transferred, not copied), to the pool
 * and yields their chunks in file order, keeping at most twice the pool size in flight (as the Rust `evtx` crate
 * does). A run whose job fails (a thread died) is decoded inline instead (read again: its buffer went to the
 * thread), so a broken pool costs speed, not records.
 */
async function* pooledChunks(input: Blob, ctx: ParseContext, pool: WorkPool, offsets: number[]): AsyncGenerator<ChunkResult> {
  const maxInFlight = Math.max(1, pool.size * 2);
  const runBytes = POOL_JOB_CHUNKS * CHUNK_BYTES;
  const inFlight: Array<Promise<ChunkResult[]>> = [];
  const dispatch = (offset: number, run: Uint8Array): Promise<ChunkResult[]> => {
    const job: EvtxChunksInput = { bytes: ownBuffer(run), fileOffset: offset, fileName: ctx.fileName, fileIndex: ctx.fileIndex };
    // Started from a promise, so a pool that throws rather than rejects also falls back to inline decoding.
    return Promise.resolve()
      .then(() => pool.run<EvtxChunksInput, ChunkResult[]>(EVTX_CHUNKS_JOB, job, [job.bytes]))
      .catch(async () => chunkRunResults(await readRange(input, offset, runBytes), offset, ctx.fileName, ctx.fileIndex));
  };
  for (let next = 0; next < offsets.length || inFlight.length > 0; ) {
    while (next < offsets.length && inFlight.length < maxInFlight) {
      const offset = offsets[next];
      next += POOL_JOB_CHUNKS;
      inFlight.push(dispatch(offset, await readRange(input, offset, runBytes)));
    }
    for (const result of await (inFlight.shift() as Promise<ChunkResult[]>)) yield result;
    if (ctx.signal?.aborted) return;
  }
}

/** The bytes in a buffer of their own (the one they were read into, when they fill it), so it can be transferred. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const buffer = bytes.buffer;
  if (buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength) return buffer;
  return bytes.slice().buffer;
}

/**
 * Runs of chunk slots without a chunk signature, reported once per run rather than once per 64 KiB. Inside the
 * chunks the header lists, a missing signature is damage and records are lost (an error); past them it is slack
 * space after the log's last chunk (a warning).
 */
class UnsignedRun {
  private from = -1;
  private count = 0;
  private beyondHeader = false;

  constructor(
    private readonly file: string,
    private readonly layout: ChunkLayout,
    private readonly issues: ParseIssue[],
  ) {}

  add(offset: number): void {
    const index = (offset - this.layout.firstChunkOffset) / CHUNK_BYTES;
    const beyondHeader = this.layout.headerChunkCount !== null && index >= this.layout.headerChunkCount;
    if (this.count > 0 && beyondHeader !== this.beyondHeader) this.flush();
    if (this.count === 0) {
      this.from = offset;
      this.beyondHeader = beyondHeader;
    }
    this.count++;
  }

  flush(): void {
    if (this.count === 0) return;
    const what = this.count === 1 ? 'chunk slot has' : `${this.count} chunk slots in a row have`;
    const reason = this.beyondHeader
      ? `${what} no "ElfChnk" signature after the chunks the header lists; skipped as slack space`
      : `${what} no "ElfChnk" signature; skipped`;
    const issue = new InputError(this.file, this.from, reason, 'chunk header').toIssue(this.beyondHeader ? 'warning' : 'error');
    this.issues.push(issue);
    this.count = 0;
  }
}

/** Gathers events into batches (see BATCH_MAX_INPUT_BYTES), so downstream work is amortized over many records. */
class BatchSink {
  events: NormalizedEvent[] = [];
  issues: ParseIssue[] = [];
  bytesDone = 0;
  private batchStart = 0;

  add(output: EvtxChunkOutput): void {
    for (const event of output.events) this.events.push(event);
    for (const issue of output.issues) this.issues.push(issue);
  }

  full(): boolean {
    return this.events.length >= EVENTS_PER_BATCH || (this.events.length > 0 && this.bytesDone - this.batchStart >= BATCH_MAX_INPUT_BYTES);
  }

  take(): ParseBatch {
    const batch: ParseBatch = { events: this.events, issues: this.issues, bytesDone: this.bytesDone };
    this.events = [];
    this.issues = [];
    this.batchStart = this.bytesDone;
    return batch;
  }
}
