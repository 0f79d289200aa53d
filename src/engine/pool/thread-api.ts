import { transfer } from 'comlink';
import { runJob } from './jobs';

/**
 * What a browser pool thread exposes through comlink (workers/pool.worker.ts). Outputs go back with
 * `comlink.transfer`, so the buffers a job names are moved, not copied.
 */
export interface PoolThreadApi {
  run(job: string, input: unknown): Promise<unknown>;
}

export const poolThreadApi: PoolThreadApi = {
  async run(job, input) {
    const result = await runJob(job, input);
    return transfer(result.output, result.transfer ?? []);
  },
};
