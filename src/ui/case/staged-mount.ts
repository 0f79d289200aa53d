/**
 * Mounts a long view one part per frame. Building the whole case document in one task cost 110-184 ms of main
 * thread (bench/ui.ts): creating its nodes, then laying them out in the frame after. Mounting part N in a task that
 * runs after the frame which laid out part N-1 keeps both costs per part, and the top (the verdict) shows first.
 */
import { createSignal, onCleanup } from 'solid-js';

/** Runs `run` in its own task once a frame has been rendered; returns a cancel function. */
export type FrameTask = (run: () => void) => () => void;

/**
 * requestAnimationFrame fires before the frame's layout and paint; a timeout set from it runs after them, in a new
 * task. So each part's creation and the previous part's layout land in different tasks.
 */
export const afterNextFrame: FrameTask = (run) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(run, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
};

/**
 * Parts 0 to `parts - 1`: part 0 is mounted at once, each further part one frame after the one before. Returns
 * `mounted(part)`, reactive. Stages only advance; later updates of a mounted part are ordinary reactive updates.
 * Must be called under a reactive owner (a component), which cancels the schedule when it is disposed.
 */
export function createStagedMount(parts: number, schedule: FrameTask = afterNextFrame): (part: number) => boolean {
  const last = Math.max(0, Math.floor(parts) - 1);
  // One signal per part: a computation that asks about part N re-runs when N mounts, not at every stage (the
  // evidence index was rebuilt at each of them when all parts shared one counter).
  const mountedParts = Array.from({ length: last + 1 }, (_, part) => createSignal(part === 0));
  let cancel: (() => void) | undefined;
  let current = 0;
  const advance = (): void => {
    current += 1;
    mountedParts[current][1](true);
    cancel = current < last ? schedule(advance) : undefined;
  };
  if (last > 0) cancel = schedule(advance);
  onCleanup(() => cancel?.());
  return (part) => (part <= 0 ? true : part > last ? false : mountedParts[part][0]());
}
