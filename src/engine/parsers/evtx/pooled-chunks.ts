import { readRange } from '../../io/blob-reader';
import type { ParseContext, WorkPool } from '../types';
import { CHUNK_BYTES, CHUNK_HEADER_BYTES } from './chunk-header';
import { planChunks, type ChunkSpan } from './chunk-plan';
import { EVTX_CHUNKS_JOB, spanResults, unpackChunkResults, type ChunkResult, type EvtxChunksInput, type EvtxChunksOutput } from './jobs';

/**
 * Chunks per job: one read, one message each way and one transferred buffer per 1 MiB rather than per 64 KiB
 * chunk (a message round trip costs about as much CPU as decoding a sparse chunk).
 */
export const POOL_JOB_CHUNKS = 16;
/** Bytes per job read: POOL_JOB_CHUNKS chunks and the header of the chunk after them. */
export const POOL_READ_BYTES = POOL_JOB_CHUNKS * CHUNK_BYTES + CHUNK_HEADER_BYTES;

/**
 * Jobs this thread may decode itself ahead of a job still on a pool thread. Their events wait in memory for the
 * earlier ones, so this bounds what is held (with the jobs in flight: (2 x pool size + this) x 1 MiB of input).
 */
export const LOCAL_JOBS_AHEAD = 2;

/**
 * Task hops per turn: the runtime may deliver this channel's first message before another port's (a pool thread's
 * answer) queued earlier, never its second.
 */
const TURN_HOPS = 2;

/**
 * Lets the tasks already queued run, a pool thread's answer among them. A MessageChannel message is a task in
 * browsers, workers and Node alike, where awaiting a promise does not get that far: Node even completes an in-memory
 * Blob read without a task, so a thread decoding read after read would never see the pool's answers and leave it
 * idle.
 */
class TaskTurn {
  private readonly channel = new MessageChannel();
  private resume: (() => void) | null = null;
  private hops = 0;

  constructor() {
    this.channel.port1.onmessage = () => {
      if (++this.hops < TURN_HOPS) {
        this.channel.port2.postMessage(null);
        return;
      }
      const resume = this.resume;
      this.resume = null;
      resume?.();
    };
  }

  next(): Promise<void> {
    return new Promise((resolve) => {
      this.hops = 0;
      this.resume = resolve;
      this.channel.port2.postMessage(null);
    });
  }

  /** An open port keeps Node's event loop alive. */
  close(): void {
    this.channel.port1.close();
  }
}

/**
 * A job in file order. A pool job's answer stays packed until the job is yielded: objects made just before the
 * consumer reads them die young, where objects made on arrival wait behind earlier jobs long enough to be promoted
 * out of V8's young generation, whose collection then costs the helper threads CPU time the pool needs.
 */
interface QueuedJob {
  /** Decoded here, or unpacked. */
  results: ChunkResult[] | null;
  /** A pool thread's answer, not yet unpacked. */
  packed: EvtxChunksOutput | null;
  /** Settles once `results` or `packed` is set. */
  settled: Promise<void> | null;
  /** A pool job decoded here instead: when the pool failed it, or its answer does not unpack. */
  decodeAgain: (() => Promise<ChunkResult[]>) | null;
}

/**
 * Decodes the file in 1 MiB jobs spread over the pool's threads and this one, and yields their results in file
 * order. Each read is planned here (`chunk-plan.ts`, a signature check per chunk on a clean file), so the next read
 * starts where the chunks really continue. The pool gets a job (its buffer transferred, not copied) whenever it has
 * fewer than twice its size in flight, as the Rust `evtx` crate keeps it; when the next job to yield is still on a
 * thread, this thread decodes the next read itself rather than wait. Its own jobs skip the packing and unpacking a
 * pool job's events cost, and a busy consumer (rules run on this thread between batches) leaves it no time to, so
 * the work shifts to the threads exactly as far as this thread is free. A job that fails (a thread died) is decoded
 * here instead (read again: its buffer went to the thread), so a broken pool costs speed, not records.
 */
export async function* pooledChunks(input: Blob, ctx: ParseContext, pool: WorkPool, first: number): AsyncGenerator<ChunkResult> {
  const maxInFlight = Math.max(1, pool.size * 2);
  const maxQueued = maxInFlight + LOCAL_JOBS_AHEAD;
  const queue: QueuedJob[] = [];
  let inFlight = 0;
  let offset = first;

  const readNext = async (): Promise<{ at: number; bytes: Uint8Array; spans: ChunkSpan[] }> => {
    const at = offset;
    const bytes = await readRange(input, at, POOL_READ_BYTES);
    const plan = planChunks(bytes, at, at + bytes.length >= input.size);
    offset = plan.next;
    return { at, bytes, spans: plan.spans };
  };
  const decodeHere = (at: number, bytes: Uint8Array, spans: ChunkSpan[]): QueuedJob => {
    return { results: spanResults(bytes, at, spans, ctx.fileName, ctx.fileIndex), packed: null, settled: null, decodeAgain: null };
  };
  const dispatch = (at: number, bytes: Uint8Array, spans: ChunkSpan[]): QueuedJob => {
    const job: EvtxChunksInput = { bytes: ownBuffer(bytes), fileOffset: at, spans, fileName: ctx.fileName, fileIndex: ctx.fileIndex };
    const readBytes = bytes.length;
    // Read again: the buffer went to the thread.
    const decodeAgain = async (): Promise<ChunkResult[]> =>
      spanResults(await readRange(input, at, readBytes), at, spans, ctx.fileName, ctx.fileIndex);
    const queued: QueuedJob = { results: null, packed: null, settled: null, decodeAgain };
    inFlight++;
    // Started from a promise, so a pool that throws rather than rejects also falls back to decoding here.
    queued.settled = Promise.resolve()
      .then(() => pool.run<EvtxChunksInput, EvtxChunksOutput>(EVTX_CHUNKS_JOB, job, [job.bytes]))
      .then(
        (packed) => {
          queued.packed = packed;
        },
        async () => {
          queued.results = await decodeAgain();
        },
      )
      .finally(() => {
        inFlight--;
      });
    // A job still running when the parse stops early (aborted) is never awaited; its failure must not surface as an
    // unhandled rejection. An awaited one still throws where it is awaited.
    queued.settled.catch(() => undefined);
    return queued;
  };
  const resultsOf = async (job: QueuedJob): Promise<ChunkResult[]> => {
    if (job.results === null && job.packed === null) await job.settled;
    if (job.results !== null) return job.results;
    try {
      return unpackChunkResults(job.packed as EvtxChunksOutput);
    } catch (error) {
      if (job.decodeAgain === null) throw error;
      return job.decodeAgain();
    }
  };

  const turn = new TaskTurn();
  let turnTaken = false;
  try {
    while (offset < input.size || queue.length > 0) {
      while (offset < input.size && inFlight < maxInFlight && queue.length < maxQueued) {
        const { at, bytes, spans } = await readNext();
        // A read with no chunk in it is not worth a message.
        queue.push(spans.some((span) => span.kind === 'chunk') ? dispatch(at, bytes, spans) : decodeHere(at, bytes, spans));
      }
      const head = queue[0];
      if (head.results === null && head.packed === null && offset < input.size && queue.length < maxQueued) {
        // Answers that arrived meanwhile are taken first (the loop refills the pool), then this thread takes the next
        // read if the head is still out.
        if (!turnTaken) {
          await turn.next();
          turnTaken = true;
          continue;
        }
        turnTaken = false;
        const { at, bytes, spans } = await readNext();
        queue.push(decodeHere(at, bytes, spans));
        continue;
      }
      turnTaken = false;
      queue.shift();
      for (const result of await resultsOf(head)) yield result;
      if (ctx.signal?.aborted) return;
    }
  } finally {
    turn.close();
  }
}

/** The bytes in a buffer of their own (the one they were read into, when they fill it), so it can be transferred. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const buffer = bytes.buffer;
  if (buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength) return buffer;
  return bytes.slice().buffer;
}
