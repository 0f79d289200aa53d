/**
 * The case document: the live report an analyst reads, rendered from the case report (the same JSON every export
 * renders). It accepts any snapshot while the case is processed: each part shows what the report holds so far
 * and says "pending" for what it does not, never a guess.
 */
import { createMemo, type JSX } from 'solid-js';
import type { EvidenceRef } from '../../engine/case';
import type { CaseReport, ReportFormat } from '../../engine/report';
import { analystState } from './analyst-actions';
import { watchActions } from './analyst-store';
import { AttackMatrix } from './AttackMatrix';
import { DownloadBar } from './DownloadBar';
import { buildEvidenceIndex } from './evidence-index';
import { FilesPanel } from './FilesPanel';
import { IndicatorTable } from './IndicatorTable';
import { NextSteps } from './NextSteps';
import { ReasoningChain } from './ReasoningChain';
import { UnclassifiedList } from './UnclassifiedList';
import { VerdictHeader } from './VerdictHeader';

export function CaseDocument(props: {
  report: CaseReport;
  onOpen: (ref: EvidenceRef) => void;
  onDownload: (format: ReportFormat) => void;
}): JSX.Element {
  const index = createMemo(() => buildEvidenceIndex(props.report));
  const actions = createMemo(() => watchActions(props.report.id));
  const analystFalsePositives = createMemo(
    () => new Set(analystState(props.report.id, actions()() ?? []).falsePositives.keys()),
  );
  return (
    <article data-testid="case-document" data-case-id={props.report.id} class="flex min-w-0 flex-col gap-3 text-slate-900 dark:text-slate-100">
      <div class="flex flex-wrap items-start justify-between gap-3">
        <VerdictHeader report={props.report} />
        <DownloadBar onDownload={props.onDownload} />
      </div>
      <div class="grid gap-3 2xl:grid-cols-2">
        <ReasoningChain steps={props.report.reasoning ?? []} index={index()} onOpen={props.onOpen} />
        <div class="flex min-w-0 flex-col gap-3">
          <NextSteps steps={props.report.next_steps ?? []} />
          <UnclassifiedList items={props.report.unclassified ?? []} index={index()} onOpen={props.onOpen} />
        </div>
      </div>
      <AttackMatrix report={props.report} index={index()} onOpen={props.onOpen} />
      <IndicatorTable indicators={props.report.indicators ?? []} analystFalsePositives={analystFalsePositives()} onOpen={props.onOpen} />
      <FilesPanel files={props.report.files ?? []} onOpen={props.onOpen} />
    </article>
  );
}
