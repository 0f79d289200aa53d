import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import type { Indicator, IndicatorType } from '../../engine/case';
import { indicatorKey } from '../../engine/case/indicator';
import { VirtualList } from './VirtualList';

export const IOC_ROW_PX = 26;
/** Rows in view before the list scrolls; a case with few indicators takes only their height. */
export const IOC_VISIBLE_ROWS = 9;

/** The live indicator list: defanged values only, filterable by type; opens an indicator in the drawer. */
export function IocList(props: { indicators: Indicator[]; onOpen: (key: string) => void }): JSX.Element {
  const [type, setType] = createSignal<IndicatorType | 'all'>('all');
  const types = createMemo(() => {
    const counts = new Map<IndicatorType, number>();
    for (const indicator of props.indicators) counts.set(indicator.type, (counts.get(indicator.type) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1]);
  });
  const shown = createMemo(() => {
    const wanted = type();
    const list = wanted === 'all' ? props.indicators.slice() : props.indicators.filter((indicator) => indicator.type === wanted);
    // Plain code-unit order: localeCompare is an order of magnitude slower on a list re-sorted every update.
    return list.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  });
  return (
    <section aria-labelledby="ioc-heading" class="flex flex-col gap-1 min-h-0">
      <div class="flex items-center gap-2">
        <h2 id="ioc-heading" class="text-sm font-semibold m-0">Indicators</h2>
        <span class="text-xs text-slate-600 dark:text-slate-400" data-testid="ioc-count">{props.indicators.length}</span>
        <label class="ml-auto text-xs flex items-center gap-1">
          <span>Type</span>
          <select class="input" value={type()} onChange={(event) => setType(event.currentTarget.value as IndicatorType | 'all')}>
            <option value="all">all</option>
            <For each={types()}>{([name, count]) => <option value={name}>{name} ({count})</option>}</For>
          </select>
        </label>
      </div>
      <div class="grid grid-cols-[minmax(0,1fr)_4rem_4.5rem_3.5rem] text-xs font-semibold px-2 border-b border-b-solid border-slate-300 dark:border-slate-700" aria-hidden="true">
        <span>Value (defanged)</span><span>Type</span><span>Scope</span><span class="text-right">Count</span>
      </div>
      <Show when={shown().length} fallback={<p class="text-sm text-slate-600 dark:text-slate-400 px-2">No indicators yet.</p>}>
        <VirtualList
          count={shown().length}
          itemAt={(index) => shown()[index]}
          version={shown().length}
          rowHeight={IOC_ROW_PX}
          label="Indicators"
          height={Math.min(shown().length, IOC_VISIBLE_ROWS) * IOC_ROW_PX + 2}
          class="border border-solid border-slate-200 dark:border-slate-800 rounded"
          row={(indicator) => (
            <button
              type="button"
              data-testid="ioc-row"
              data-ioc-type={indicator.type}
              class="grid grid-cols-[minmax(0,1fr)_4rem_4.5rem_3.5rem] w-full h-full text-left text-xs px-2 items-center border-0 bg-transparent text-inherit hover:bg-slate-100 dark:hover:bg-slate-800 cursor-pointer focus-visible:outline-2 focus-visible:outline-sky-500"
              onClick={() => props.onOpen(indicatorKey(indicator.type, indicator.value))}
            >
              <span class="truncate font-mono" title={indicator.defanged}>{indicator.defanged}</span>
              <span>{indicator.type}</span>
              <span>{indicator.scope ?? '—'}</span>
              <span class="text-right tabular-nums">{indicator.count}</span>
            </button>
          )}
        />
      </Show>
    </section>
  );
}
