/**
 * The case's indicators, defanged only (the canonical value never reaches the DOM), worst reputation first.
 * The per-source column stays in place while enrichment is off and says so; it never shows invented verdicts.
 */
import { For, Show, createMemo, createSignal, type JSX } from 'solid-js';
import type { EvidenceRef, IndicatorType } from '../../engine/case';
import type { ReportIndicator } from '../../engine/report';
import { CaseSection } from './CaseSection';
import { createKeyedRows } from './keyed-rows';
import { formatTime } from './format';
import {
  DEFAULT_INDICATOR_SORT,
  INDICATOR_PAGE_ROWS,
  ariaSort,
  filterIndicators,
  indicatorKeyOf,
  indicatorTypeCounts,
  nextSort,
  sortIndicators,
  type IndicatorSortColumn,
} from './indicator-rows';
import { BUTTON_CLASS, FIELD_CLASS, LINK_BUTTON_BASE, LINK_BUTTON_CLASS, MUTED_TEXT_CLASS, TIER_BADGE_CLASS } from './presentation';

const COLUMNS: Array<{ column: IndicatorSortColumn; label: string }> = [
  { column: 'defanged', label: 'Indicator' },
  { column: 'type', label: 'Type' },
  { column: 'tier', label: 'Tier' },
  { column: 'count', label: 'Seen' },
  { column: 'first_seen', label: 'First seen' },
  { column: 'last_seen', label: 'Last seen' },
];

const CELL_CLASS = 'border-b border-b-solid border-slate-200 px-2 py-1 align-top dark:border-slate-800';

function SourceBreakdown(props: { indicator: ReportIndicator }): JSX.Element {
  return (
    <Show when={props.indicator.sources.length > 0} fallback={<span class={MUTED_TEXT_CLASS}>enrichment off</span>}>
      <ul class="m-0 list-none p-0">
        <For each={props.indicator.sources}>
          {(source) => (
            <li>
              <span class="font-medium">{source.source}</span>: {source.tier}
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}

export function IndicatorTable(props: {
  indicators: readonly ReportIndicator[];
  /** Indicator keys the analyst marked false positive (kept with the case, see analyst-store.ts). */
  analystFalsePositives: ReadonlySet<string>;
  onOpen: (ref: EvidenceRef) => void;
}): JSX.Element {
  const [sort, setSort] = createSignal(DEFAULT_INDICATOR_SORT);
  const [type, setType] = createSignal<IndicatorType | 'all'>('all');
  const [shown, setShown] = createSignal(INDICATOR_PAGE_ROWS);
  const types = createMemo(() => indicatorTypeCounts(props.indicators));
  const rows = createMemo(() => sortIndicators(filterIndicators(props.indicators, type()), sort()));
  const visible = createKeyedRows(() => rows().slice(0, shown()), indicatorKeyOf);
  const isFalsePositive = (row: ReportIndicator): boolean =>
    row.false_positive || props.analystFalsePositives.has(indicatorKeyOf(row));
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
            onChange={(event) => {
              setType(event.currentTarget.value as IndicatorType | 'all');
              setShown(INDICATOR_PAGE_ROWS);
            }}
          >
            <option value="all">all ({props.indicators.length})</option>
            <For each={types()}>{(entry) => <option value={entry.type}>{entry.type} ({entry.count})</option>}</For>
          </select>
        </label>
      }
    >
      <Show when={props.indicators.length > 0} fallback={<p class={`m-0 ${MUTED_TEXT_CLASS}`}>No indicator extracted so far.</p>}>
        <div class="overflow-x-auto">
          <table class="w-full border-collapse text-sm">
            <thead>
              <tr>
                <For each={COLUMNS}>
                  {(header) => (
                    <th scope="col" aria-sort={ariaSort(sort(), header.column)} class={`${CELL_CLASS} text-left`}>
                      <button
                        type="button"
                        class={`${LINK_BUTTON_BASE} p-0 [font-size:inherit] font-semibold [color:inherit]`}
                        onClick={() => setSort(nextSort(sort(), header.column))}
                      >
                        {header.label}
                        <span aria-hidden="true">
                          {sort().column === header.column ? (sort().descending ? ' ▼' : ' ▲') : ''}
                        </span>
                      </button>
                    </th>
                  )}
                </For>
                <th scope="col" class={`${CELL_CLASS} text-left`}>Scope</th>
                <th scope="col" class={`${CELL_CLASS} text-left`}>Sources</th>
                <th scope="col" class={`${CELL_CLASS} text-left`}>False positive</th>
              </tr>
            </thead>
            <tbody>
              <For each={visible()}>
                {(row) => (
                  <tr data-testid="indicator" data-tier={row.tier} data-type={row.type} data-false-positive={isFalsePositive(row) ? 'true' : 'false'}>
                    <td class={`${CELL_CLASS} max-w-md`}>
                      <button
                        type="button"
                        class={`${LINK_BUTTON_CLASS} break-all font-mono`}
                        onClick={() => props.onOpen({ kind: 'indicator', id: row.rowKey })}
                      >
                        {row.defanged}
                      </button>
                    </td>
                    <td class={CELL_CLASS}>{row.type}</td>
                    <td class={CELL_CLASS}>
                      <span class={`rounded px-1 ${TIER_BADGE_CLASS[row.tier]}`}>{row.tier}</span>
                    </td>
                    <td class={`${CELL_CLASS} tabular-nums`}>{row.count}</td>
                    <td class={`${CELL_CLASS} whitespace-nowrap`}>{formatTime(row.first_seen)}</td>
                    <td class={`${CELL_CLASS} whitespace-nowrap`}>{formatTime(row.last_seen)}</td>
                    <td class={CELL_CLASS}>{row.scope ?? ''}</td>
                    <td class={CELL_CLASS}>
                      <SourceBreakdown indicator={row} />
                    </td>
                    <td class={CELL_CLASS}>
                      {row.false_positive ? 'yes' : props.analystFalsePositives.has(row.rowKey) ? 'yes (analyst)' : 'no'}
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <Show when={rows().length > visible().length}>
          <button type="button" class={`${BUTTON_CLASS} mt-2`} onClick={() => setShown(shown() + INDICATOR_PAGE_ROWS)}>
            Show {Math.min(INDICATOR_PAGE_ROWS, rows().length - visible().length)} more of {rows().length - visible().length} indicators
          </button>
        </Show>
      </Show>
    </CaseSection>
  );
}
