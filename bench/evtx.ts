import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NodeWorkPool } from '../src/cli/node-pool';
import { parser } from '../src/engine/parsers/evtx';
import { CHUNK_BYTES } from '../src/engine/parsers/evtx/chunk-header';
import type { WorkPool } from '../src/engine/parsers/types';
import { corpusChunks } from '../test/helpers/evtx/corpus-chunks';
import { evtxFileHeader } from '../test/helpers/evtx/writer';

/**
 * EVTX throughput: every chunk of the corpus EVTX files, repeated into one multi-chunk EVTX stream of at least
 * BENCH_BYTES, parsed single-threaded and on the Node worker pool, and the same file through evtxexport when it is
 * installed. Prints MB/s, records/s, peak RSS and the ratios.
 */

export const BENCH_BYTES = 200 * 1024 * 1024;
/**
 * Parsed once per decoding thread, untimed, before each timed run: the JavaScript is compiled while it runs (in every
 * pool thread too, each its own isolate), evtxexport is not, so without this the first seconds of compiling would be
 * counted against the parser. The pool's warm-up is this times its threads and the parsing thread, since they share
 * the work: with only this much in all, its thread was still running slower code through the first 100 MB timed.
 */
export const WARMUP_BYTES = 32 * 1024 * 1024;
const EVTXEXPORT = '/usr/bin/evtxexport';
const MB = 1024 * 1024;

/** USER_HZ, the unit of the CPU times in /proc (proc(5)): 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds used so far by each thread of this process, by thread id, from Linux /proc; empty elsewhere. */
function threadCpuSeconds(): Map<string, number> {
  const times = new Map<string, number>();
  const tids = existsSync('/proc/self/task') ? readdirSync('/proc/self/task') : [];
  for (const tid of tids) {
    const statFile = `/proc/self/task/${tid}/stat`;
    if (!existsSync(statFile)) continue;
    const stat = readFileSync(statFile, 'utf8');
    // After the parenthesized thread name, utime and stime are the 12th and 13th fields.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    times.set(tid, (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND);
  }
  return times;
}

/** CPU seconds of one run split by thread: the parsing (main) thread, each pool thread, and V8's helpers (GC...). */
interface ThreadSplit {
  main: number;
  pool: number[];
  helpers: number;
}

function threadSplit(before: Map<string, number>, poolThreads: ReadonlySet<string>): ThreadSplit | null {
  if (before.size === 0) return null;
  const split: ThreadSplit = { main: 0, pool: [], helpers: 0 };
  for (const [tid, seconds] of threadCpuSeconds()) {
    const used = seconds - (before.get(tid) ?? 0);
    if (tid === String(process.pid)) split.main = used;
    else if (poolThreads.has(tid)) split.pool.push(used);
    else split.helpers += used;
  }
  return split;
}

interface Timing {
  seconds: number;
  /** CPU seconds of this process (all its threads): on a shared machine, steadier than wall time. */
  cpuSeconds: number;
  threads: ThreadSplit | null;
  records: number;
  errors: number;
}

async function timeParse(blob: Blob, pool?: WorkPool, poolThreads: ReadonlySet<string> = new Set()): Promise<Timing> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const threadsBefore = threadCpuSeconds();
  let records = 0;
  let errors = 0;
  for await (const batch of parser.parse(blob, { fileName: 'bench.evtx', fileIndex: 0, pool })) {
    records += batch.events.length;
    errors += batch.issues.filter((issue) => issue.severity === 'error').length;
  }
  const used = process.cpuUsage(cpu);
  const threads = threadSplit(threadsBefore, poolThreads);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, threads, records, errors };
}

/**
 * The shortest wall time `cores` idle cores allow for a run: no thread finishes its own CPU time sooner, and all of
 * it shares the cores. Other processes on a shared machine stretch wall time, not this.
 */
function idleCoresSeconds(timing: Timing, cores: number): number {
  const threads = timing.threads;
  if (threads === null) return timing.cpuSeconds / cores;
  return Math.max(threads.main, ...threads.pool, timing.cpuSeconds / cores);
}

function splitText(threads: ThreadSplit | null): string {
  if (threads === null) return '';
  const pool = threads.pool.length > 0 ? `, pool threads ${threads.pool.map((seconds) => seconds.toFixed(2)).join(' + ')} s` : '';
  return `; CPU by thread: parsing thread ${threads.main.toFixed(2)} s${pool}, V8 helpers ${threads.helpers.toFixed(2)} s`;
}

/** The pool target of issue 3: this many times single-threaded throughput. */
const POOL_TARGET = 1.7;

/**
 * What the pool target leaves for moving events between threads. `cores` cores give the pool cores x (single's wall
 * time / target) of CPU time; the single-threaded run's own CPU time (parsing thread and V8's helpers, which then ran
 * on the idle core for free) is work the pool must do too, so what is left is all the pool may add: packing and
 * unpacking, and any time either thread waits.
 */
function targetHeadroom(single: Timing, cores: number, records: number): string {
  const capacity = (cores * single.seconds) / POOL_TARGET;
  const headroom = capacity - single.cpuSeconds;
  const perRecord = (headroom / records) * 1e6;
  return (
    `evtx pool target ${POOL_TARGET}x on ${cores} cores: ${capacity.toFixed(2)} s of CPU time in all, of which the single-threaded work ` +
    `takes ${single.cpuSeconds.toFixed(2)} s, leaving ${headroom.toFixed(2)} s (${perRecord.toFixed(2)} us per record) for all the pool adds ` +
    `(moving events between threads, waiting, either thread idle)`
  );
}

/** Runs evtxexport on `file` through sh, whose `times` reports the child's CPU time. */
function timeEvtxexport(file: string): { seconds: number; cpuSeconds: number; status: number | null } {
  const started = performance.now();
  const run = spawnSync('sh', ['-c', '"$0" -f xml "$1" > /dev/null; times', EVTXEXPORT, file], { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  const child = (run.stdout ?? '').trim().split('\n').at(-1) ?? '';
  const cpuSeconds = [...child.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, [, min, sec]) => sum + Number(min) * 60 + Number(sec), 0);
  return { seconds, cpuSeconds, status: run.status };
}

const peakRssMb = (): string => (process.resourceUsage().maxRSS / 1024).toFixed(0);

export async function bench(corpusDir: string): Promise<void> {
  const evtxDir = join(corpusDir, 'evtx');
  if (!existsSync(evtxDir)) {
    console.log(`evtx bench skipped: no ${evtxDir}`);
    return;
  }
  const chunks = corpusChunks(evtxDir);
  const chunkCount = Math.ceil(BENCH_BYTES / CHUNK_BYTES);
  const parts: Uint8Array<ArrayBuffer>[] = [evtxFileHeader(chunkCount)];
  for (let i = 0; i < chunkCount; i++) parts.push(chunks[i % chunks.length]);
  const blob = new Blob(parts);
  const warmup = (bytes: number): Blob => {
    const count = Math.min(chunkCount, Math.ceil(bytes / CHUNK_BYTES));
    return new Blob([evtxFileHeader(count), ...parts.slice(1, 1 + count)]);
  };
  const megabytes = blob.size / MB;
  console.log(
    `evtx bench: ${chunks.length} corpus chunks repeated into ${chunkCount} chunks, ${megabytes.toFixed(0)} MB ` +
      `(each timed run follows an untimed warm-up of ${WARMUP_BYTES / MB} MB per decoding thread)`,
  );

  await timeParse(warmup(WARMUP_BYTES));
  const single = await timeParse(blob);
  console.log(
    `evtx single-threaded: ${(megabytes / single.seconds).toFixed(1)} MB/s, ${(single.records / single.seconds).toFixed(0)} records/s ` +
      `(${single.records} records, ${single.errors} errors, ${single.seconds.toFixed(2)} s wall, ${single.cpuSeconds.toFixed(2)} s CPU` +
      `${splitText(single.threads)}), peak RSS ${peakRssMb()} MB`,
  );

  const workerUrl = new URL(`file://${resolve(process.cwd(), 'dist-cli/workers/pool.js')}`);
  if (existsSync(workerUrl)) {
    const pool = new NodeWorkPool(undefined, workerUrl);
    try {
      // The pool's threads are the ones the warm-up starts.
      const threadsBefore = new Set(threadCpuSeconds().keys());
      await timeParse(warmup(WARMUP_BYTES * (pool.size + 1)), pool);
      const poolThreads = new Set([...threadCpuSeconds().keys()].filter((tid) => !threadsBefore.has(tid)));
      const pooled = await timeParse(blob, pool, poolThreads);
      console.log(
        `evtx pool (${pool.size} thread${pool.size === 1 ? '' : 's'} and the parsing thread): ${(megabytes / pooled.seconds).toFixed(1)} MB/s, ` +
          `${(pooled.records / pooled.seconds).toFixed(0)} records/s (${pooled.records} records, ${pooled.seconds.toFixed(2)} s wall, ` +
          `${pooled.cpuSeconds.toFixed(2)} s CPU${splitText(pooled.threads)}), ${(single.seconds / pooled.seconds).toFixed(2)}x single, ` +
          `peak RSS ${peakRssMb()} MB`,
      );
      // Wall time on a shared machine says little; per-thread CPU time bounds what idle cores could give.
      const cores = Math.min(availableParallelism(), pool.size + 1);
      const bound = idleCoresSeconds(single, cores) / idleCoresSeconds(pooled, cores);
      console.log(
        `evtx pool CPU time is ${(pooled.cpuSeconds / single.cpuSeconds).toFixed(2)}x single's (events packed and unpacked included): ` +
          `on ${cores} idle cores it could reach at most ${bound.toFixed(2)}x single`,
      );
      console.log(targetHeadroom(single, cores, pooled.records));
    } finally {
      pool.close();
    }
  } else {
    console.log(`evtx pool skipped: ${workerUrl.pathname} is not built (vite build --mode cli)`);
  }

  if (!existsSync(EVTXEXPORT)) {
    console.log(`evtx evtxexport comparison skipped: ${EVTXEXPORT} not installed`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'evtx-bench-'));
  const file = join(dir, 'bench.evtx');
  try {
    const fd = openSync(file, 'w');
    for (const part of parts) writeSync(fd, part);
    closeSync(fd);
    const exported = timeEvtxexport(file);
    console.log(
      `evtx evtxexport -f xml: ${(megabytes / exported.seconds).toFixed(1)} MB/s (${exported.seconds.toFixed(2)} s wall, ` +
        `${exported.cpuSeconds.toFixed(2)} s CPU, exit ${exported.status}); single-threaded is ` +
        `${(exported.seconds / single.seconds).toFixed(1)}x evtxexport by wall time, ${(exported.cpuSeconds / single.cpuSeconds).toFixed(1)}x by CPU time`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
