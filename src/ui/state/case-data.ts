import { createSignal, type Accessor, type Setter } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type { CaseFile, Indicator } from '../../engine/case';
import type { CaseReport } from '../../engine/report';
import type { PackedRows } from '../bridge/packed-rows';
import type { EventRow, ProgressStep, StreamEntry } from '../bridge/protocol';
import { RowTable } from './row-table';

/** Lines the live stream keeps per case; older ones scroll away. */
export const MAX_STREAM_ENTRIES = 400;

/** Packed chunks searched per main-thread task (a chunk is one worker flush, a few thousand rows). */
export const SEARCH_CHUNKS_PER_TASK = 8;
/** Marks arrival rows that another case of a per-host split shows. */
const NOT_SHOWN = 0xffffffff;

export type RowsState = 'live' | 'unloaded' | 'loading' | 'loaded';

function signal<T>(initial: T): [Accessor<T>, Setter<T>] {
  return createSignal<T>(initial, { equals: false });
}

/**
 * The heavy per-case data, outside any deep store: event rows in a packed table (shared between the cases a
 * per-host split makes of one batch) viewed through `order`, and a version signal the views read instead.
 * The case document is a store updated with `reconcile`, so a live refresh only touches what changed.
 */
export class CaseData {
  private readonly table: RowTable;
  private order: Uint32Array | null = null;
  /** View position of each arrival index, for search hits; built on demand. */
  private inverse: Uint32Array | null = null;
  private readonly streamKeys = new Map<string, number>();
  private readonly document: { value: CaseReport | null };
  private readonly setDocument: (value: CaseReport | null, replace: boolean) => void;
  /** True once the document is the final one (the triage ended, or the case was read back from storage). */
  readonly isFinal: Accessor<boolean>;
  private readonly setFinal: Setter<boolean>;
  /**
   * Bumped on every document update. Views that scan a whole list of the document (sorting, indexing) read the raw
   * report (`unwrap`) and follow this instead: reading thousands of fields through the store's proxies under a memo
   * creates a signal per field read (~50 ms of a 130 ms task on a 241,500-event case, CDP profile).
   */
  readonly reportRevision: Accessor<number>;
  private readonly setReportRevision: Setter<number>;
  readonly version: Accessor<number>;
  private readonly setVersion: Setter<number>;
  readonly stream: Accessor<StreamEntry[]>;
  private readonly setStream: Setter<StreamEntry[]>;
  readonly progress: Accessor<ProgressStep[]>;
  readonly setProgress: Setter<ProgressStep[]>;
  readonly files: Accessor<CaseFile[]>;
  readonly setFiles: Setter<CaseFile[]>;
  readonly indicators: Accessor<Indicator[]>;
  readonly setIndicators: Setter<Indicator[]>;
  rowsState: RowsState;

  constructor(table: RowTable = new RowTable(), rowsState: RowsState = 'live') {
    this.table = table;
    this.rowsState = rowsState;
    [this.version, this.setVersion] = createSignal(0);
    [this.stream, this.setStream] = signal<StreamEntry[]>([]);
    [this.progress, this.setProgress] = signal<ProgressStep[]>([]);
    [this.files, this.setFiles] = signal<CaseFile[]>([]);
    [this.indicators, this.setIndicators] = signal<Indicator[]>([]);
    const [document, setDocument] = createStore<{ value: CaseReport | null }>({ value: null });
    this.document = document;
    this.setDocument = (value, replace) => {
      if (value && document.value && !replace) setDocument('value', reconcile(value, { key: 'id', merge: true }));
      else setDocument('value', value);
    };
    [this.isFinal, this.setFinal] = createSignal(false);
    [this.reportRevision, this.setReportRevision] = createSignal(0);
  }

  report(): CaseReport | null {
    return this.document.value;
  }

  /**
   * A live document is reconciled into the current one (only what changed re-renders); the final one replaces it,
   * since verdict, reasoning and next steps all change at once and diffing a large document costs more than that.
   */
  setReport(report: CaseReport | null, final = false): void {
    this.setDocument(report, final);
    this.setReportRevision((revision) => revision + 1);
    if (final) this.setFinal(true);
  }

  /** Reactive: reads `version`, so views that show the count follow new rows and new orders. */
  rowCount(): number {
    this.version();
    return this.order ? this.order.length : this.table.count;
  }

  /** The row at view position `index` (time order once the case is done, arrival order before). */
  rowAt(index: number): EventRow | undefined {
    if (this.order) return index >= 0 && index < this.order.length ? this.table.row(this.order[index]) : undefined;
    return this.table.row(index);
  }

  /** The times of the rows at view positions `from` to `to` (exclusive), for a histogram built a slice per task. */
  forEachTimeIn(from: number, to: number, visit: (t: number) => void): void {
    const order = this.order;
    if (!order || order.length === this.table.count) this.table.forEachTimeIn(from, to, visit);
    else for (let position = from; position < to && position < order.length; position++) visit(this.table.time(order[position]));
  }

  /**
   * View positions of the rows containing `needle`, ascending; searches `SEARCH_CHUNKS_PER_TASK` chunks per task
   * and gives up (null) as soon as `isStale` says a newer search replaced this one.
   */
  async search(needle: string, isStale: () => boolean): Promise<Uint32Array | null> {
    const arrival: number[] = [];
    const chunks = this.table.chunkCount;
    for (let from = 0; from < chunks; from += SEARCH_CHUNKS_PER_TASK) {
      if (from > 0) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (isStale()) return null;
      }
      for (const index of this.table.search(needle, from, from + SEARCH_CHUNKS_PER_TASK)) arrival.push(index);
    }
    if (!this.order) return Uint32Array.from(arrival);
    if (!this.inverse) {
      const inverse = new Uint32Array(this.table.count).fill(NOT_SHOWN);
      this.order.forEach((arrivalIndex, position) => (inverse[arrivalIndex] = position));
      this.inverse = inverse;
    }
    const inverse = this.inverse;
    return Uint32Array.from(arrival, (index) => inverse[index]).filter((position) => position !== NOT_SHOWN).sort();
  }

  appendRows(rows: PackedRows): void {
    this.table.append(rows);
    this.inverse = null;
    this.setVersion((v) => v + 1);
  }

  /** The final time order from the worker, over the rows as they arrived. */
  setOrder(order: Uint32Array): void {
    this.order = order;
    this.inverse = null;
    this.setVersion((v) => v + 1);
  }

  /** A host's case after a split shares the batch's rows and has its own order. */
  sharing(order: Uint32Array): CaseData {
    const data = new CaseData(this.table, 'live');
    data.order = order;
    return data;
  }

  addStream(entries: StreamEntry[]): void {
    this.setStream((previous) => {
      const list = previous.slice();
      for (const entry of entries) {
        const at = this.streamKeys.get(entry.key);
        if (at !== undefined && list[at]?.key === entry.key) {
          list[at] = entry;
          continue;
        }
        this.streamKeys.set(entry.key, list.length);
        list.push(entry);
      }
      if (list.length > MAX_STREAM_ENTRIES) {
        list.splice(0, list.length - MAX_STREAM_ENTRIES);
        this.streamKeys.clear();
        list.forEach((entry, index) => this.streamKeys.set(entry.key, index));
      }
      return list;
    });
  }
}

const byCase = new Map<string, CaseData>();

export function caseData(caseId: string): CaseData | undefined {
  return byCase.get(caseId);
}

export function setCaseData(caseId: string, data: CaseData): CaseData {
  byCase.set(caseId, data);
  return data;
}

export function forgetCaseData(caseId: string): void {
  byCase.delete(caseId);
}
