import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_SCALE_STEPS, rootScaleFor } from '../../../src/ui/state/root-scale';

describe('root scale of the virtual lists', () => {
  it('follows the viewport width in steps', () => {
    expect(rootScaleFor(1280)).toBe(1);
    expect(rootScaleFor(2399)).toBe(1);
    expect(rootScaleFor(2560)).toBe(1.25);
    expect(rootScaleFor(3840)).toBe(1.5);
  });

  it('has the same steps as the root font sizes of app.css', () => {
    const css = readFileSync(path.resolve(process.cwd(), 'src/ui/app.css'), 'utf8');
    const fromCss = [...css.matchAll(/@media \(min-width: (\d+)px\) \{ html \{ font-size: (\d+)%; \} \}/g)]
      .map((match) => ({ minWidthPx: Number(match[1]), scale: Number(match[2]) / 100 }))
      .sort((a, b) => b.minWidthPx - a.minWidthPx);
    expect(fromCss).toEqual(ROOT_SCALE_STEPS);
  });
});
