import { releaseProxy, transfer, wrap, type Endpoint, type Remote } from 'comlink';
import type { WorkPool } from '../parsers/types';
import type { PoolThreadApi } from './thread-api';

/**
 * The engine's WorkPool on Web Workers, `hardwareConcurrency - 1` of them (one core stays with the thread that
 * drives the parse). Each runs workers/pool.worker.ts; the caller supplies the factory because only the bundler
 * can resolve the worker's URL, for example:
 *
 *   new BrowserWorkPool(() => new Worker(new URL('./pool.worker.ts', import.meta.url), { type: 'module' }))
 *
 * Workers start on the first job, so a case of small files never pays for them. A job goes to the thread with the
 * fewest jobs in flight.
 */

/** A worker, or anything that speaks to a pool thread the same way (a MessagePort in tests). */
export type PoolThreadEndpoint = Endpoint & { terminate(): void };

export function browserPoolSize(): number {
  const cores = typeof navigator === 'undefined' ? 0 : navigator.hardwareConcurrency;
  return Math.max(1, (cores || 2) - 1);
}

interface Thread {
  endpoint: PoolThreadEndpoint;
  api: Remote<PoolThreadApi>;
  inFlight: number;
}

export class BrowserWorkPool implements WorkPool {
  readonly size: number;
  private threads: Thread[] = [];
  private closed = false;

  constructor(
    private readonly createThread: () => PoolThreadEndpoint,
    size = browserPoolSize(),
  ) {
    this.size = Math.max(1, Math.floor(size) || 1);
  }

  async run<Input, Output>(job: string, input: Input, buffers: ArrayBuffer[] = []): Promise<Output> {
    if (this.closed) throw new Error('the pool is closed');
    if (this.threads.length === 0) {
      for (let i = 0; i < this.size; i++) {
        const endpoint = this.createThread();
        this.threads.push({ endpoint, api: wrap<PoolThreadApi>(endpoint), inFlight: 0 });
      }
    }
    let thread = this.threads[0];
    for (const candidate of this.threads) if (candidate.inFlight < thread.inFlight) thread = candidate;
    thread.inFlight++;
    try {
      return (await thread.api.run(job, buffers.length > 0 ? transfer(input, buffers) : input)) as Output;
    } finally {
      thread.inFlight--;
    }
  }

  close(): void {
    this.closed = true;
    for (const thread of this.threads) {
      thread.api[releaseProxy]();
      thread.endpoint.terminate();
    }
    this.threads = [];
  }
}
