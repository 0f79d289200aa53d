import { createMemo, Show, type JSX } from 'solid-js';
import type { CaseStatus as AnalystStatus } from '../case/analyst-actions';
import { formatCount } from '../case/format';
import type { VerdictClass } from '../../engine/case';
import type { QueueCase, QueueFilter, QueueSort } from '../state/queue-view';
import { VirtualList } from './VirtualList';

export const CASE_ROW_PX = 56;

const VERDICT_STYLE: Record<VerdictClass | 'pending', string> = {
  incident: 'bg-red-700 text-white',
  suspicious: 'bg-amber-400 text-black',
  tuning: 'bg-sky-700 text-white',
  noise: 'bg-slate-500 text-white',
  pending: 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100',
};

/** The analyst's decision beside the verdict; open cases show none (most of the queue). */
const ANALYST_BADGE: Record<Exclude<AnalystStatus, 'open'>, { text: string; style: string }> = {
  escalated: { text: 'escalated', style: 'border-red-700 text-red-800 dark:border-red-400 dark:text-red-300' },
  'resolved-tuning': { text: 'resolved: tuning', style: 'border-slate-500 text-slate-700 dark:border-slate-400 dark:text-slate-300' },
  'resolved-noise': { text: 'resolved: noise', style: 'border-slate-500 text-slate-700 dark:border-slate-400 dark:text-slate-300' },
};

function statusText(item: QueueCase): string {
  if (item.status === 'running') return `triaging ${Math.round(item.progress * 100)}%`;
  if (item.status === 'queued') return 'queued';
  if (item.status === 'failed') return 'failed';
  if (item.status === 'cancelled') return item.verdict ?? 'cancelled';
  return item.verdict ?? 'pending';
}

function analystBadge(status: AnalystStatus | undefined): { text: string; style: string } | undefined {
  return status && status !== 'open' ? ANALYST_BADGE[status] : undefined;
}

/** Every case in one virtualized list, highest risk first by default; filters and sort live in the parent. */
export function CaseQueue(props: {
  cases: QueueCase[];
  total: number;
  filter: QueueFilter;
  sort: QueueSort;
  activeId?: string;
  selectedId?: string;
  analystStatus: (id: string) => AnalystStatus | undefined;
  onFilter: (filter: QueueFilter) => void;
  onSort: (sort: QueueSort) => void;
  onOpen: (id: string) => void;
  searchRef?: (input: HTMLInputElement) => void;
}): JSX.Element {
  const selectedIndex = createMemo(() => props.cases.findIndex((item) => item.id === props.selectedId));
  return (
    <nav aria-labelledby="queue-heading" class="flex flex-col gap-2 min-h-0 h-full">
      <div class="flex items-baseline gap-2">
        <h2 id="queue-heading" class="text-sm font-semibold m-0">Cases</h2>
        <span class="text-xs text-slate-600 dark:text-slate-400" data-testid="case-count">{props.cases.length} of {props.total}</span>
      </div>
      <label class="text-xs grid gap-0.5">
        <span>Filter (host, technique, file)</span>
        <input
          ref={(input) => props.searchRef?.(input)}
          type="search"
          class="input"
          data-testid="queue-search"
          value={props.filter.text}
          onInput={(event) => props.onFilter({ ...props.filter, text: event.currentTarget.value })}
        />
      </label>
      <div class="grid grid-cols-2 gap-1 text-xs">
        <label class="grid gap-0.5">
          <span>Verdict</span>
          <select class="input" data-testid="queue-verdict" value={props.filter.verdict}
            onChange={(event) => props.onFilter({ ...props.filter, verdict: event.currentTarget.value as QueueFilter['verdict'] })}>
            <option value="all">all</option>
            <option value="incident">incident</option>
            <option value="suspicious">suspicious</option>
            <option value="tuning">tuning</option>
            <option value="noise">noise</option>
            <option value="pending">pending</option>
          </select>
        </label>
        <label class="grid gap-0.5">
          <span>Sort</span>
          <select class="input" data-testid="queue-sort" value={props.sort} onChange={(event) => props.onSort(event.currentTarget.value as QueueSort)}>
            <option value="risk">risk</option>
            <option value="score">score</option>
            <option value="time">latest event</option>
            <option value="host">host</option>
            <option value="title">title</option>
          </select>
        </label>
        <label class="grid gap-0.5 col-span-2">
          <span>Technique (e.g. T1059)</span>
          <input class="input" data-testid="queue-technique" value={props.filter.technique}
            onInput={(event) => props.onFilter({ ...props.filter, technique: event.currentTarget.value })} />
        </label>
      </div>
      <Show when={props.cases.length} fallback={<p class="text-sm text-slate-600 dark:text-slate-400">{props.total ? 'No case matches.' : 'Drop log files to start.'}</p>}>
        <VirtualList
          count={props.cases.length}
          itemAt={(index) => props.cases[index]}
          version={props.cases.length}
          rowHeight={CASE_ROW_PX}
          activeIndex={selectedIndex()}
          label="Case queue"
          class="flex-1 min-h-40"
          row={(item) => (
            <button
              type="button"
              data-testid="case-row"
              data-case-id={item.id}
              data-verdict={item.verdict ?? 'pending'}
              data-status={item.status}
              data-analyst-status={props.analystStatus(item.id) ?? 'open'}
              aria-current={props.activeId === item.id ? 'page' : undefined}
              class={`case-row w-full h-full text-left px-2 py-1 border-0 border-b border-b-solid border-slate-200 dark:border-slate-800 text-inherit cursor-pointer grid grid-cols-[1fr_auto] gap-x-2 items-center focus-visible:outline-2 focus-visible:outline-sky-500 ${
                props.selectedId === item.id ? 'bg-sky-100 dark:bg-sky-950' : props.activeId === item.id ? 'bg-slate-100 dark:bg-slate-800' : 'bg-transparent'}`}
              onClick={() => props.onOpen(item.id)}
            >
              <span class="truncate text-sm font-medium" title={item.title}>{item.title}</span>
              <span class="flex items-center gap-1 justify-self-end">
                <Show when={analystBadge(props.analystStatus(item.id))}>
                  {(badge) => <span class={`text-xs px-1 rounded border border-solid whitespace-nowrap ${badge().style}`} data-testid="case-row-analyst-status">{badge().text}</span>}
                </Show>
                <span class={`text-xs px-1.5 rounded whitespace-nowrap ${VERDICT_STYLE[item.verdict ?? 'pending']}`}>{statusText(item)}</span>
              </span>
              {/* The second line spans the row: the score first, since it is what the queue is sorted by. */}
              <span class="col-span-2 truncate text-xs text-slate-600 dark:text-slate-400">
                {item.score === null ? '' : `score ${item.score} · `}{formatCount(item.eventCount)} events · {item.hosts.slice(0, 3).join(', ') || '—'}
                {item.techniques.length ? ` · ${item.techniques.slice(0, 3).join(' ')}` : ''}
              </span>
            </button>
          )}
        />
      </Show>
    </nav>
  );
}
