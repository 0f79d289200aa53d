/**
 * The analyst's decisions on a case: escalate, resolve as tuning or noise, reopen, and false-positive marks on
 * indicators, each with a note. They are kept in IndexedDB (analyst-store.ts) and the view follows every write,
 * including those made by keyboard shortcuts or another tab.
 */
import { For, Show, createMemo, createSignal, createUniqueId, type JSX } from 'solid-js';
import type { CaseReport } from '../../engine/report';
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
import { createKeyedRows } from './keyed-rows';
import { displayIndicatorKey } from './evidence-index';
import { displayText, formatTime } from './format';
import { DEFAULT_INDICATOR_SORT, indicatorKeyOf, sortIndicators } from './indicator-rows';
import { BUTTON_CLASS, FIELD_CLASS, MUTED_TEXT_CLASS } from './presentation';

/** Indicators offered in the false-positive picker; a longer list is unusable in a select and slow to build. */
export const FALSE_POSITIVE_CHOICES = 500;

const STATUS_CLASS: Record<CaseStatus, string> = {
  open: 'bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-50',
  escalated: 'bg-red-700 text-white',
  'resolved-tuning': 'bg-sky-700 text-white',
  'resolved-noise': 'bg-slate-600 text-white',
};

export function CaseActions(props: { caseId: string; report: CaseReport }): JSX.Element {
  const noteId = createUniqueId();
  const pickerId = createUniqueId();
  const actions = createMemo(() => watchActions(props.caseId));
  const log = (): AnalystAction[] => actions()() ?? [];
  const state = createMemo(() => analystState(props.caseId, log()));
  const indicatorsByKey = createMemo(() => new Map(props.report.indicators.map((item) => [indicatorKeyOf(item), item])));
  const choices = createKeyedRows(
    () => sortIndicators(props.report.indicators, DEFAULT_INDICATOR_SORT).slice(0, FALSE_POSITIVE_CHOICES),
    indicatorKeyOf,
  );
  const [note, setNote] = createSignal('');
  const [picked, setPicked] = createSignal('');
  const { busy, failure, run } = createAnalystWrite();
  const pickedKey = (): string => picked() || (choices()[0] ? choices()[0].rowKey : '');
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
        <Show when={choices().length > 0}>
          <div class="flex flex-wrap items-center gap-1">
            <label for={pickerId} class="text-sm font-medium">Indicator</label>
            <select
              id={pickerId}
              data-testid="false-positive-picker"
              class={`${FIELD_CLASS} max-w-full px-1`}
              value={pickedKey()}
              onChange={(event) => setPicked(event.currentTarget.value)}
            >
              <For each={choices()}>
                {(indicator) => (
                  <option value={indicator.rowKey}>
                    {indicator.defanged} ({indicator.type}{state().falsePositives.has(indicator.rowKey) ? ', false positive' : ''})
                  </option>
                )}
              </For>
            </select>
            <button
              type="button"
              data-testid="action-false-positive"
              class={BUTTON_CLASS}
              aria-disabled={busy()}
              onClick={() => {
                const key = pickedKey();
                const mark = !pickedIsMarked();
                void act((text) => markFalsePositive(props.caseId, key, mark, text));
              }}
            >
              {pickedIsMarked() ? 'Withdraw false-positive mark' : 'Mark false positive'}
            </button>
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
