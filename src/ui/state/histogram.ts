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
