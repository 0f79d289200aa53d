/**
 * The files behind the case and what could not be read in them. Parse issues are shown, never hidden: a verdict
 * drawn from half a log must say that half was missing.
 */
import { For, Show, type JSX } from 'solid-js';
import type { EvidenceRef } from '../../engine/case';
import type { ReportFile } from '../../engine/report';
import { CappedList } from './CappedList';
import { CaseSection } from './CaseSection';
import { formatBytes, plural } from './format';
import { LINK_BUTTON_CLASS, MUTED_TEXT_CLASS } from './presentation';

export function FilesPanel(props: { files: readonly ReportFile[]; onOpen: (ref: EvidenceRef) => void }): JSX.Element {
  return (
    <CaseSection title="Files and parse issues" testid="files">
      <Show when={props.files.length > 0} fallback={<p class={`m-0 ${MUTED_TEXT_CLASS}`}>No file in this case yet.</p>}>
        <ul class="m-0 list-none p-0 flex flex-col gap-2">
          <For each={props.files}>
            {(file) => (
              <li data-testid="case-file" data-status={file.status} data-errors={file.errors}>
                <button
                  type="button"
                  class={`${LINK_BUTTON_CLASS} break-all font-medium`}
                  onClick={() => props.onOpen({ kind: 'file', id: String(file.index) })}
                >
                  {file.name}
                </button>
                <p class={`m-0 text-sm ${MUTED_TEXT_CLASS}`}>
                  {file.parser || 'no parser'} · {formatBytes(file.size)} · {file.status} · {plural(file.events, 'event')} ·{' '}
                  {plural(file.errors, 'error')} · {plural(file.warnings, 'warning')}
                </p>
                <Show when={file.issues.length > 0}>
                  <CappedList items={file.issues} step={5} noun="issues" class="ml-4 flex flex-col text-sm">
                    {(issue) => (
                      <span data-testid="parse-issue" data-severity={issue.severity}>
                        <span class="font-semibold">{issue.severity}</span> @{issue.offset}
                        {issue.structure ? ` (${issue.structure})` : ''}: {issue.reason}
                      </span>
                    )}
                  </CappedList>
                  <Show when={file.issues_omitted > 0}>
                    <p class={`m-0 ml-4 text-sm ${MUTED_TEXT_CLASS}`}>{plural(file.issues_omitted, 'further issue')} not kept in the report.</p>
                  </Show>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </CaseSection>
  );
}
