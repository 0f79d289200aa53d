import { createEffect, createSignal, on, onCleanup, Show, type JSX } from 'solid-js';
import { defangText } from '../../engine/ioc';
import type { EventRow } from '../bridge/protocol';
import type { CaseData } from '../state/case-data';
import { buildHistogram, type Histogram as HistogramData } from '../state/histogram';
import { Histogram } from './Histogram';
import { VirtualList } from './VirtualList';

export const EVENT_ROW_PX = 28;
/** The histogram is rebuilt at most this often while rows stream in: it is linear in the rows. */
export const HISTOGRAM_REFRESH_MS = 500;

function formatTs(row: EventRow): string {
  return row.ts ? row.ts.replace('T', ' ').replace(/Z$/, '') : '—';
}

/** The event timeline: histogram, search and a virtualized table; clicking a row opens the event in the drawer. */
export function Timeline(props: { data: CaseData; onOpen: (eventId: string) => void; selectedId?: string }): JSX.Element {
  const [search, setSearch] = createSignal('');
  const [hits, setHits] = createSignal<Uint32Array | null>(null);
  const [histogram, setHistogram] = createSignal<HistogramData>(buildHistogram(() => {}));
  let searchGeneration = 0;
  let histogramTimer: ReturnType<typeof setTimeout> | undefined;
  let histogramAt = 0;

  const refreshHistogram = (): void => {
    histogramTimer = undefined;
    histogramAt = Date.now();
    const data = props.data;
    setHistogram(buildHistogram((visit) => data.forEachTime(visit)));
  };

  // Throttled with a leading and a trailing edge: the first rows show at once, the last state is never missed.
  createEffect(on(() => [props.data, props.data.version()] as const, () => {
    if (histogramTimer) return;
    const wait = HISTOGRAM_REFRESH_MS - (Date.now() - histogramAt);
    if (wait <= 0) refreshHistogram();
    else histogramTimer = setTimeout(refreshHistogram, wait);
  }));

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

  onCleanup(() => clearTimeout(histogramTimer));

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
          {hits() ? `${count().toLocaleString('en')} of ${props.data.rowCount().toLocaleString('en')}` : props.data.rowCount().toLocaleString('en')} events
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
      <div class="grid grid-cols-[12.5rem_8rem_8.5rem_1fr] text-xs font-semibold border-b border-slate-300 dark:border-slate-700 px-2 py-1" aria-hidden="true">
        <span>Time (UTC)</span><span>Host</span><span>Kind</span><span>Message</span>
      </div>
      <Show when={count() > 0} fallback={<p class="text-sm text-slate-600 dark:text-slate-400 px-2">{hits() ? 'No event matches.' : 'No events yet.'}</p>}>
        <VirtualList
          count={count()}
          itemAt={rowAt}
          version={props.data.version() + (hits()?.length ?? -1)}
          rowHeight={EVENT_ROW_PX}
          label="Events"
          class="h-80 min-h-48 border border-slate-200 dark:border-slate-800 rounded"
          row={(row) => (
            <button
              type="button"
              data-testid="event-row"
              data-event-id={row.id}
              aria-current={props.selectedId === row.id ? 'true' : undefined}
              class="event-row grid grid-cols-[12.5rem_8rem_8.5rem_1fr] w-full h-full text-left text-xs font-mono px-2 items-center border-0 bg-transparent text-inherit hover:bg-slate-100 dark:hover:bg-slate-800 cursor-pointer focus-visible:outline-2 focus-visible:outline-sky-500"
              onClick={() => props.onOpen(row.id)}
            >
              <span class="truncate">{formatTs(row)}</span>
              <span class="truncate">{row.host}</span>
              <span class="truncate">{row.kind}</span>
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
