/**
 * A list that renders its first `step` items and reveals more on request. Case lists grow with the input (a rule
 * can cite thousands of events); rendering all at once would freeze the page the analyst is reading.
 */
import { For, Show, createSignal, type JSX } from 'solid-js';
import { BUTTON_CLASS, PLAIN_LIST_CLASS } from './presentation';

/** Items rendered per step in evidence lists. */
export const LIST_STEP_ITEMS = 25;

export function CappedList<T>(props: {
  items: readonly T[];
  step?: number;
  /** What one item is called, for the "show more" button (`events`, `matches`). */
  noun: string;
  class?: string;
  children: (item: T) => JSX.Element;
}): JSX.Element {
  const step = (): number => Math.max(1, props.step ?? LIST_STEP_ITEMS);
  const [shown, setShown] = createSignal(step());
  const visible = (): readonly T[] => (props.items.length > shown() ? props.items.slice(0, shown()) : props.items);
  const hidden = (): number => Math.max(0, props.items.length - shown());
  return (
    <>
      <ul class={`${PLAIN_LIST_CLASS} ${props.class ?? 'flex flex-wrap gap-1'}`}>
        <For each={visible()}>{(item) => <li>{props.children(item)}</li>}</For>
      </ul>
      <Show when={hidden() > 0}>
        <button type="button" class={`${BUTTON_CLASS} mt-1`} onClick={() => setShown(shown() + step())}>
          Show {Math.min(step(), hidden())} more of {hidden()} {props.noun}
        </button>
      </Show>
    </>
  );
}
