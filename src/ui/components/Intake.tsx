import { createSignal, onCleanup, onMount, Show, type JSX } from 'solid-js';
import { filesFromDataTransfer } from '../state/dropped-files';
import { AUTO_BATCH_MAX_FILES, type GroupingSetting } from '../state/intake-plan';
import { intake } from '../state/queue';
import { settings, updateSettings } from '../state/settings-store';

const GROUPING_LABELS: Record<GroupingSetting, string> = {
  auto: `Auto (up to ${AUTO_BATCH_MAX_FILES} files: one case, more: one per file)`,
  batch: 'One case for the whole drop',
  'per-file': 'One case per file',
  'per-host': 'One case per host',
};

/** File and folder pickers, the page-wide drop target and the grouping choice. */
export function Intake(): JSX.Element {
  const [dragging, setDragging] = createSignal(false);
  const [notice, setNotice] = createSignal('');

  const take = async (files: File[]): Promise<void> => {
    if (!files.length) return;
    const result = await intake(files);
    const parts = [
      result.cases.length ? `${result.cases.length} case${result.cases.length === 1 ? '' : 's'} queued` : '',
      result.rulesAdded ? `${result.rulesAdded} rule file${result.rulesAdded === 1 ? '' : 's'} added` : '',
      result.skipped ? `${result.skipped} hidden or empty file${result.skipped === 1 ? '' : 's'} skipped` : '',
      result.message ?? '',
    ].filter(Boolean);
    setNotice(parts.join('; '));
  };

  const onPick = (event: Event & { currentTarget: HTMLInputElement }): void => {
    const files = [...(event.currentTarget.files ?? [])];
    event.currentTarget.value = '';
    void take(files);
  };

  onMount(() => {
    let depth = 0;
    const hasFiles = (event: DragEvent): boolean => !!event.dataTransfer?.types.includes('Files');
    const enter = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      depth++;
      setDragging(true);
    };
    const leave = (): void => {
      depth = Math.max(0, depth - 1);
      if (!depth) setDragging(false);
    };
    const over = (event: DragEvent): void => {
      if (hasFiles(event)) event.preventDefault();
    };
    const drop = (event: DragEvent): void => {
      if (!event.dataTransfer || !hasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      void filesFromDataTransfer(event.dataTransfer).then(take);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    onCleanup(() => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    });
  });

  return (
    <div class="flex flex-wrap items-center gap-2" data-testid="intake">
      <label class="btn btn-primary cursor-pointer focus-within:outline-2 focus-within:outline-sky-500">
        <span>Add log files</span>
        <input type="file" multiple data-testid="file-drop" class="sr-only" onChange={onPick} />
      </label>
      <label class="btn cursor-pointer focus-within:outline-2 focus-within:outline-sky-500">
        <span>Add a folder</span>
        <input
          type="file"
          multiple
          data-testid="folder-drop"
          class="sr-only"
          ref={(input) => input.setAttribute('webkitdirectory', '')}
          onChange={onPick}
        />
      </label>
      <label class="text-xs flex items-center gap-1">
        <span>Cases from a drop</span>
        <select
          class="input max-w-60"
          data-testid="grouping"
          value={settings().grouping}
          onChange={(event) => updateSettings({ grouping: event.currentTarget.value as GroupingSetting })}
        >
          {(Object.keys(GROUPING_LABELS) as GroupingSetting[]).map((key) => <option value={key}>{GROUPING_LABELS[key]}</option>)}
        </select>
      </label>
      <p class="text-xs m-0 text-slate-600 dark:text-slate-400 truncate max-w-60" role="status" data-testid="intake-notice">{notice()}</p>
      <Show when={dragging()}>
        <div class="fixed inset-0 z-50 grid place-items-center bg-sky-900/60 text-white text-2xl pointer-events-none" data-testid="drop-overlay">
          Drop logs to triage (.yml files become rules)
        </div>
      </Show>
    </div>
  );
}
