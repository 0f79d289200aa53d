/**
 * Seeded generators for tests and benchmarks: the same seed gives the same inputs on every run, so a failure can be
 * replayed and two benchmark runs time the same work.
 */

/** mulberry32: uniform numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The ANSI C linear congruential generator in 32-bit arithmetic: uniform numbers in [0, 1). */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** Picks from lists and draws integers below `max` (Numerical Recipes' LCG). */
export function chooser(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return { pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)], int: (max: number) => Math.floor(next() * max) };
}

/** xorshift32 bytes; a zero seed, which xorshift cannot leave, is taken as 1. */
export function randomBytes(seed: number, length: number): Uint8Array {
  let state = seed >>> 0 || 1;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = state & 0xff;
  }
  return out;
}
