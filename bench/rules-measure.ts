import { existsSync, openAsBlob } from 'node:fs';
import { join } from 'node:path';
import type { NormalizedEvent } from '../src/engine/events';
import { EVENTS_PER_BATCH } from '../src/engine/limits';
import { parseFile } from '../src/engine/parse-file';
import { RuleEngine, type RuleSet } from '../src/engine/rules';
import { corpusChunks } from '../test/helpers/evtx/corpus-chunks';
import { evtxFileHeader } from '../test/helpers/evtx/writer';
import { LARGE_FILE_BYTES } from './rules-cases';
import { filesUnder, isNotReference } from '../test/helpers/files';

/** How the rules bench times one rule set over one kind of event stream. */

/** Each measurement of events held in memory repeats them until this much time has passed, after one warm-up pass. */
const MEASURE_MS = 2_000;
/** Timed evaluation in pipeline order stops after this much; every pass parses its input again (untimed). */
const PIPELINE_MEASURE_MS = 1_000;
/** Corpus events parsed at most, so the bench stays short on a shared machine. */
const MAX_CORPUS_EVENTS = 200_000;

export interface Throughput {
  /** Events per second of wall-clock time, detections and correlations together: the median pass. */
  rate: number;
  /** The middle half of the passes' rates (25th and 75th percentile), and how many passes were timed. */
  quartiles: [number, number];
  passes: number;
  /** Events per second of process CPU time (the machine may be shared; this counts V8's helper threads too). */
  cpuRate: number;
  /** Share of the time spent in `finish` (correlations). */
  finishShare: number;
  attestations: number;
  /** Events per pass. */
  events: number;
}

/**
 * Sums timed spans of `push` and `finish` into a Throughput. The rate is the median of the passes' rates: a
 * collection or another process landing in one pass moves the mean of a short measurement by several percent.
 */
class Stopwatch {
  private pushed = 0;
  private timed = 0;
  private finishing = 0;
  private cpuMicros = 0;
  private passPushed = 0;
  private passTimed = 0;
  private readonly rates: number[] = [];

  get elapsedMs(): number {
    return this.timed;
  }

  /** Runs `work` (pushing `count` events, or finishing when `finish`), timed only when `counted`. */
  time<T>(work: () => T, count: number, counted: boolean, finish = false): T {
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    const result = work();
    const elapsed = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    if (counted) {
      this.timed += elapsed;
      this.cpuMicros += cpu.user + cpu.system;
      this.pushed += count;
      this.passTimed += elapsed;
      this.passPushed += count;
      if (finish) this.finishing += elapsed;
    }
    return result;
  }

  /** Closes a pass: its rate counts when it was timed. */
  endPass(): void {
    if (this.passTimed > 0) this.rates.push((this.passPushed / this.passTimed) * 1000);
    this.passPushed = 0;
    this.passTimed = 0;
  }

  result(attestations: number, events: number): Throughput {
    const rates = [...this.rates].sort((a, b) => a - b);
    const at = (share: number) => Math.round(rates[Math.min(rates.length - 1, Math.floor(rates.length * share))]);
    return {
      rate: at(0.5),
      quartiles: [at(0.25), at(0.75)],
      passes: rates.length,
      cpuRate: Math.round((this.pushed / this.cpuMicros) * 1e6),
      finishShare: this.finishing / this.timed,
      attestations,
      events,
    };
  }
}

/** A copy of a batch, as a parser would hand it over: freshly allocated (in cache), not touched since. */
function freshBatch(events: readonly NormalizedEvent[], start: number): NormalizedEvent[] {
  return events.slice(start, start + EVENTS_PER_BATCH).map((event) => ({ ...event, fields: { ...event.fields }, origin: { ...event.origin } }));
}

function pushAll(engine: RuleEngine, events: readonly NormalizedEvent[]): number {
  let found = 0;
  for (const event of events) found += engine.push(event).length;
  return found;
}

/**
 * Events held in memory, pushed batch by batch, each batch freshly copied first (untimed), so the engine meets new
 * objects as it would after parsing; `finish` is timed too. One untimed pass first.
 */
export function heldThroughput(set: RuleSet, events: readonly NormalizedEvent[]): Throughput {
  const watch = new Stopwatch();
  let attestations = 0;
  for (let pass = 0; pass < 2 || watch.elapsedMs < MEASURE_MS; pass++) {
    const engine = new RuleEngine(set);
    let found = 0;
    for (let start = 0; start < events.length; start += EVENTS_PER_BATCH) {
      const batch = freshBatch(events, start);
      found += watch.time(() => pushAll(engine, batch), batch.length, pass > 0);
    }
    found += watch.time(() => engine.finish().length, 0, pass > 0, true);
    watch.endPass();
    attestations = found;
  }
  return watch.result(attestations, events.length);
}

export interface BenchFile {
  name: string;
  blob: Blob;
}

/**
 * Evaluation in the triage pipeline's order: each batch goes to the engine right after the parser made it, as
 * `runTriage` does, so the engine reads values the parser has just written and finds its own state where the parse
 * left the caches. Only `push` and `finish` are timed; the first pass (compiling routes, JIT) is not counted.
 */
export async function pipelineThroughput(set: RuleSet, files: readonly BenchFile[]): Promise<Throughput> {
  const watch = new Stopwatch();
  let attestations = 0;
  let events = 0;
  for (let pass = 0; pass < 2 || watch.elapsedMs < PIPELINE_MEASURE_MS; pass++) {
    const engine = new RuleEngine(set);
    let found = 0;
    let seen = 0;
    for (const [fileIndex, file] of files.entries()) {
      const { batches } = await parseFile(file.blob, { fileName: file.name, fileIndex });
      for await (const batch of batches) {
        found += watch.time(() => pushAll(engine, batch.events), batch.events.length, pass > 0);
        seen += batch.events.length;
      }
    }
    found += watch.time(() => engine.finish().length, 0, pass > 0, true);
    watch.endPass();
    attestations = found;
    events = seen;
  }
  return watch.result(attestations, events);
}

/** The corpus's EVTX and Sysmon XML files. */
export function corpusFiles(corpusDir: string): string[] {
  const isData = (name: string): boolean => /\.(evtx|xml)$/.test(name) && isNotReference(name);
  return ['evtx', 'sysmon-xml'].map((name) => join(corpusDir, name)).filter(existsSync).flatMap((dir) => filesUnder(dir, isData)).sort();
}

export async function benchFiles(paths: readonly string[]): Promise<BenchFile[]> {
  return Promise.all(paths.map(async (path) => ({ name: path, blob: await openAsBlob(path) })));
}

/** Every event of `files`, parsed once, up to MAX_CORPUS_EVENTS. */
export async function parsedEvents(files: readonly BenchFile[]): Promise<NormalizedEvent[]> {
  const events: NormalizedEvent[] = [];
  for (const [fileIndex, file] of files.entries()) {
    if (events.length >= MAX_CORPUS_EVENTS) break;
    const { batches } = await parseFile(file.blob, { fileName: file.name, fileIndex });
    for await (const batch of batches) events.push(...batch.events);
  }
  return events.slice(0, MAX_CORPUS_EVENTS);
}

/** The corpus EVTX chunks repeated into one file of LARGE_FILE_BYTES, or null without the corpus. */
export function largeEvtx(corpusDir: string): BenchFile | null {
  const evtxDir = join(corpusDir, 'evtx');
  if (!existsSync(evtxDir)) return null;
  const chunks = corpusChunks(evtxDir);
  if (chunks.length === 0) return null;
  const count = Math.ceil(LARGE_FILE_BYTES / chunks[0].length);
  const parts: Uint8Array<ArrayBuffer>[] = [evtxFileHeader(count)];
  for (let i = 0; i < count; i++) parts.push(chunks[i % chunks.length]);
  return { name: 'large.evtx', blob: new Blob(parts) };
}
