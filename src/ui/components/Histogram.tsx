import { createMemo, For, Show, type JSX } from 'solid-js';
import type { Histogram as HistogramData } from '../state/histogram';

/** A small bar chart of event times; decorative for screen readers, which get the summary text instead. */
export function Histogram(props: { data: HistogramData }): JSX.Element {
  const bars = createMemo(() => {
    const { counts, max } = props.data;
    const list: { x: number; height: number; count: number }[] = [];
    counts.forEach((count, index) => {
      if (count) list.push({ x: index, height: max ? Math.max(1, Math.round((count / max) * 40)) : 0, count });
    });
    return list;
  });
  const summary = (): string => {
    const { start, end, untimed } = props.data;
    if (Number.isNaN(start)) return untimed ? `${untimed} events without a time` : 'no events yet';
    return `${new Date(start).toISOString()} to ${new Date(end).toISOString()}${untimed ? `, ${untimed} without a time` : ''}`;
  };
  return (
    <figure class="m-0" data-testid="histogram">
      <svg viewBox={`0 0 ${props.data.counts.length} 40`} preserveAspectRatio="none" class="h-10 w-full block" aria-hidden="true">
        <For each={bars()}>
          {(bar) => <rect x={bar.x + 0.1} y={40 - bar.height} width="0.8" height={bar.height} class="fill-sky-500"><title>{bar.count}</title></rect>}
        </For>
      </svg>
      <Show when={props.data.counts.length}>
        <figcaption class="text-xs text-slate-600 dark:text-slate-400 font-mono">{summary()}</figcaption>
      </Show>
    </figure>
  );
}
