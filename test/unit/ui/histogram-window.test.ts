import { describe, expect, it } from 'vitest';
import { buildHistogram, buildHistogramInSlices } from '../../../src/ui/state/histogram';
import { OVERSCAN_ROWS, scrollTopFor, visibleRows } from '../../../src/ui/state/virtual-window';

describe('histogram', () => {
  it('bins every timed row once and counts untimed ones apart', () => {
    const times = [0, 1, 2, 3, 99, NaN, 50, NaN];
    const histogram = buildHistogram((visit) => times.forEach(visit), 10);
    expect(histogram.start).toBe(0);
    expect(histogram.end).toBe(99);
    expect(histogram.untimed).toBe(2);
    expect([...histogram.counts].reduce((a, b) => a + b, 0)).toBe(6);
    expect(histogram.counts[0]).toBe(4);
    expect(histogram.counts[9]).toBe(1);
    expect(histogram.max).toBe(4);
  });

  it('handles no rows, one instant and an invalid bin count', () => {
    expect(buildHistogram(() => {}).max).toBe(0);
    const single = buildHistogram((visit) => [5, 5, 5].forEach(visit), 0);
    expect(single.counts).toHaveLength(1);
    expect(single.counts[0]).toBe(3);
  });
});

describe('virtual window', () => {
  it('renders only the rows in view plus the overscan', () => {
    const window = visibleRows(100_000, 28, 28 * 5000, 560);
    expect(window.first).toBe(5000 - OVERSCAN_ROWS);
    expect(window.last - window.first).toBeLessThanOrEqual(560 / 28 + 1 + 2 * OVERSCAN_ROWS);
    expect(window.offset).toBe(window.first * 28);
  });

  it('clamps at both ends and for empty lists', () => {
    expect(visibleRows(0, 28, 0, 500)).toEqual({ first: 0, last: 0, offset: 0 });
    expect(visibleRows(10, 28, 0, 500)).toMatchObject({ first: 0, last: 10 });
    const end = visibleRows(10, 28, 100_000, 500);
    expect(end.last).toBe(10);
    expect(end.first).toBeLessThan(10);
  });

  it('scrolls the least distance to show a row', () => {
    expect(scrollTopFor(0, 20, 100, 200)).toBe(0);
    expect(scrollTopFor(20, 20, 0, 200)).toBe(220);
    expect(scrollTopFor(7, 20, 100, 200)).toBe(100);
  });
});

describe('buildHistogramInSlices', () => {
  const times = Array.from({ length: 1_000 }, (_, i) => (i % 97 === 0 ? NaN : 1_000_000 + ((i * 7919) % 100_003)));
  const slice = (from: number, to: number, visit: (t: number) => void): void => {
    for (let i = from; i < to; i++) visit(times[i]);
  };

  it('equals the one-pass histogram, whatever the slice size', async () => {
    const whole = buildHistogram((visit) => times.forEach(visit), 20);
    let tasks = 0;
    const sliced = await buildHistogramInSlices(times.length, slice, () => false, async () => void tasks++, 64, 20);
    expect(sliced).toEqual(whole);
    // Two passes of ceil(1000 / 64) slices, with a task between consecutive slices and between the passes.
    expect(tasks).toBe(2 * Math.ceil(1000 / 64) - 1);
  });

  it('gives up when a newer build replaced it', async () => {
    let tasks = 0;
    const stale = await buildHistogramInSlices(times.length, slice, () => tasks >= 2, async () => void tasks++, 100, 20);
    expect(stale).toBeNull();
  });
});
