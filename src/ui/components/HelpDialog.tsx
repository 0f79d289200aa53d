import { createEffect, For, type JSX } from 'solid-js';
import { KEY_BINDINGS } from '../state/keyboard';

/** The keyboard help, a modal <dialog>: focus is trapped and restored by the browser. */
export function HelpDialog(props: { open: boolean; onClose: () => void }): JSX.Element {
  let dialog!: HTMLDialogElement;
  createEffect(() => {
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  });
  return (
    <dialog
      ref={dialog}
      data-testid="help-dialog"
      aria-labelledby="help-heading"
      class="rounded-lg p-4 bg-white text-slate-900 dark:bg-slate-900 dark:text-slate-100 border border-solid border-slate-300 dark:border-slate-700 backdrop:bg-black/50"
      onClose={() => props.onClose()}
    >
      <h2 id="help-heading" class="text-base font-semibold mt-0">Keyboard</h2>
      <table class="text-sm border-collapse">
        <tbody>
          <For each={KEY_BINDINGS}>
            {(binding) => (
              <tr>
                <td class="pr-4 py-0.5"><kbd class="font-mono px-1 rounded border border-solid border-slate-400">{binding.key}</kbd></td>
                <td>{binding.action}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <form method="dialog" class="mt-3 text-right">
        <button class="btn" type="submit">Close</button>
      </form>
    </dialog>
  );
}
