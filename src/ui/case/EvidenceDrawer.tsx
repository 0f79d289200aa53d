/**
 * The evidence drawer: whatever a link in the case document points at, in full, with links onward. It is a
 * non-modal panel on the right: the case stays readable beside it, Escape or the Close button dismisses it, and
 * focus moves to its heading whenever it shows something new so keyboard users land in it.
 *
 * The prop carrying the reference is `evidence`, not `ref`: Solid reserves `ref` on components for element refs
 * and never passes its value through as data.
 */
import { Match, Switch, createEffect, createMemo, createUniqueId, on, onCleanup, type JSX } from 'solid-js';
import { unwrap } from 'solid-js/store';
import type { EvidenceKind, EvidenceRef } from '../../engine/case';
import type { NormalizedEvent } from '../../engine/events';
import type { CaseReport } from '../../engine/report';
import { DrawerAttestation } from './DrawerAttestation';
import { DrawerEvent } from './DrawerEvent';
import { DrawerIndicator } from './DrawerIndicator';
import { DrawerFile, DrawerHistory, DrawerUnclassified } from './DrawerOther';
import { buildEvidenceIndex, describeRef } from './evidence-index';
import { BUTTON_CLASS } from './presentation';

const KIND_TITLES: Record<EvidenceKind, string> = {
  event: 'Event',
  indicator: 'Indicator',
  attestation: 'Rule match',
  unclassified: 'Unclassified evidence',
  file: 'File',
  history: 'History',
};

export function EvidenceDrawer(props: {
  evidence: EvidenceRef;
  report: CaseReport;
  /** Changes with every update of the report (CaseData.reportRevision). */
  revision: number;
  event?: NormalizedEvent;
  onClose: () => void;
  onOpen: (ref: EvidenceRef) => void;
}): JSX.Element {
  const headingId = createUniqueId();
  // From the raw report, as in CaseDocument: through the store, indexing a large case created a signal per field.
  const index = createMemo(() => {
    void props.revision;
    return buildEvidenceIndex(unwrap(props.report));
  });
  let heading: HTMLHeadingElement | undefined;
  // Closing hands focus back to whatever opened the drawer, so keyboard users keep their place in the case.
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  onCleanup(() => {
    if (opener?.isConnected) opener.focus();
  });
  createEffect(on(() => `${props.evidence.kind}\u0000${props.evidence.id}`, () => heading?.focus()));
  return (
    <div
      role="dialog"
      aria-modal="false"
      aria-labelledby={headingId}
      data-testid="evidence-drawer"
      data-kind={props.evidence.kind}
      data-evidence-id={props.evidence.id}
      class="fixed inset-y-0 right-0 z-40 flex w-full max-w-xl flex-col border-l border-l-solid border-slate-300 bg-white text-slate-900 shadow-xl dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 2xl:max-w-3xl"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          props.onClose();
        }
      }}
    >
      <div class="flex items-start gap-2 border-b border-b-solid border-slate-300 p-3 dark:border-slate-700">
        <div class="min-w-0 flex-1">
          <p class="m-0 text-xs uppercase tracking-wide text-slate-600 dark:text-slate-400">{KIND_TITLES[props.evidence.kind]}</p>
          <h2
            id={headingId}
            ref={heading}
            tabIndex={-1}
            class="m-0 line-clamp-3 [overflow-wrap:anywhere] text-base font-semibold focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-500"
          >
            {describeRef(props.evidence, index())}
          </h2>
        </div>
        <button type="button" data-testid="drawer-close" class={BUTTON_CLASS} onClick={() => props.onClose()}>
          Close
        </button>
      </div>
      <div class="flex-1 overflow-y-auto p-3">
        <Switch>
          <Match when={props.evidence.kind === 'event'}>
            <DrawerEvent eventId={props.evidence.id} event={props.event} index={index()} onOpen={props.onOpen} />
          </Match>
          <Match when={props.evidence.kind === 'indicator'}>
            <DrawerIndicator caseId={props.report.id} indicatorKey={props.evidence.id} index={index()} onOpen={props.onOpen} />
          </Match>
          <Match when={props.evidence.kind === 'attestation'}>
            <DrawerAttestation attestationId={props.evidence.id} index={index()} onOpen={props.onOpen} />
          </Match>
          <Match when={props.evidence.kind === 'unclassified'}>
            <DrawerUnclassified id={props.evidence.id} index={index()} onOpen={props.onOpen} />
          </Match>
          <Match when={props.evidence.kind === 'file'}>
            <DrawerFile fileIndex={props.evidence.id} index={index()} />
          </Match>
          <Match when={props.evidence.kind === 'history'}>
            <DrawerHistory id={props.evidence.id} index={index()} />
          </Match>
        </Switch>
      </div>
    </div>
  );
}
