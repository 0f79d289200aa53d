/**
 * The top of the case document: what the case is, the verdict and how sure it is. While the verdict is being
 * synthesized the header says so and carries no `data-verdict`, so nothing (person or probe) mistakes a
 * partial case for a decided one.
 */
import { For, Show, createUniqueId, type JSX } from 'solid-js';
import type { VerdictClass } from '../../engine/case';
import type { CaseReport } from '../../engine/report';
import { decidedVerdict, reasoningStepElementId, splitConclusion } from './case-sections';
import { displayText, formatTime, plural } from './format';
import { LINK_BUTTON_CLASS, MUTED_TEXT_CLASS, VERDICT_BADGE_CLASS, VERDICT_LABELS, VERDICT_MEANINGS } from './presentation';

function Gauge(props: { label: string; value: number | null; testid: string }): JSX.Element {
  return (
    <div data-testid={props.testid} class="flex flex-col">
      <span class={`text-xs uppercase ${MUTED_TEXT_CLASS}`}>{props.label}</span>
      <span class="text-2xl font-semibold tabular-nums">
        {props.value === null ? <span class="text-base font-normal">pending</span> : <>{props.value}<span class={`text-sm ${MUTED_TEXT_CLASS}`}>/100</span></>}
      </span>
    </div>
  );
}

/** A citation of a reasoning step: a small superscript that scrolls to the step and focuses it. */
function StepCitation(props: { step: string }): JSX.Element {
  return (
    <sup>
      <button
        type="button"
        data-testid="conclusion-citation"
        class={`${LINK_BUTTON_CLASS} ml-0.5 text-xs`}
        aria-label={`reasoning ${props.step.replace('-', ' ')}`}
        onClick={() => {
          const target = document.getElementById(reasoningStepElementId(props.step));
          target?.scrollIntoView({ block: 'center' });
          target?.focus();
        }}
      >
        {props.step.replace('step-', '')}
      </button>
    </sup>
  );
}

export function VerdictHeader(props: { report: CaseReport }): JSX.Element {
  const verdict = (): VerdictClass | null => decidedVerdict(props.report);
  const score = (): number | null => (verdict() ? props.report.score : null);
  const counts = (): CaseReport['counts'] | undefined => props.report.counts;
  const titleId = createUniqueId();
  return (
    <header
      data-testid="verdict"
      data-verdict={verdict() ?? undefined}
      data-score={verdict() && score() !== null ? String(score()) : undefined}
      aria-labelledby={titleId}
      class="flex flex-col gap-2"
    >
      <div class="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h2 id={titleId} class="sr-only">Verdict on {props.report.title}</h2>
        <span class={`text-sm ${MUTED_TEXT_CLASS}`}>triaged {formatTime(props.report.created_at)}</span>
      </div>
      <div class="flex flex-wrap items-center gap-4">
        <Show
          when={verdict()}
          fallback={
            <span data-testid="verdict-badge" class="rounded border-2 border-dashed border-slate-500 px-3 py-1 text-lg font-semibold">
              Verdict pending
            </span>
          }
        >
          {(decided) => (
            <span data-testid="verdict-badge" class={`rounded px-3 py-1 text-lg font-bold uppercase tracking-wide ${VERDICT_BADGE_CLASS[decided()]}`}>
              {VERDICT_LABELS[decided()]}
            </span>
          )}
        </Show>
        <Gauge label="Score" value={score()} testid="verdict-score" />
        <Gauge label="Confidence" value={verdict() ? props.report.confidence : null} testid="verdict-confidence" />
        <Show when={counts()}>
          {(c) => (
            <p class={`m-0 text-sm ${MUTED_TEXT_CLASS}`}>
              {plural(c().events, 'event')} in {plural(c().files, 'file')} · {plural(c().techniques, 'technique')} ·{' '}
              {plural(c().unclassified, 'unclassified finding')} · {plural(c().parse_errors, 'parse error')}
            </p>
          )}
        </Show>
      </div>
      <Show when={verdict()}>{(decided) => <p class="m-0 text-sm font-medium">{VERDICT_MEANINGS[decided()]}</p>}</Show>
      <p data-testid="conclusion" class="m-0 max-w-prose whitespace-pre-line">
        <For each={splitConclusion(displayText(props.report.conclusion))}>
          {(part) => ('step' in part ? <StepCitation step={part.step} /> : part.text)}
        </For>
      </p>
    </header>
  );
}
