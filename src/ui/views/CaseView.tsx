import { createEffect, createResource, createSignal, onCleanup, Show, type JSX } from 'solid-js';
import type { EvidenceRef } from '../../engine/case';
import type { ReportFormat } from '../../engine/report';
import { triageBridge } from '../bridge/triage-bridge';
import { CaseActions } from '../case/CaseActions';
import { CaseDocument } from '../case/CaseDocument';
import { EvidenceDrawer } from '../case/EvidenceDrawer';
import { IocList } from '../components/IocList';
import { ProgressBars } from '../components/ProgressBars';
import { Timeline } from '../components/Timeline';
import { TriageStream } from '../components/TriageStream';
import { caseData } from '../state/case-data';
import { downloadReport } from '../state/downloads';
import { indicatorsOfReport } from '../state/report-indicators';
import { cancelCase, ensureStoredCase, queuedCase } from '../state/queue';
import { navigate } from '../state/router';

/** One case: progress, live stream, the case document, the timeline and indicators, and the evidence drawer. */
export function CaseView(props: { caseId: string; evidence?: EvidenceRef }): JSX.Element {
  const data = () => caseData(props.caseId);
  const item = () => queuedCase(props.caseId);
  const open = (ref: EvidenceRef): void => navigate({ view: 'case', caseId: props.caseId, evidence: ref });
  const close = (): void => navigate({ view: 'case', caseId: props.caseId });
  const download = (format: ReportFormat): void => void downloadReport(props.caseId, format);

  createEffect(() => void ensureStoredCase(props.caseId));

  // While a case is being read, its document is built only on request: mounting it costs the main thread more
  // than anything else on the page, and re-rendering it live while nobody reads it is waste.
  const [documentRequested, setDocumentRequested] = createSignal(false);
  const documentWanted = (): boolean => documentRequested() || !!data()?.isFinal();
  // The analyst actions mount one task after the document, so the two largest mounts never share a task.
  const [actionsWanted, setActionsWanted] = createSignal(false);
  createEffect(() => {
    if (!documentWanted() || actionsWanted()) return;
    const timer = setTimeout(() => setActionsWanted(true), 0);
    onCleanup(() => clearTimeout(timer));
  });

  const [drawerEvent] = createResource(
    () => (props.evidence?.kind === 'event' ? [props.caseId, props.evidence.id] as const : undefined),
    ([caseId, eventId]) => triageBridge.event(caseId, eventId),
  );

  return (
    <Show when={data()} fallback={<p class="p-4" data-testid="case-missing">This case is not in the queue (it may have been cleared).</p>}>
      {(caseState) => (
        <div class="grid gap-3 p-3 min-w-0" data-testid="case-view" data-case-id={props.caseId}>
          <header class="flex flex-wrap items-center gap-2">
            <h1 class="text-lg font-semibold m-0 truncate max-w-full" title={item()?.title}>{item()?.title ?? props.caseId}</h1>
            <span class="text-xs px-1.5 rounded bg-slate-200 dark:bg-slate-800" data-testid="triage-status">{item()?.status ?? 'stored'}</span>
            <Show when={item()?.status === 'running' || item()?.status === 'queued'}>
              <button type="button" class="btn" data-testid="cancel-case" onClick={() => cancelCase(props.caseId)}>Cancel</button>
            </Show>
            <Show when={item()?.verdict}>
              {(verdict) => (
                <a href="#case-document" class={`verdict-badge verdict-${verdict()} no-underline`} data-testid="case-verdict-badge"
                  onClick={(event) => {
                    event.preventDefault();
                    document.getElementById('case-document')?.scrollIntoView();
                  }}>
                  {verdict()} · score {item()?.score} — read the case
                </a>
              )}
            </Show>
            <Show when={item()?.failure}>
              <p role="alert" class="text-red-600 dark:text-red-400 text-sm m-0">Triage failed: {item()?.failure}</p>
            </Show>
          </header>
          <Show when={caseState().progress().length && item()?.status !== 'done'}>
            <ProgressBars steps={caseState().progress()} />
          </Show>
          <div class="grid gap-3 lg:grid-cols-[minmax(0,1fr)_20rem] 2xl:grid-cols-[minmax(0,1fr)_28rem] min-w-0">
            <Timeline
              data={caseState()}
              selectedId={props.evidence?.kind === 'event' ? props.evidence.id : undefined}
              onOpen={(id) => open({ kind: 'event', id })}
            />
            <aside class="grid gap-3 content-start min-w-0" aria-label="Live triage and indicators">
              <TriageStream entries={caseState().stream()} onOpen={open} />
              <IocList
                indicators={caseState().indicators().length ? caseState().indicators() : indicatorsOfReport(caseState().report())}
                onOpen={(key) => open({ kind: 'indicator', id: key })}
              />
            </aside>
          </div>
          {/* Off screen, the document is neither laid out nor painted: live refreshes of a long case stay cheap. */}
          <div id="case-document" class="[content-visibility:auto] [contain-intrinsic-size:auto_1600px] min-w-0">
            <Show when={documentWanted() && caseState().report()} fallback={
              <p class="text-sm m-0 flex items-center gap-2" data-testid="case-pending">
                The case document appears when the triage is done.
                <Show when={caseState().report()}>
                  <button type="button" class="btn" data-testid="show-live-document" onClick={() => setDocumentRequested(true)}>Show it as it grows</button>
                </Show>
              </p>
            }>
              {(report) => (
                <div class="grid gap-3 2xl:grid-cols-[minmax(0,1fr)_28rem]">
                  <CaseDocument report={report()} onOpen={open} onDownload={download} />
                  <Show when={actionsWanted()}>
                    <CaseActions caseId={props.caseId} report={report()} />
                  </Show>
                </div>
              )}
            </Show>
          </div>
          <Show when={props.evidence && caseState().report() ? { ref: props.evidence as EvidenceRef, report: caseState().report()! } : undefined}>
            {(drawer) => (
              <EvidenceDrawer
                evidence={drawer().ref}
                report={drawer().report}
                event={drawerEvent()}
                onClose={close}
                onOpen={open}
              />
            )}
          </Show>
        </div>
      )}
    </Show>
  );
}
