/** Drawer views for unclassified evidence, a case file and a history reference. */
import { Show, type JSX } from 'solid-js';
import type { EvidenceRef } from '../../engine/case';
import { CappedList } from './CappedList';
import { CitedBy, FactList, RefList } from './DrawerParts';
import { eventLabel, type EvidenceIndex } from './evidence-index';
import { IndicatorValueLink } from './EvidenceLink';
import { formatBytes, plural } from './format';
import { MUTED_TEXT_CLASS } from './presentation';

export function DrawerUnclassified(props: { id: string; index: EvidenceIndex; onOpen: (ref: EvidenceRef) => void }): JSX.Element {
  const item = () => props.index.unclassified(props.id);
  return (
    <div data-testid="drawer-unclassified">
      <Show when={item()} fallback={<p class={`m-0 ${MUTED_TEXT_CLASS}`}>This evidence is not in the report.</p>}>
        {(found) => (
          <>
            <FactList facts={[['Severity', found().severity]]} />
            <RefList
              title="Events"
              refs={found().event_ids.map((id): EvidenceRef => ({ kind: 'event', id }))}
              label={(ref) => eventLabel(ref.id, props.index)}
              onOpen={props.onOpen}
              noun="events"
            />
            <Show when={found().indicators.length > 0}>
              <section class="mt-3">
                <h4 class="m-0 font-semibold">Indicators</h4>
                <CappedList items={found().indicators} noun="indicators" class="flex flex-col items-start">
                  {(value) => <IndicatorValueLink value={value} index={props.index} onOpen={props.onOpen} />}
                </CappedList>
              </section>
            </Show>
          </>
        )}
      </Show>
      <CitedBy steps={props.index.reasoningCiting({ kind: 'unclassified', id: props.id })} />
    </div>
  );
}

export function DrawerFile(props: { fileIndex: string; index: EvidenceIndex }): JSX.Element {
  const file = () => props.index.file(props.fileIndex);
  return (
    <div data-testid="drawer-file">
      <Show when={file()} fallback={<p class={`m-0 ${MUTED_TEXT_CLASS}`}>File {props.fileIndex} is not in the report.</p>}>
        {(found) => (
          <>
            <FactList
              facts={[
                ['Parser', found().parser || 'not opened'],
                ['Source', found().source ?? undefined],
                ['Size', formatBytes(found().size)],
                ['Status', found().status],
                ['Events', found().events],
                ['Errors', found().errors],
                ['Warnings', found().warnings],
              ]}
            />
            <Show when={found().issues.length > 0}>
              <section class="mt-3">
                <h4 class="m-0 font-semibold">Parse issues</h4>
                <CappedList items={found().issues} noun="issues" class="flex flex-col text-sm">
                  {(issue) => (
                    <span data-severity={issue.severity}>
                      <span class="font-semibold">{issue.severity}</span> at byte {issue.offset}
                      {issue.structure ? ` (${issue.structure})` : ''}: {issue.reason}
                    </span>
                  )}
                </CappedList>
                <Show when={found().issues_omitted > 0}>
                  <p class={`m-0 text-sm ${MUTED_TEXT_CLASS}`}>{plural(found().issues_omitted, 'further issue')} not kept in the report.</p>
                </Show>
              </section>
            </Show>
          </>
        )}
      </Show>
      <CitedBy steps={props.index.reasoningCiting({ kind: 'file', id: props.fileIndex })} />
    </div>
  );
}

/** Past cases are not stored in this version: the view names the reference and the reasoning that cites it. */
export function DrawerHistory(props: { id: string; index: EvidenceIndex }): JSX.Element {
  return (
    <div data-testid="drawer-history">
      <p class={`m-0 ${MUTED_TEXT_CLASS}`}>Case history reference {props.id}: past cases are not stored in this version of the app.</p>
      <CitedBy steps={props.index.reasoningCiting({ kind: 'history', id: props.id })} />
    </div>
  );
}
