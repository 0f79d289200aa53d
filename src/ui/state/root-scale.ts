import { createSignal, type Accessor } from 'solid-js';

/**
 * The root font size app.css sets for 4K screens with a device pixel ratio of 1, as a factor of 16 px. Lists with
 * fixed pixel row heights (the virtual lists) multiply by it, so their text, which grows with the root size, still
 * fits its row. Keep these breakpoints equal to the media queries in app.css.
 */
export const ROOT_SCALE_STEPS: readonly { minWidthPx: number; scale: number }[] = [
  { minWidthPx: 3400, scale: 1.5 },
  { minWidthPx: 2400, scale: 1.25 },
];

/** The factor for a viewport width: the first step it reaches, else 1. */
export function rootScaleFor(widthPx: number): number {
  return ROOT_SCALE_STEPS.find((step) => widthPx >= step.minWidthPx)?.scale ?? 1;
}

let scale: Accessor<number> | undefined;

/** The current factor, following window resizes through media queries (no layout read). */
export function rootScale(): number {
  if (!scale) {
    const queries = ROOT_SCALE_STEPS.map((step) => matchMedia(`(min-width: ${step.minWidthPx}px)`));
    const current = (): number => ROOT_SCALE_STEPS.find((_, index) => queries[index].matches)?.scale ?? 1;
    const [value, setValue] = createSignal(current());
    for (const query of queries) query.addEventListener('change', () => setValue(current()));
    scale = value;
  }
  return scale();
}
