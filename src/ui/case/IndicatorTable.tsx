/**
 * The case's indicators, defanged only (the canonical value never reaches the DOM), worst reputation first.
 * A virtual list: only the rows in view are in the DOM, so a case with 10,000 indicators mounts as fast as one with
 * ten (the former 200-row table took ~57 ms of one task). The per-source column stays in place while enrichment is
 * off and says so; it never shows invented verdicts.
 */
import { For, Show, createMemo, createSignal, untrack, type JSX } from 'solid-js';
import { unwrap } from 'solid-js/store';
import type { EvidenceRef, IndicatorType } from '../../engine/case';
import type { ReportIndicator } from '../../engine/report';
import { VirtualList } from '../components/VirtualList';
import { CaseSection } from './CaseSection';
import { formatTime } from './format';
import {
  DEFAULT_INDICATOR_SORT,
  ariaSort,
  filterIndicators,
  indicatorKeyOf,
  indicatorTypeCounts,
  nextSort,
  sortIndicators,
  type IndicatorSortColumn,
} from './indicator-rows';
import { FIELD_CLASS, LINK_BUTTON_BASE, LINK_BUTTON_CLASS, MUTED_TEXT_CLASS, TIER_BADGE_CLASS } from './presentation';

/** Fixed row height of the virtual list, in px. */
export const INDICATOR_ROW_PX = 30;
/** Rows in view before the list scrolls. */
export const INDICATOR_VISIBLE_ROWS = 14;

/** Indicator, type, tier, seen, first seen, last seen, scope, sources, false positive. */
const GRID = 'grid grid-cols-[minmax(16rem,1fr)_4.5rem_5.5rem_4rem_14rem_14rem_6rem_8rem_7rem] items-center gap-x-2 px-2';
const TABLE_MIN_WIDTH = 'min-w-[82rem]';

const COLUMNS: Array<{ column: IndicatorSortColumn; label: string }> = [
  { column: 'defanged', label: 'Indicator' },
  { column: 'type', label: 'Type' },
  { column: 'tier', label: 'Tier' },
  { column: 'count', label: 'Seen' },
  { column: 'first_seen', label: 'First seen' },
  { column: 'last_seen', label: 'Last seen' },
];

function sourcesText(indicator: ReportIndicator): string {
  return indicator.sources.map((source) => `${source.source}: ${source.tier}`).join(', ');
}

export function IndicatorTable(props: {
  indicators: readonly ReportIndicator[];
  /** Changes with every update of the report (CaseData.reportRevision). */
  revision: number;
  /** Indicator keys the analyst marked false positive (kept with the case, see analyst-store.ts). */
  analystFalsePositives: ReadonlySet<string>;
  onOpen: (ref: EvidenceRef) => void;
}): JSX.Element {
  const [sort, setSort] = createSignal(DEFAULT_INDICATOR_SORT);
  const [type, setType] = createSignal<IndicatorType | 'all'>('all');
  // Sorted on the raw rows (no signal per field read), shown through the store's rows so live updates reach them.
  const raw = (): readonly ReportIndicator[] => {
    void props.revision;
    return unwrap(props.indicators);
  };
  const types = createMemo(() => indicatorTypeCounts(raw()));
  const rows = createMemo(() => {
    const list = raw();
    const position = new Map(list.map((row, at) => [row, at]));
    const ordered = sortIndicators(filterIndicators(list, type()), sort());
    return untrack(() => ordered.map((row) => props.indicators[position.get(row) as number]));
  });
  const analystMarked = (row: ReportIndicator): boolean => props.analystFalsePositives.has(indicatorKeyOf(row));
  return (
    <CaseSection
      title="Indicators"
      testid="indicators"
      aside={
        <label class="flex items-center gap-1 text-sm">
          Type
          <select
            class={`${FIELD_CLASS} px-1`}
            value={type()}
            onChange={(event) => setType(event.currentTarget.value as IndicatorType | 'all')}
          >
            <option value="all">all ({props.indicators.length})</option>
            <For each={types()}>{(entry) => <option value={entry.type}>{entry.type} ({entry.count})</option>}</For>
          </select>
        </label>
      }
    >
      <Show when={props.indicators.length > 0} fallback={<p class={`m-0 ${MUTED_TEXT_CLASS}`}>No indicator extracted so far.</p>}>
        <div class="overflow-x-auto text-sm" role="group" aria-label="Indicators of the case">
          <div class={TABLE_MIN_WIDTH}>
            <div class={`${GRID} border-b border-b-solid border-slate-300 py-1 font-semibold dark:border-slate-700`}>
              <For each={COLUMNS}>
                {(header) => (
                  <span aria-sort={ariaSort(sort(), header.column)}>
                    <button
                      type="button"
                      data-testid="indicator-sort"
                      data-column={header.column}
                      class={`${LINK_BUTTON_BASE} p-0 [font-size:inherit] font-semibold [color:inherit]`}
                      onClick={() => setSort(nextSort(sort(), header.column))}
                    >
                      {header.label}
                      <span aria-hidden="true">{sort().column === header.column ? (sort().descending ? ' ▼' : ' ▲') : ''}</span>
                    </button>
                  </span>
                )}
              </For>
              <span>Scope</span>
              <span>Sources</span>
              <span>False positive</span>
            </div>
            <VirtualList
              count={rows().length}
              itemAt={(index) => rows()[index]}
              version={rows().length}
              rowHeight={INDICATOR_ROW_PX}
              height={Math.min(rows().length, INDICATOR_VISIBLE_ROWS) * INDICATOR_ROW_PX}
              label="Indicators"
              row={(row) => (
                <div
                  data-testid="indicator"
                  data-tier={row.tier}
                  data-type={row.type}
                  data-false-positive={row.false_positive || analystMarked(row) ? 'true' : 'false'}
                  class={`${GRID} h-full border-b border-b-solid border-slate-200 dark:border-slate-800`}
                >
                  <button
                    type="button"
                    class={`${LINK_BUTTON_CLASS} min-w-0 truncate text-left font-mono`}
                    title={row.defanged}
                    onClick={() => props.onOpen({ kind: 'indicator', id: indicatorKeyOf(row) })}
                  >
                    {row.defanged}
                  </button>
                  <span>{row.type}</span>
                  <span><span class={`rounded px-1 ${TIER_BADGE_CLASS[row.tier]}`}>{row.tier}</span></span>
                  <span class="tabular-nums">{row.count}</span>
                  <span class="truncate font-mono text-xs" title={formatTime(row.first_seen)}>{formatTime(row.first_seen)}</span>
                  <span class="truncate font-mono text-xs" title={formatTime(row.last_seen)}>{formatTime(row.last_seen)}</span>
                  <span class="truncate">{row.scope ?? '—'}</span>
                  <Show when={row.sources.length > 0} fallback={<span class={`truncate ${MUTED_TEXT_CLASS}`}>enrichment off</span>}>
                    <span class="truncate" title={sourcesText(row)}>{sourcesText(row)}</span>
                  </Show>
                  <span>{row.false_positive ? 'yes' : analystMarked(row) ? 'yes (analyst)' : 'no'}</span>
                </div>
              )}
            />
          </div>
        </div>
      </Show>
    </CaseSection>
  );
}
