import type { EventRow } from '../bridge/protocol';
import { rowAtPosition, unpackRow, type PackedRows } from '../bridge/packed-rows';

/** Decoded rows kept for reuse (a scrolled list shows the same rows again); the cache is dropped past this size. */
export const DECODED_ROW_CACHE = 4_000;

/**
 * Every event row of a case, as the packed batches arrived, addressed by arrival index. Rows are decoded when shown
 * and cached, so a row keeps its identity while it stays on screen (the virtual list keys rows by object).
 */
export class RowTable {
  private readonly chunks: PackedRows[] = [];
  /** Arrival index of each chunk's first row. */
  private readonly firsts: number[] = [];
  private total = 0;
  private readonly decoded = new Map<number, EventRow>();
  private readonly lowered = new WeakMap<PackedRows, string>();

  get count(): number {
    return this.total;
  }

  append(chunk: PackedRows): void {
    if (!chunk.times.length) return;
    this.chunks.push(chunk);
    this.firsts.push(this.total);
    this.total += chunk.times.length;
  }

  private locate(index: number): { chunk: PackedRows; local: number } | undefined {
    if (index < 0 || index >= this.total) return undefined;
    let low = 0;
    let high = this.firsts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.firsts[middle] <= index) low = middle;
      else high = middle - 1;
    }
    return { chunk: this.chunks[low], local: index - this.firsts[low] };
  }

  row(index: number): EventRow | undefined {
    const cached = this.decoded.get(index);
    if (cached) return cached;
    const place = this.locate(index);
    if (!place) return undefined;
    const row = unpackRow(place.chunk, place.local);
    if (!row) return undefined;
    if (this.decoded.size >= DECODED_ROW_CACHE) this.decoded.clear();
    this.decoded.set(index, row);
    return row;
  }

  time(index: number): number {
    const place = this.locate(index);
    return place ? place.chunk.times[place.local] : NaN;
  }

  /** Times of the rows at arrival indices `from` to `to` (exclusive), chunk by chunk. */
  forEachTimeIn(from: number, to: number, visit: (t: number) => void): void {
    const place = this.locate(from);
    if (!place) return;
    let chunkIndex = this.chunks.indexOf(place.chunk);
    let local = place.local;
    for (let index = from; index < to && chunkIndex < this.chunks.length; chunkIndex++, local = 0) {
      const times = this.chunks[chunkIndex].times;
      for (; local < times.length && index < to; local++, index++) visit(times[local]);
    }
  }

  get chunkCount(): number {
    return this.chunks.length;
  }

  /**
   * Arrival indices of rows whose text contains `needle` (case-insensitive), ascending, among the chunks
   * `fromChunk` to `toChunk` (exclusive): a caller searching a huge case goes a few chunks per task.
   */
  search(needle: string, fromChunk = 0, toChunk = this.chunks.length): number[] {
    const wanted = needle.trim().toLowerCase();
    const found: number[] = [];
    if (!wanted) return found;
    this.chunks.slice(fromChunk, toChunk).forEach((chunk, offset) => {
      const chunkIndex = fromChunk + offset;
      let text = this.lowered.get(chunk);
      if (text === undefined) {
        text = chunk.text.toLowerCase();
        this.lowered.set(chunk, text);
      }
      if (text.length !== chunk.text.length) {
        // Lower-casing changed the length (a few Unicode letters do): positions no longer map, test row by row.
        for (let local = 0; local < chunk.times.length; local++) {
          if (chunk.text.slice(chunk.starts[local], chunk.starts[local + 1] - 1).toLowerCase().includes(wanted)) {
            found.push(this.firsts[chunkIndex] + local);
          }
        }
        return;
      }
      let lastRow = -1;
      for (let at = text.indexOf(wanted); at !== -1; at = text.indexOf(wanted, at + 1)) {
        const local = rowAtPosition(chunk, at);
        if (local === lastRow) continue;
        lastRow = local;
        found.push(this.firsts[chunkIndex] + local);
        // The rest of this row cannot add a second hit: skip to the next row.
        at = chunk.starts[local + 1] - 1;
      }
    });
    return found;
  }
}
