import { createMemo, For, type JSX } from 'solid-js';
import type { EvidenceRef } from '../../engine/case';
import type { StreamEntry } from '../bridge/protocol';

const KIND_MARK: Record<StreamEntry['kind'], string> = {
  file: 'FILE',
  parse: 'PARSE',
  rule: 'RULE',
  indicator: 'IOC',
  verdict: 'VERDICT',
  issue: 'ISSUE',
  done: 'DONE',
};

/**
 * The steps of the active case as they happen, newest first: the latest step is always in view without scrolling
 * the list from script (which would force a layout of the page on every update).
 */
export function TriageStream(props: { entries: StreamEntry[]; onOpen: (ref: EvidenceRef) => void }): JSX.Element {
  const newestFirst = createMemo(() => props.entries.slice().reverse());
  return (
    <section aria-labelledby="stream-heading" class="flex flex-col gap-1 min-h-0">
      <h2 id="stream-heading" class="text-sm font-semibold m-0">Live triage <span class="font-normal text-xs text-slate-600 dark:text-slate-400">(newest first)</span></h2>
      <ol
        role="log"
        aria-live="off"
        reversed
        data-testid="triage-stream"
        class="m-0 p-1 list-none h-48 overflow-auto [contain:strict] text-xs font-mono border border-solid border-slate-200 dark:border-slate-800 rounded"
      >
        <For each={newestFirst()}>
          {(entry) => (
            <li data-testid="stream-entry" data-kind={entry.kind} class="py-0.5 flex gap-2">
              <span class={`stream-${entry.kind} shrink-0 w-14 font-semibold`}>{KIND_MARK[entry.kind]}</span>
              {entry.ref
                ? <button type="button" class="link text-left" onClick={() => entry.ref && props.onOpen(entry.ref)}>{entry.text}</button>
                : <span>{entry.text}</span>}
            </li>
          )}
        </For>
      </ol>
    </section>
  );
}
