/**
 * The case document: the live report an analyst reads, rendered from the case report (the same JSON every export
 * renders). It accepts any snapshot while the case is processed: each part shows what the report holds so far
 * and says "pending" for what it does not, never a guess. Parts mount one per frame (staged-mount.ts), in reading
 * order: verdict, reasoning, next steps, ATT&CK map, indicators, files, then the analyst's actions.
 */
import { Show, createMemo, type JSX } from 'solid-js';
import { unwrap } from 'solid-js/store';
import type { EvidenceRef } from '../../engine/case';
import type { CaseReport, ReportFormat } from '../../engine/report';
import { analystState } from './analyst-actions';
import { watchActions } from './analyst-store';
import { AttackMatrix } from './AttackMatrix';
import { DownloadBar } from './DownloadBar';
import { buildEvidenceIndex, type EvidenceIndex } from './evidence-index';
import { FilesPanel } from './FilesPanel';
import { IndicatorTable } from './IndicatorTable';
import { NextSteps } from './NextSteps';
import { ReasoningChain } from './ReasoningChain';
import { createStagedMount } from './staged-mount';
import { UnclassifiedList } from './UnclassifiedList';
import { VerdictHeader } from './VerdictHeader';

/** Mount order of the document's parts; `ACTIONS` is the `actions` slot beside the document. */
const PART = { VERDICT: 0, INDEX: 1, REASONING: 2, NEXT_STEPS: 3, MATRIX: 4, INDICATORS: 5, FILES: 6, ACTIONS: 7 } as const;

export function CaseDocument(props: {
  report: CaseReport;
  /** Changes with every update of the report (CaseData.reportRevision): whole-list scans follow it. */
  revision: number;
  onOpen: (ref: EvidenceRef) => void;
  onDownload: (format: ReportFormat) => void;
  /** The analyst's actions, mounted last beside the document. */
  actions?: JSX.Element;
}): JSX.Element {
  const mounted = createStagedMount(PART.ACTIONS + 1);
  // Indexed from the raw report: reading every reference through the store would make a signal per field read.
  // The index of a large case takes ~25 ms: it gets a frame of its own, after the verdict and before the parts that
  // use it.
  const index = createMemo<EvidenceIndex | undefined>(() => {
    if (!mounted(PART.INDEX)) return undefined;
    void props.revision;
    return buildEvidenceIndex(unwrap(props.report));
  });
  const actions = createMemo(() => watchActions(props.report.id));
  const analystFalsePositives = createMemo(
    () => new Set(analystState(props.report.id, actions()() ?? []).falsePositives.keys()),
  );
  return (
    <div class="grid gap-3 2xl:grid-cols-[minmax(0,1fr)_28rem]">
      <article data-testid="case-document" data-case-id={props.report.id} class="flex min-w-0 flex-col gap-3 text-slate-900 dark:text-slate-100">
        <div class="flex flex-wrap items-start justify-between gap-3">
          <VerdictHeader report={props.report} />
          <DownloadBar onDownload={props.onDownload} />
        </div>
        <div class="grid gap-3 2xl:grid-cols-2">
          <Show when={mounted(PART.REASONING) && index()}>
            {(built) => <ReasoningChain steps={props.report.reasoning ?? []} index={built()} onOpen={props.onOpen} />}
          </Show>
          <Show when={mounted(PART.NEXT_STEPS) && index()}>
            {(built) => (
              <div class="flex min-w-0 flex-col gap-3">
                <NextSteps steps={props.report.next_steps ?? []} />
                <UnclassifiedList items={props.report.unclassified ?? []} index={built()} onOpen={props.onOpen} />
              </div>
            )}
          </Show>
        </div>
        <Show when={mounted(PART.MATRIX) && index()}>
          {(built) => <AttackMatrix report={props.report} index={built()} onOpen={props.onOpen} />}
        </Show>
        <Show when={mounted(PART.INDICATORS)}>
          <IndicatorTable indicators={props.report.indicators ?? []} revision={props.revision} analystFalsePositives={analystFalsePositives()} onOpen={props.onOpen} />
        </Show>
        <Show when={mounted(PART.FILES)}>
          <FilesPanel files={props.report.files ?? []} onOpen={props.onOpen} />
        </Show>
      </article>
      <Show when={mounted(PART.ACTIONS)}>{props.actions}</Show>
    </div>
  );
}
