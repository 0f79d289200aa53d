import type { WorkPool } from '../../../src/engine/parsers/types';
import { runJob } from '../../../src/engine/pool/jobs';

/**
 * A WorkPool that runs registered jobs on the test's own thread, each after a macrotask so that several are truly
 * in flight at once. It records the peak number in flight; `failing` makes every job reject, as a dead thread would.
 */
export class InlinePool implements WorkPool {
  inFlight = 0;
  peakInFlight = 0;
  jobs = 0;

  constructor(
    readonly size: number,
    private readonly failing = false,
  ) {}

  async run<Input, Output>(job: string, input: Input, transfer: ArrayBuffer[] = []): Promise<Output> {
    this.inFlight++;
    this.jobs++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (this.failing) throw new Error('pool thread died');
      // Structured cloning with transfer is what crosses a real thread boundary.
      const moved = structuredClone(input, { transfer });
      return structuredClone((await runJob(job, moved)).output) as Output;
    } finally {
      this.inFlight--;
    }
  }

  close(): void {}
}
