import { runJob } from './jobs';

/**
 * The messages between a pool and its threads, for runtimes that post plain messages (Node worker_threads). The
 * browser worker speaks the same through comlink. A job that throws becomes an error response: the pool rejects
 * that one call and the thread stays up for the next.
 */

export interface JobRequest {
  id: number;
  job: string;
  input: unknown;
}

export type JobResponse = { id: number; ok: true; output: unknown } | { id: number; ok: false; error: string };

export async function answerJobRequest(request: JobRequest): Promise<{ response: JobResponse; transfer: ArrayBuffer[] }> {
  try {
    const result = await runJob(request.job, request.input);
    return { response: { id: request.id, ok: true, output: result.output }, transfer: result.transfer ?? [] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { response: { id: request.id, ok: false, error: message }, transfer: [] };
  }
}
