import { createEffect, createSignal, on, onCleanup, Show, untrack, type JSX } from 'solid-js';
import { defangText } from '../../engine/ioc';
import { formatCount } from '../case/format';
import type { EventRow } from '../bridge/protocol';
import type { CaseData } from '../state/case-data';
import { buildHistogram, buildHistogramInSlices, type Histogram as HistogramData } from '../state/histogram';
import { Histogram } from './Histogram';
import { VirtualList } from './VirtualList';

export const EVENT_ROW_PX = 28;
/** Rows the timeline shows before it scrolls; a small case takes only the height of its rows. */
export const TIMELINE_VISIBLE_ROWS = 12;
/** Time, host, kind, message: wide enough for a 7-digit fraction and a host FQDN at text-xs in monospace. */
const TIMELINE_COLUMNS = 'grid-cols-[13rem_12.5rem_8.5rem_minmax(0,1fr)]';
/** The histogram is rebuilt at most this often while rows stream in: it is linear in the rows. */
export const HISTOGRAM_REFRESH_MS = 500;

function formatTs(row: EventRow): string {
  return row.ts ? row.ts.replace('T', ' ').replace(/Z$/, '') : '—';
}

/** The event timeline: histogram, search and a virtualized table; clicking a row opens the event in the drawer. */
export function Timeline(props: { data: CaseData; onOpen: (eventId: string) => void; selectedId?: string }): JSX.Element {
  const [search, setSearch] = createSignal('');
  const [hits, setHits] = createSignal<Uint32Array | null>(null);
  // The histogram is linear in the rows, so it follows new rows at most every HISTOGRAM_REFRESH_MS (leading and
  // trailing edge: the first rows show at once, the last state is never missed), and is binned a slice per task
  // (a 241,500-row case binned in one task took 55-124 ms, CDP trace). A case swapped under the view (a per-host
  // split, a stored case) is binned at once.
  const [histogram, setHistogram] = createSignal<HistogramData>(buildHistogram(() => {}));
  let histogramGeneration = 0;
  let histogramTimer: ReturnType<typeof setTimeout> | undefined;
  let histogramAt = 0;
  let histogramData: CaseData | undefined;
  const refreshHistogram = (): void => {
    clearTimeout(histogramTimer);
    histogramTimer = undefined;
    histogramAt = Date.now();
    const data = props.data;
    histogramData = data;
    const generation = ++histogramGeneration;
    void buildHistogramInSlices(
      untrack(() => data.rowCount()),
      (from, to, visit) => data.forEachTimeIn(from, to, visit),
      () => generation !== histogramGeneration,
      () => new Promise((resolve) => setTimeout(resolve, 0)),
    ).then((built) => {
      if (built && generation === histogramGeneration) setHistogram(built);
    });
  };
  createEffect(on(() => [props.data, props.data.version()] as const, ([data]) => {
    if (data !== histogramData) {
      refreshHistogram();
      return;
    }
    if (histogramTimer !== undefined) return;
    const wait = HISTOGRAM_REFRESH_MS - (Date.now() - histogramAt);
    if (wait <= 0) refreshHistogram();
    else histogramTimer = setTimeout(refreshHistogram, wait);
  }));
  let searchGeneration = 0;

  createEffect(on(() => [props.data, props.data.version(), search()] as const, ([data, , text]) => {
    const generation = ++searchGeneration;
    if (!text.trim()) {
      setHits(null);
      return;
    }
    void data.search(text, () => generation !== searchGeneration)
      .then((found) => {
        if (found && generation === searchGeneration) setHits(found);
      });
  }));

  onCleanup(() => {
    clearTimeout(histogramTimer);
    histogramGeneration++;
  });

  const count = (): number => hits()?.length ?? props.data.rowCount();
  const rowAt = (index: number): EventRow | undefined => {
    const found = hits();
    return props.data.rowAt(found ? found[index] : index);
  };

  return (
    <section aria-labelledby="timeline-heading" class="flex flex-col gap-1 min-h-0">
      <div class="flex items-center gap-2">
        <h2 id="timeline-heading" class="text-sm font-semibold m-0">Event timeline</h2>
        <span class="text-xs text-slate-600 dark:text-slate-400" data-testid="event-count">
          {hits() ? `${formatCount(count())} of ${formatCount(props.data.rowCount())}` : formatCount(props.data.rowCount())} events
        </span>
        <label class="ml-auto text-xs flex items-center gap-1">
          <span>Search events</span>
          <input
            type="search"
            data-testid="event-search"
            class="input w-48"
            value={search()}
            onInput={(event) => setSearch(event.currentTarget.value)}
          />
        </label>
      </div>
      <Histogram data={histogram()} />
      <div class={`grid ${TIMELINE_COLUMNS} text-xs font-semibold border-b border-b-solid border-slate-300 dark:border-slate-700 px-2 py-1`} aria-hidden="true">
        <span>Time (UTC)</span><span>Host</span><span>Kind</span><span>Message</span>
      </div>
      <Show when={count() > 0} fallback={<p class="text-sm text-slate-600 dark:text-slate-400 px-2">{hits() ? 'No event matches.' : 'No events yet.'}</p>}>
        <VirtualList
          count={count()}
          itemAt={rowAt}
          version={props.data.version() + (hits()?.length ?? -1)}
          rowHeight={EVENT_ROW_PX}
          label="Events"
          height={Math.min(count(), TIMELINE_VISIBLE_ROWS) * EVENT_ROW_PX + 2}
          class="border border-solid border-slate-200 dark:border-slate-800 rounded"
          row={(row) => (
            <button
              type="button"
              data-testid="event-row"
              data-event-id={row.id}
              aria-current={props.selectedId === row.id ? 'true' : undefined}
              class={`event-row grid ${TIMELINE_COLUMNS} w-full h-full text-left text-xs font-mono px-2 items-center border-0 bg-transparent text-inherit hover:bg-slate-100 dark:hover:bg-slate-800 cursor-pointer focus-visible:outline-2 focus-visible:outline-sky-500`}
              onClick={() => props.onOpen(row.id)}
            >
              <span class="truncate">{formatTs(row)}</span>
              <span class="truncate pr-2" title={row.host}>{row.host}</span>
              <span class="truncate pr-2" title={row.kind}>{row.kind}</span>
              <EventMessage text={row.message} />
            </button>
          )}
        />
      </Show>
    </section>
  );
}

/** Messages quote URLs, domains and addresses from the evidence: shown defanged, like every indicator. */
function EventMessage(props: { text: string }): JSX.Element {
  const safe = defangText(props.text);
  return <span class="truncate" title={safe}>{safe}</span>;
}
