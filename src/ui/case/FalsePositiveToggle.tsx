/**
 * Marks one indicator of a case as a false positive (or withdraws the mark), with a note, from the evidence
 * drawer: every indicator can be marked there, also those beyond the picker in the analyst actions.
 */
import { Show, createMemo, createSignal, createUniqueId, type JSX } from 'solid-js';
import { MAX_NOTE_CHARS, analystState } from './analyst-actions';
import { markFalsePositive, watchActions } from './analyst-store';
import { createAnalystWrite } from './analyst-write';
import { displayText, formatTime } from './format';
import { BUTTON_CLASS, FIELD_CLASS } from './presentation';

export function FalsePositiveToggle(props: { caseId: string; indicatorKey: string }): JSX.Element {
  const noteId = createUniqueId();
  const actions = createMemo(() => watchActions(props.caseId));
  const mark = () => analystState(props.caseId, actions()() ?? []).falsePositives.get(props.indicatorKey);
  const [note, setNote] = createSignal('');
  const { busy, failure, run } = createAnalystWrite();
  const toggle = async (): Promise<void> => {
    const saved = await run(() => markFalsePositive(props.caseId, props.indicatorKey, !mark(), note()));
    if (saved) setNote('');
  };
  return (
    <section class="mt-3" data-testid="drawer-false-positive">
      <h4 class="m-0 font-semibold">Analyst mark</h4>
      <Show when={mark()} fallback={<p class="m-0 text-sm">Not marked as a false positive by an analyst.</p>}>
        {(found) => (
          <p class="m-0 text-sm">
            Marked false positive {formatTime(found().at)}
            {found().note ? `: ${displayText(found().note)}` : ''}
          </p>
        )}
      </Show>
      <div class="mt-1 flex flex-wrap items-center gap-1">
        <label for={noteId} class="text-sm">Note</label>
        <input
          id={noteId}
          type="text"
          maxLength={MAX_NOTE_CHARS}
          class={`${FIELD_CLASS} min-w-0 flex-1 px-1 py-0.5`}
          value={note()}
          onInput={(event) => setNote(event.currentTarget.value)}
        />
        <button type="button" data-testid="drawer-false-positive-toggle" class={BUTTON_CLASS} aria-disabled={busy()} onClick={() => void toggle()}>
          {mark() ? 'Withdraw false-positive mark' : 'Mark false positive'}
        </button>
      </div>
      <p role="alert" class="m-0 text-sm text-red-700 empty:hidden dark:text-red-300">{failure()}</p>
    </section>
  );
}
