/**
 * The state of one analyst form while it saves: busy (a second click is ignored, so a double click cannot log a
 * decision twice) and the reason a save failed (IndexedDB unavailable, a note over the limit), shown instead of
 * lost. Buttons are marked `aria-disabled` rather than `disabled` while busy: disabling the focused button would
 * drop keyboard focus to the page body.
 */
import { createSignal, type Accessor } from 'solid-js';

export interface AnalystWrite {
  busy: Accessor<boolean>;
  failure: Accessor<string>;
  /** Runs one save unless one is running; resolves true when it was stored. */
  run: (save: () => Promise<void>) => Promise<boolean>;
}

export function createAnalystWrite(): AnalystWrite {
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal('');
  const run = async (save: () => Promise<void>): Promise<boolean> => {
    if (busy()) return false;
    setBusy(true);
    setFailure('');
    try {
      await save();
      return true;
    } catch (error) {
      setFailure(`Not saved: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, failure, run };
}
