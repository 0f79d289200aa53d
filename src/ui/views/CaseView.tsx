import { createEffect, createMemo, createResource, createSignal, Show, type JSX } from 'solid-js';
import { unwrap } from 'solid-js/store';
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
  // A stored case has no live indicator list: it is made from the raw report, once per report update.
  const reportIndicators = createMemo(() => {
    const current = data();
    if (!current) return [];
    current.reportRevision();
    const report = current.report();
    return report ? indicatorsOfReport(unwrap(report)) : [];
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
            <Show when={item()?.failure}>
              <p role="alert" class="text-red-600 dark:text-red-400 text-sm m-0">Triage failed: {item()?.failure}</p>
            </Show>
          </header>
          <Show when={caseState().progress().length && item()?.status !== 'done'}>
            <ProgressBars steps={caseState().progress()} />
          </Show>
          {/* The verdict and its reasoning come first: it is what the analyst opened the case for. */}
          <div id="case-document" class="min-w-0">
            <Show when={documentWanted() && caseState().report()} fallback={
              <p class="text-sm m-0 flex flex-wrap items-center gap-2" data-testid="case-pending">
                The verdict and the case document appear when the triage is done.
                <Show when={caseState().report()}>
                  <button type="button" class="btn" data-testid="show-live-document" onClick={() => setDocumentRequested(true)}>Show it as it grows</button>
                </Show>
              </p>
            }>
              {(report) => (
                <CaseDocument report={report()} revision={caseState().reportRevision()} onOpen={open} onDownload={download}
                  actions={<CaseActions caseId={props.caseId} report={report()} revision={caseState().reportRevision()} />} />
              )}
            </Show>
          </div>
          {/* Below 1536 px the live stream and the indicators go under the timeline, so its message column stays wide. */}
          <div class="grid gap-3 2xl:grid-cols-[minmax(0,1fr)_28rem] min-w-0">
            <Timeline
              data={caseState()}
              selectedId={props.evidence?.kind === 'event' ? props.evidence.id : undefined}
              onOpen={(id) => open({ kind: 'event', id })}
            />
            <aside class="grid gap-3 content-start min-w-0 md:grid-cols-2 2xl:grid-cols-1" aria-label="Live triage and indicators">
              <TriageStream entries={caseState().stream()} onOpen={open} />
              <IocList
                indicators={caseState().indicators().length ? caseState().indicators() : reportIndicators()}
                onOpen={(key) => open({ kind: 'indicator', id: key })}
              />
            </aside>
          </div>
          <Show when={props.evidence && caseState().report() ? { ref: props.evidence as EvidenceRef, report: caseState().report()! } : undefined}>
            {(drawer) => (
              <EvidenceDrawer
                evidence={drawer().ref}
                report={drawer().report}
                revision={caseState().reportRevision()}
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
