import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { createStagedMount, type FrameTask } from '../../../src/ui/case/staged-mount';

/** A frame scheduler driven by hand: `flush()` runs the one pending task, as the next frame would. */
function manualFrames(): { schedule: FrameTask; flush: () => boolean; pending: () => number } {
  const queue: Array<() => void> = [];
  return {
    schedule: (run) => {
      queue.push(run);
      return () => {
        const at = queue.indexOf(run);
        if (at >= 0) queue.splice(at, 1);
      };
    },
    flush: () => {
      const next = queue.shift();
      next?.();
      return !!next;
    },
    pending: () => queue.length,
  };
}

describe('createStagedMount', () => {
  it('mounts part 0 at once and one further part per frame, in order', () => {
    const frames = manualFrames();
    createRoot((dispose) => {
      const mounted = createStagedMount(4, frames.schedule);
      expect([0, 1, 2, 3].map(mounted)).toEqual([true, false, false, false]);
      frames.flush();
      expect([0, 1, 2, 3].map(mounted)).toEqual([true, true, false, false]);
      frames.flush();
      frames.flush();
      expect([0, 1, 2, 3].map(mounted)).toEqual([true, true, true, true]);
      expect(frames.pending()).toBe(0);
      dispose();
    });
  });

  it('schedules nothing for a single part and stops when its owner is disposed', () => {
    const frames = manualFrames();
    createRoot((dispose) => {
      expect(createStagedMount(1, frames.schedule)(0)).toBe(true);
      expect(frames.pending()).toBe(0);
      const mounted = createStagedMount(5, frames.schedule);
      frames.flush();
      dispose();
      expect(frames.pending()).toBe(0);
      expect(mounted(2)).toBe(false);
    });
  });
});

