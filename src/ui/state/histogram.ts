/** Bars of the timeline histogram: enough to see bursts, few enough to draw as one small SVG. */
export const HISTOGRAM_BINS = 96;

export interface Histogram {
  start: number;
  end: number;
  /** Width of one bin in ms (at least 1). */
  binMs: number;
  counts: Uint32Array;
  max: number;
  /** Events without a usable time: counted, not drawn. */
  untimed: number;
}

/** Calls `visit` with the time of every row (epoch ms or NaN), in any order. */
export type TimeSource = (visit: (t: number) => void) => void;

/** Bins the times of the rows (two passes over `times`): linear, no sort, no allocation per row. */
export function buildHistogram(times: TimeSource, bins = HISTOGRAM_BINS): Histogram {
  let start = Infinity;
  let end = -Infinity;
  let untimed = 0;
  times((t) => {
    if (Number.isNaN(t)) {
      untimed++;
      return;
    }
    if (t < start) start = t;
    if (t > end) end = t;
  });
  const binCount = Math.max(1, Math.floor(bins));
  const counts = new Uint32Array(binCount);
  if (start > end) return { start: NaN, end: NaN, binMs: 1, counts, max: 0, untimed };
  const binMs = Math.max(1, Math.ceil((end - start + 1) / binCount));
  let max = 0;
  times((t) => {
    if (Number.isNaN(t)) return;
    const bin = Math.min(binCount - 1, Math.floor((t - start) / binMs));
    const value = ++counts[bin];
    if (value > max) max = value;
  });
  return { start, end, binMs, counts, max, untimed };
}

/** Rows binned per main-thread task by `buildHistogramInSlices`: a 241,500-row case binned in one task took 55-124 ms. */
export const HISTOGRAM_ROWS_PER_TASK = 40_000;

/** Calls `visit` with the time of every row at view positions `from` to `to` (exclusive). */
export type TimeSlice = (from: number, to: number, visit: (t: number) => void) => void;

/**
 * The same histogram as `buildHistogram`, over `count` rows read `rowsPerTask` at a time with `nextTask` awaited
 * between slices, so no single task bins the whole case. Returns null as soon as `isStale` says a newer build
 * replaced this one.
 */
export async function buildHistogramInSlices(
  count: number,
  slice: TimeSlice,
  isStale: () => boolean,
  nextTask: () => Promise<void>,
  rowsPerTask = HISTOGRAM_ROWS_PER_TASK,
  bins = HISTOGRAM_BINS,
): Promise<Histogram | null> {
  const step = Math.max(1, Math.floor(rowsPerTask));
  const eachSlice = async (visit: (t: number) => void): Promise<boolean> => {
    for (let from = 0; from < count; from += step) {
      if (from > 0) {
        await nextTask();
        if (isStale()) return false;
      }
      slice(from, Math.min(count, from + step), visit);
    }
    return true;
  };
  let start = Infinity;
  let end = -Infinity;
  let untimed = 0;
  const ranged = await eachSlice((t) => {
    if (Number.isNaN(t)) untimed++;
    else {
      if (t < start) start = t;
      if (t > end) end = t;
    }
  });
  if (!ranged) return null;
  const binCount = Math.max(1, Math.floor(bins));
  const counts = new Uint32Array(binCount);
  if (start > end) return { start: NaN, end: NaN, binMs: 1, counts, max: 0, untimed };
  const binMs = Math.max(1, Math.ceil((end - start + 1) / binCount));
  let max = 0;
  await nextTask();
  if (isStale()) return null;
  const binned = await eachSlice((t) => {
    if (Number.isNaN(t)) return;
    const value = ++counts[Math.min(binCount - 1, Math.floor((t - start) / binMs))];
    if (value > max) max = value;
  });
  return binned ? { start, end, binMs, counts, max, untimed } : null;
}
