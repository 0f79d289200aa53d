import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { WorkPool } from '../engine/parsers/types';
import type { JobRequest, JobResponse } from '../engine/pool/protocol';

/**
 * The engine's WorkPool on Node worker_threads, one thread per core but one: the thread that drives the parse
 * decodes whatever the pool threads have not taken (`parsers/evtx/pooled-chunks.ts`) and runs the consumer, as the
 * browser pool leaves one core to the triage worker. Threads start on the first job, so a CLI run over small files
 * never pays for them. A thread holds the process open only while it has work, and a thread that dies fails only
 * its own jobs.
 */

/** Pool threads for `cores` cores: all but the one the parse is driven from, at least one. */
export function nodePoolSize(cores = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

/** The built thread script: dist-cli/workers/pool.js beside the bundled CLI (vite.config.ts, mode cli). */
export const DEFAULT_POOL_WORKER_URL = new URL('./workers/pool.js', import.meta.url);

interface Pending {
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
}

class PoolThread {
  readonly pending = new Map<number, Pending>();
  private readonly worker: Worker;

  constructor(url: URL) {
    this.worker = new Worker(url);
    this.worker.unref();
    this.worker.on('message', (response: JobResponse) => {
      const pending = this.pending.get(response.id);
      if (!pending) return;
      this.settled(response.id);
      if (response.ok) pending.resolve(response.output);
      else pending.reject(new Error(response.error));
    });
    const failAll = (error: Error): void => {
      for (const [id, pending] of this.pending) {
        this.settled(id);
        pending.reject(error);
      }
    };
    this.worker.on('error', failAll);
    this.worker.on('exit', (code) => failAll(new Error(`pool thread exited with code ${code}`)));
  }

  post(request: JobRequest, transfer: ArrayBuffer[], pending: Pending): void {
    if (this.pending.size === 0) this.worker.ref();
    this.pending.set(request.id, pending);
    this.worker.postMessage(request, transfer);
  }

  terminate(): void {
    void this.worker.terminate();
  }

  private settled(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }
}

export class NodeWorkPool implements WorkPool {
  readonly size: number;
  private threads: PoolThread[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    size = nodePoolSize(),
    private readonly workerUrl: URL = DEFAULT_POOL_WORKER_URL,
  ) {
    this.size = Math.max(1, Math.floor(size) || 1);
  }

  run<Input, Output>(job: string, input: Input, transfer: ArrayBuffer[] = []): Promise<Output> {
    if (this.closed) return Promise.reject(new Error('the pool is closed'));
    try {
      if (this.threads.length === 0) {
        for (let i = 0; i < this.size; i++) this.threads.push(new PoolThread(this.workerUrl));
      }
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    let thread = this.threads[0];
    for (const candidate of this.threads) if (candidate.pending.size < thread.pending.size) thread = candidate;
    const id = this.nextId++;
    return new Promise<Output>((resolve, reject) => {
      thread.post({ id, job, input }, transfer, { resolve: resolve as (output: unknown) => void, reject });
    });
  }

  close(): void {
    this.closed = true;
    for (const thread of this.threads) thread.terminate();
    this.threads = [];
  }
}
