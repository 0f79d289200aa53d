import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../../src/engine/events';
import { EVTX_POOL_MIN_BYTES, POOL_JOB_CHUNKS, parser } from '../../../src/engine/parsers/evtx';
import { planChunks } from '../../../src/engine/parsers/evtx/chunk-plan';
import { EVTX_CHUNKS_JOB, unpackChunkResults, type EvtxChunksOutput } from '../../../src/engine/parsers/evtx/jobs';
import { SniffScore, type WorkPool } from '../../../src/engine/parsers/types';
import { runJob } from '../../../src/engine/pool/jobs';
import { SAMPLE_SYSTEM, eventTemplate, systemValues } from '../../helpers/evtx/fixtures';
import { InlinePool } from '../../helpers/evtx/inline-pool';
import { v } from '../../helpers/evtx/values';
import { CHUNK_BYTES, ChunkWriter, FILE_HEADER_BYTES, evtxFile } from '../../helpers/evtx/writer';
import { parseAll, type ParsedFile } from '../../helpers/parse-all';

const template = eventTemplate('parser', ['Index']);

/** `chunks` chunks of `perChunk` records each, record ids counting up across chunks. */
function multiChunkFile(chunks: number, perChunk: number): Uint8Array<ArrayBuffer> {
  const built: Uint8Array[] = [];
  let id = 1;
  for (let c = 0; c < chunks; c++) {
    const writer = new ChunkWriter();
    for (let r = 0; r < perChunk; r++, id++) writer.templateRecord(id, template, [...systemValues({ ...SAMPLE_SYSTEM, recordId: id }), v.uint32(id)]);
    built.push(writer.finish());
  }
  return evtxFile(built);
}

/** Long beside decoding a 1 MiB run of these small fixtures (well under a millisecond), short for a test. */
const SLOW_JOB_MS = 30;

/** A pool whose every job takes at least `delayMs`, as a thread busy with other work would. */
class SlowPool implements WorkPool {
  jobs = 0;
  constructor(
    private readonly inner: WorkPool,
    private readonly delayMs: number,
  ) {}

  get size(): number {
    return this.inner.size;
  }

  async run<Input, Output>(job: string, input: Input, transfer?: ArrayBuffer[]): Promise<Output> {
    this.jobs++;
    const output = await this.inner.run<Input, Output>(job, input, transfer);
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return output;
  }

  close(): void {
    this.inner.close();
  }
}

const parse = (bytes: Uint8Array<ArrayBuffer>, pool?: WorkPool): Promise<ParsedFile> =>
  parseAll(parser, new Blob([bytes]), { fileName: 'many.evtx', fileIndex: 0, pool });

describe('EVTX parser', () => {
  it('sniffs the file signature, a bare chunk, or only the extension', () => {
    const file = evtxFile([new ChunkWriter().finish()]);
    expect(parser.sniff(file.subarray(0, 4096), 'x.log')).toBe(SniffScore.Magic);
    expect(parser.sniff(file.subarray(FILE_HEADER_BYTES, FILE_HEADER_BYTES + 4096), 'x.bin')).toBe(SniffScore.Magic);
    expect(parser.sniff(new Uint8Array(16), 'Security.EVTX')).toBe(SniffScore.Extension);
    expect(parser.sniff(new TextEncoder().encode('<Event/>'), 'x.xml')).toBe(SniffScore.No);
  });

  it('registers its chunk-run job with the pool registry', async () => {
    const run = new Uint8Array(2 * CHUNK_BYTES + 100);
    run.set(multiChunkFile(1, 2).subarray(FILE_HEADER_BYTES));
    const bytes = run.buffer;
    const { spans } = planChunks(run, FILE_HEADER_BYTES, true);
    const { output, transfer } = await runJob(EVTX_CHUNKS_JOB, { bytes, fileOffset: FILE_HEADER_BYTES, spans, fileName: 'job.evtx', fileIndex: 3 });
    const packed = output as EvtxChunksOutput;
    // The events travel packed, their typed arrays moved rather than copied.
    expect(packed.events.count).toBe(2);
    expect(transfer).toEqual([packed.events.refs.buffer, packed.events.numbers.buffer]);
    const end = FILE_HEADER_BYTES + run.length;
    expect(unpackChunkResults(packed)).toMatchObject([
      { kind: 'decoded', offset: FILE_HEADER_BYTES, end: FILE_HEADER_BYTES + CHUNK_BYTES, output: { events: [{ id: `3:${FILE_HEADER_BYTES + 512}` }, { fields: { Index: '2' } }], issues: [] } },
      { kind: 'gap', offset: FILE_HEADER_BYTES + CHUNK_BYTES, end, zero: true },
    ]);
    await expect(runJob('no.such.job', {})).rejects.toThrow(/no pool job named/);
  });

  it('yields the same events in the same order with a pool, with at most twice its size in flight', async () => {
    const chunks = EVTX_POOL_MIN_BYTES / CHUNK_BYTES;
    const file = multiChunkFile(chunks, 2);
    const inline = await parse(file);
    const pool = new InlinePool(2);
    const pooled = await parse(file, pool);
    expect(inline.events).toHaveLength(chunks * 2);
    expect(inline.events.map((event) => event.fields.Index)).toEqual(Array.from({ length: chunks * 2 }, (_, i) => String(i + 1)));
    expect(pooled.events).toEqual(inline.events);
    expect(pooled.issues).toEqual(inline.issues);
    expect(pool.jobs).toBeGreaterThan(0);
    expect(pool.jobs).toBeLessThanOrEqual(Math.ceil(chunks / POOL_JOB_CHUNKS));
    expect(pool.peakInFlight).toBeGreaterThan(1);
    expect(pool.peakInFlight).toBeLessThanOrEqual(4);
    expect(pooled.progress.at(-1)).toBe(file.length);
    expect([...pooled.progress].sort((a, b) => a - b)).toEqual(pooled.progress);
  });

  it('decodes runs on this thread while the pool threads are busy, in file order', async () => {
    const chunks = EVTX_POOL_MIN_BYTES / CHUNK_BYTES;
    const file = multiChunkFile(chunks, 2);
    const slow = new SlowPool(new InlinePool(1), SLOW_JOB_MS);
    const pooled = await parse(file, slow);
    const runs = Math.ceil(chunks / POOL_JOB_CHUNKS);
    // Each job waits SLOW_JOB_MS, long enough for this thread to decode the runs after it meanwhile.
    expect(slow.jobs).toBeGreaterThan(0);
    expect(slow.jobs).toBeLessThan(runs);
    expect(pooled.events).toEqual((await parse(file)).events);
    expect(pooled.progress.at(-1)).toBe(file.length);
  });

  it('decodes a job again when its answer does not unpack, losing no record', async () => {
    const chunks = EVTX_POOL_MIN_BYTES / CHUNK_BYTES;
    const file = multiChunkFile(chunks, 2);
    const inner = new InlinePool(1);
    // A thread that miscounts: every answer claims one event more than it holds.
    const miscounting: WorkPool = {
      size: inner.size,
      run: async <Input, Output>(job: string, input: Input, transfer?: ArrayBuffer[]): Promise<Output> => {
        const output = await inner.run<Input, EvtxChunksOutput>(job, input, transfer);
        const spans = output.spans.map((span) => (span.kind === 'decoded' ? { ...span, eventCount: span.eventCount + 1 } : span));
        return { ...output, spans } as Output;
      },
      close: () => inner.close(),
    };
    const pooled = await parse(file, miscounting);
    expect(inner.jobs).toBeGreaterThan(0);
    expect(pooled.issues).toEqual([]);
    expect(pooled.events).toEqual((await parse(file)).events);
  });

  it('decodes inline when the pool fails, losing no record', async () => {
    const chunks = EVTX_POOL_MIN_BYTES / CHUNK_BYTES;
    const file = multiChunkFile(chunks, 1);
    const failing = new InlinePool(2, true);
    const { events, issues } = await parse(file, failing);
    expect(failing.jobs).toBeGreaterThan(0);
    expect(issues).toEqual([]);
    expect(events).toEqual((await parse(file)).events);
  });

  it('reports damaged, empty and cut-short chunk slots the same with a pool as inline', async () => {
    const chunks = EVTX_POOL_MIN_BYTES / CHUNK_BYTES + 3;
    const file = multiChunkFile(chunks, 1);
    // A run boundary falls inside the damage: slots 15-17 lose their signature, slot 40 is all zero, a record of slot 41
    // is overwritten, and the file ends 1000 bytes into its last chunk.
    for (const slot of [15, 16, 17]) file[FILE_HEADER_BYTES + slot * CHUNK_BYTES] = 0x58;
    file.fill(0, FILE_HEADER_BYTES + 40 * CHUNK_BYTES, FILE_HEADER_BYTES + 41 * CHUNK_BYTES);
    file.fill(0xff, FILE_HEADER_BYTES + 41 * CHUNK_BYTES + 512, FILE_HEADER_BYTES + 41 * CHUNK_BYTES + 530);
    const cut = file.slice(0, FILE_HEADER_BYTES + (chunks - 1) * CHUNK_BYTES + 1000);
    const inline = await parse(cut);
    const pooled = await parse(cut, new InlinePool(2));
    expect(inline.events).toHaveLength(chunks - 6);
    expect(inline.issues.filter((issue) => issue.severity === 'error').length).toBeGreaterThanOrEqual(3);
    expect(pooled.events).toEqual(inline.events);
    expect(pooled.issues).toEqual(inline.issues);
  });

  it('keeps small files off the pool', async () => {
    const pool = new InlinePool(2);
    const file = multiChunkFile(EVTX_POOL_MIN_BYTES / CHUNK_BYTES - 1, 1);
    expect(file.length).toBeLessThan(EVTX_POOL_MIN_BYTES);
    const { events } = await parse(file, pool);
    expect(events).toHaveLength(EVTX_POOL_MIN_BYTES / CHUNK_BYTES - 1);
    expect(pool.jobs).toBe(0);
  });

  it('batches events and reports progress up to the file size', async () => {
    const file = multiChunkFile(3, 40);
    const { events, progress } = await parse(file);
    expect(events).toHaveLength(120);
    expect(progress.at(-1)).toBe(FILE_HEADER_BYTES + 3 * CHUNK_BYTES);
  });

  it('stops at the next chunk when aborted', async () => {
    const controller = new AbortController();
    const events: NormalizedEvent[] = [];
    const blob = new Blob([multiChunkFile(80, 30)]);
    for await (const batch of parser.parse(blob, { fileName: 'big.evtx', fileIndex: 0, signal: controller.signal })) {
      events.push(...batch.events);
      controller.abort();
    }
    expect(events.length).toBeGreaterThan(0);
    expect(events.length).toBeLessThan(80 * 30);
  });
});

describe('EVTX parser with a pool that throws', () => {
  it('decodes inline when run() throws instead of rejecting', async () => {
    const throwing: WorkPool = {
      size: 2,
      run: () => {
        throw new Error('cannot start a thread');
      },
      close: () => {},
    };
    const file = multiChunkFile(EVTX_POOL_MIN_BYTES / CHUNK_BYTES, 1);
    const { events, issues } = await parse(file, throwing);
    expect(issues).toEqual([]);
    expect(events).toHaveLength(EVTX_POOL_MIN_BYTES / CHUNK_BYTES);
  });
});
