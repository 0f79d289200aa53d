/**
 * The analyst's decisions on a case: escalate, resolve as tuning or noise, reopen, and false-positive marks on
 * indicators, each with a note. They are kept in IndexedDB (analyst-store.ts) and the view follows every write,
 * including those made by keyboard shortcuts or another tab.
 */
import { For, Show, createMemo, createSignal, createUniqueId, type JSX } from 'solid-js';
import { unwrap } from 'solid-js/store';
import type { CaseReport, ReportIndicator } from '../../engine/report';
import {
  MAX_NOTE_CHARS,
  STATUS_LABELS,
  analystState,
  describeAction,
  newestFirst,
  type AnalystAction,
  type CaseStatus,
} from './analyst-actions';
import { escalate, markFalsePositive, reopen, resolve, watchActions } from './analyst-store';
import { createAnalystWrite } from './analyst-write';
import { CaseSection } from './CaseSection';
import { displayIndicatorKey } from './evidence-index';
import { displayText, formatTime } from './format';
import { DEFAULT_INDICATOR_SORT, findIndicators, indicatorKeyOf, sortIndicators } from './indicator-rows';
import { BUTTON_CLASS, FIELD_CLASS, MUTED_TEXT_CLASS } from './presentation';

const STATUS_CLASS: Record<CaseStatus, string> = {
  open: 'bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-50',
  escalated: 'bg-red-700 text-white',
  'resolved-tuning': 'bg-sky-700 text-white',
  'resolved-noise': 'bg-slate-600 text-white',
};

export function CaseActions(props: {
  caseId: string;
  report: CaseReport;
  /** Changes with every update of the report (CaseData.reportRevision). */
  revision: number;
}): JSX.Element {
  const noteId = createUniqueId();
  const finderId = createUniqueId();
  const actions = createMemo(() => watchActions(props.caseId));
  const log = (): AnalystAction[] => actions()() ?? [];
  const state = createMemo(() => analystState(props.caseId, log()));
  // Whole-list scans read the raw report: through the store, every field read would create a signal.
  const rawIndicators = (): readonly ReportIndicator[] => {
    void props.revision;
    return unwrap(props.report).indicators;
  };
  const indicatorsByKey = createMemo(() => new Map(rawIndicators().map((item) => [indicatorKeyOf(item), item])));
  // A search box and a few results instead of one <option> per indicator: that select cost 30-74 ms to build.
  const ranked = createMemo(() => sortIndicators(rawIndicators(), DEFAULT_INDICATOR_SORT));
  const [query, setQuery] = createSignal('');
  const results = createMemo(() => findIndicators(ranked(), query()));
  const [note, setNote] = createSignal('');
  const [picked, setPicked] = createSignal('');
  const { busy, failure, run } = createAnalystWrite();
  // Nothing is picked until the analyst picks it: a default would let one click mark an indicator nobody chose.
  const pickedKey = picked;
  const pickedIsMarked = (): boolean => state().falsePositives.has(pickedKey());
  const act = async (write: (note: string) => Promise<void>): Promise<void> => {
    if (await run(() => write(note()))) setNote('');
  };

  return (
    <CaseSection
      title="Analyst actions"
      testid="case-actions"
      aside={
        <span data-testid="case-status" data-status={state().status} class={`rounded px-2 py-0.5 text-sm font-semibold ${STATUS_CLASS[state().status]}`}>
          {STATUS_LABELS[state().status]}
        </span>
      }
    >
      <div class="flex flex-col gap-2">
        <label for={noteId} class="text-sm font-medium">
          Note <span class={`font-normal ${MUTED_TEXT_CLASS}`}>(kept with the case, up to {MAX_NOTE_CHARS} characters)</span>
        </label>
        <textarea
          id={noteId}
          data-testid="action-note"
          rows={2}
          maxLength={MAX_NOTE_CHARS}
          class={`${FIELD_CLASS} w-full p-1`}
          value={note()}
          onInput={(event) => setNote(event.currentTarget.value)}
        />
        <div class="flex flex-wrap gap-1">
          <button type="button" data-testid="action-escalate" class={BUTTON_CLASS} aria-disabled={busy()} onClick={() => act((text) => escalate(props.caseId, text))}>
            Escalate
          </button>
          <button type="button" data-testid="action-resolve-tuning" class={BUTTON_CLASS} aria-disabled={busy()} onClick={() => act((text) => resolve(props.caseId, 'tuning', text))}>
            Resolve as tuning
          </button>
          <button type="button" data-testid="action-resolve-noise" class={BUTTON_CLASS} aria-disabled={busy()} onClick={() => act((text) => resolve(props.caseId, 'noise', text))}>
            Resolve as noise
          </button>
          <Show when={state().status !== 'open'}>
            <button type="button" data-testid="action-reopen" class={BUTTON_CLASS} aria-disabled={busy()} onClick={() => act((text) => reopen(props.caseId, text))}>
              Reopen
            </button>
          </Show>
        </div>
        <Show when={props.report.indicators.length > 0}>
          <div class="flex flex-col gap-1">
            <label for={finderId} class="text-sm font-medium">
              False positive <span class={`font-normal ${MUTED_TEXT_CLASS}`}>(find an indicator, defanged or not)</span>
            </label>
            <input
              id={finderId}
              type="search"
              data-testid="false-positive-search"
              class={`${FIELD_CLASS} w-full p-1`}
              value={query()}
              onInput={(event) => {
                setQuery(event.currentTarget.value);
                setPicked('');
              }}
            />
            <ul class="m-0 flex list-none flex-col p-0" data-testid="false-positive-results" aria-label="Matching indicators">
              <For each={results()} fallback={<li class={`text-sm ${MUTED_TEXT_CLASS}`}>No indicator matches.</li>}>
                {(indicator) => {
                  const key = (): string => indicatorKeyOf(indicator);
                  return (
                    <li>
                      <button
                        type="button"
                        data-testid="false-positive-result"
                        aria-pressed={pickedKey() === key()}
                        class={`w-full truncate rounded border border-solid px-1 py-0.5 text-left font-mono text-sm ${pickedKey() === key()
                          ? 'border-sky-600 bg-sky-100 text-sky-950 dark:border-sky-400 dark:bg-sky-950 dark:text-sky-50'
                          : 'border-transparent bg-transparent text-inherit hover:bg-slate-100 dark:hover:bg-slate-800'}`}
                        title={indicator.defanged}
                        onClick={() => setPicked(key())}
                      >
                        {indicator.defanged} <span class={MUTED_TEXT_CLASS}>({indicator.type}{state().falsePositives.has(key()) ? ', false positive' : ''})</span>
                      </button>
                    </li>
                  );
                }}
              </For>
            </ul>
            <Show when={pickedKey()}>
              <button
                type="button"
                data-testid="action-false-positive"
                class={`${BUTTON_CLASS} self-start`}
                aria-disabled={busy()}
                onClick={() => {
                  const key = pickedKey();
                  const mark = !pickedIsMarked();
                  void act((text) => markFalsePositive(props.caseId, key, mark, text));
                }}
              >
                {pickedIsMarked() ? 'Withdraw false-positive mark' : 'Mark false positive'}
              </button>
            </Show>
          </div>
        </Show>
        <p role="alert" class="m-0 text-sm text-red-700 empty:hidden dark:text-red-300">{failure()}</p>
        <Show when={log().length > 0}>
          <h4 class="m-0 text-sm font-semibold">History</h4>
          <ol data-testid="action-history" class="m-0 flex list-none flex-col gap-1 p-0 text-sm">
            <For each={newestFirst(log())}>
              {(action) => (
                <li data-testid="action-entry" data-kind={action.kind}>
                  <span class={MUTED_TEXT_CLASS}>{formatTime(action.at)}</span>{' '}
                  <span class="font-medium">{describeAction(action, (key) => displayIndicatorKey(key, { indicator: (id) => indicatorsByKey().get(id) }))}</span>
                  <Show when={action.note}>
                    <span class="whitespace-pre-line">: {displayText(action.note)}</span>
                  </Show>
                </li>
              )}
            </For>
          </ol>
        </Show>
      </div>
    </CaseSection>
  );
}
