import type { EventSource, NormalizedEvent } from '../events';
import type { ParseIssue } from '../errors';

/** How sure a parser is that a file is its format. Content beats extension; the text parser takes the rest. */
export const enum SniffScore {
  No = 0,
  /** Generic line-oriented text: the fallback. */
  Fallback = 1,
  /** Only the file name suggests the format. */
  Extension = 2,
  /** The content looks like the format (a recognizable first line, an XML root). */
  Content = 3,
  /** Magic bytes: unambiguous. */
  Magic = 4,
}

export interface ParserMeta {
  /** Stable id, also the folder name under `src/engine/parsers/`. */
  id: string;
  /** The `source` of the events it emits. */
  source: EventSource;
  /** Human name shown in the UI. */
  label: string;
  /** Lower-case extensions with the dot. */
  extensions: string[];
}

export interface ParseContext {
  /** Name shown to the analyst and written into `origin.file` and every issue. */
  fileName: string;
  /** Index of the file within its case: the first part of every event id. */
  fileIndex: number;
  /** Aborting stops the parse at the next batch boundary. */
  signal?: AbortSignal;
  /** Other threads for independent units of work (EVTX chunks). Absent: the parser works inline on this thread. */
  pool?: WorkPool;
}

/**
 * A pool of threads (Web Workers in the browser, worker_threads in Node) that run named jobs. The engine only sees
 * this interface, so the same parser code runs inline, in a browser pool or in a Node pool.
 */
export interface WorkPool {
  /** Number of threads; callers keep at most twice this many jobs in flight. */
  readonly size: number;
  /** Runs the job registered under `job` on one thread; `transfer` lists buffers to move rather than copy. */
  run<Input, Output>(job: string, input: Input, transfer?: ArrayBuffer[]): Promise<Output>;
  close(): void;
}

export interface ParseBatch {
  events: NormalizedEvent[];
  issues: ParseIssue[];
  /** Bytes of the input consumed so far (monotonic), for progress. */
  bytesDone: number;
}

export interface Parser {
  meta: ParserMeta;
  /** `head` holds at most `SNIFF_BYTES` from the start of the file. */
  sniff(head: Uint8Array, fileName: string): SniffScore;
  /**
   * Streams the file in batches. Must never throw for bad input: problems become issues and parsing goes on with
   * the next record it can find. Events of a batch are in file order.
   */
  parse(input: Blob, ctx: ParseContext): AsyncIterable<ParseBatch>;
}

/** A parser module exports `parser`; the registry collects them from the folder. */
export interface ParserModule {
  parser: Parser;
}
