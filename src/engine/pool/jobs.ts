/**
 * Jobs a pool thread can run: a parser that splits its work exports `jobs` from `parsers/<id>/jobs.ts`, and the
 * registry is built from that folder, so adding a job touches only the parser's folder. The same registry runs in
 * browser pool workers, Node worker threads and, for tests, inline.
 */

/** What a job returns: its output, and the buffers inside it to move rather than copy back. */
export interface JobResult<Output = unknown> {
  output: Output;
  transfer?: ArrayBuffer[];
}

export type JobHandler<Input = never, Output = unknown> = (input: Input) => JobResult<Output> | Promise<JobResult<Output>>;

export interface JobModule {
  jobs: Record<string, JobHandler<never>>;
}

const modules = import.meta.glob<JobModule>('../parsers/*/jobs.ts', { eager: true });

const registry = new Map<string, JobHandler<never>>();
for (const module of Object.values(modules)) {
  for (const [name, handler] of Object.entries(module.jobs)) registry.set(name, handler);
}

/** Runs the job registered under `name`; an unknown name is a bug of the caller and rejects. */
export async function runJob(name: string, input: unknown): Promise<JobResult> {
  const handler = registry.get(name) as JobHandler<unknown> | undefined;
  if (!handler) throw new Error(`no pool job named "${name}"`);
  return handler(input);
}
