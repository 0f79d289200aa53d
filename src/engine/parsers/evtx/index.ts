import { EVENTS_PER_BATCH, MAX_LISTED_ISSUES } from '../../limits';
import type { NormalizedEvent } from '../../events';
import { InputError, issueFromThrown, type ParseIssue } from '../../errors';
import { readRange } from '../../io/blob-reader';
import { SniffScore, type ParseBatch, type ParseContext, type Parser } from '../types';
import { CHUNK_BYTES, hasChunkSignature } from './chunk-header';
import { ChunkPlacement } from './chunk-placement';
import { planChunks } from './chunk-plan';
import { FILE_FLAG_DIRTY, FILE_HEADER_BYTES, hasFileSignature, parseFileHeader } from './file-header';
import { spanResult, type ChunkResult, type EvtxChunkOutput } from './jobs';
import { POOL_READ_BYTES, pooledChunks } from './pooled-chunks';

export { POOL_JOB_CHUNKS } from './pooled-chunks';

/**
 * Windows XML EventLog (MS-EVEN6; libyal "Windows XML Event Log (EVTX)"): a 4 KiB file header, then independent
 * 64 KiB chunks. The file is read chunk by chunk, never whole, so memory stays flat whatever its size. With a pool,
 * chunks are decoded on its threads and this one (`pooled-chunks.ts`), and their events are still yielded in file
 * order.
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
  const sink = new BatchSink(ctx.fileName);
  const layout = readLayout(head, ctx.fileName, (issue) => sink.report(issue));
  const first = layout.firstChunkOffset;
  const results = ctx.pool && input.size >= EVTX_POOL_MIN_BYTES ? pooledChunks(input, ctx, ctx.pool, first) : inlineChunks(input, ctx, first);

  const placement = new ChunkPlacement(ctx.fileName, layout.headerChunkCount, (issue) => sink.report(issue));
  for await (const result of results) {
    if (result.kind === 'gap') placement.addGap(result.offset, result.end, result.zero);
    else {
      placement.addChunk();
      sink.add(result.output);
    }
    sink.bytesDone = result.end;
    if (sink.full()) yield sink.take();
    if (ctx.signal?.aborted) return;
  }
  placement.finish();
  if (first >= input.size && layout.headerChunkCount) {
    const reason = `the file ends after ${input.size} bytes, before the first of the ${layout.headerChunkCount} chunks its header lists`;
    sink.report(new InputError(ctx.fileName, input.size, reason, 'chunk').toIssue());
  }
  if (layout.headerChunkCount !== null && placement.chunks > layout.headerChunkCount) {
    const state = layout.dirty ? 'the file is marked dirty: it was not closed cleanly' : 'the file is not marked dirty';
    sink.report({
      file: ctx.fileName,
      offset: 42,
      reason: `the header lists ${layout.headerChunkCount} chunks, the file holds ${placement.chunks} (${state})`,
      structure: STRUCTURE_FILE,
      severity: 'warning',
    });
  }
  sink.bytesDone = input.size;
  yield sink.finish();
}

function readLayout(head: Uint8Array, file: string, report: (issue: ParseIssue) => void): ChunkLayout {
  // A file of bare chunks (carved from disk or memory) has no header; its first chunk starts at 0.
  if (!hasFileSignature(head) && hasChunkSignature(head)) return { firstChunkOffset: 0, headerChunkCount: null, dirty: false };
  try {
    const header = parseFileHeader(head, file);
    if (!header.checksumValid) report({ file, offset: 124, reason: 'file header checksum mismatch', structure: STRUCTURE_FILE, severity: 'warning' });
    return { firstChunkOffset: FILE_HEADER_BYTES, headerChunkCount: header.chunkCount, dirty: (header.flags & FILE_FLAG_DIRTY) !== 0 };
  } catch (error) {
    // Without a usable header the chunks may still be intact: look for them where they belong.
    report(issueFromThrown(error, file, 0));
    return { firstChunkOffset: FILE_HEADER_BYTES, headerChunkCount: null, dirty: false };
  }
}

/**
 * Bytes per inline read: the same 1 MiB runs the pool gets (and the header of the chunk after them). Larger reads
 * saved nothing and cost the parse 3-4% more CPU: each read is a fresh buffer outside the JavaScript heap, and V8
 * collects more often the more such memory is held.
 */
const INLINE_READ_BYTES = POOL_READ_BYTES;

/** Reads, plans (`chunk-plan.ts`) and decodes chunk by chunk; each read starts where the last plan stopped. */
async function* inlineChunks(input: Blob, ctx: ParseContext, first: number): AsyncGenerator<ChunkResult> {
  for (let offset = first; offset < input.size; ) {
    const bytes = await readRange(input, offset, INLINE_READ_BYTES);
    const plan = planChunks(bytes, offset, offset + bytes.length >= input.size);
    for (const span of plan.spans) {
      yield spanResult(bytes, offset, span, ctx.fileName, ctx.fileIndex);
      if (ctx.signal?.aborted) return;
    }
    offset = plan.next;
  }
}

/**
 * Gathers events into batches (see BATCH_MAX_INPUT_BYTES), so downstream work is amortized over many records, and
 * lists at most MAX_LISTED_ISSUES issues per file (a hostile file can hold a broken record every few bytes); past
 * that only a count is kept, reported with the last batch.
 */
class BatchSink {
  bytesDone = 0;
  private events: NormalizedEvent[] = [];
  private issues: ParseIssue[] = [];
  private batchStart = 0;
  private listedIssues = 0;
  private unlistedIssues = 0;

  constructor(private readonly file: string) {}

  add(output: EvtxChunkOutput): void {
    for (const event of output.events) this.events.push(event);
    for (const issue of output.issues) this.report(issue);
  }

  report(issue: ParseIssue): void {
    if (this.listedIssues >= MAX_LISTED_ISSUES) {
      this.unlistedIssues++;
      return;
    }
    this.listedIssues++;
    this.issues.push(issue);
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

  /** The last batch. */
  finish(): ParseBatch {
    const batch = this.take();
    if (this.unlistedIssues > 0) {
      const reason = `${this.unlistedIssues} more problems not listed (only the first ${MAX_LISTED_ISSUES} are)`;
      batch.issues.push({ file: this.file, offset: 0, reason, severity: 'error' });
    }
    return batch;
  }
}
