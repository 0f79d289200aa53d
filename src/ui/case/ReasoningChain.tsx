/**
 * Why the verdict is what it is: the verdict engine's steps in its order, grouped by section, each with its
 * signed weight and the evidence it rests on. An analyst audits the score by reading down this list.
 */
import { For, Show, type JSX } from 'solid-js';
import type { EvidenceRef } from '../../engine/case';
import type { ReportReasoningStep } from '../../engine/report';
import { CappedList } from './CappedList';
import { CaseSection } from './CaseSection';
import { groupReasoning, reasoningStepElementId, sectionWeight } from './case-sections';
import { describeRef, type EvidenceIndex } from './evidence-index';
import { EvidenceLink } from './EvidenceLink';
import { displayText, formatWeight } from './format';
import { MUTED_TEXT_CLASS } from './presentation';

/** Evidence links shown per step before "show more": a step citing 500 events must stay one readable line. */
export const REASONING_REFS_SHOWN = 6;

function weightClass(weight: number): string {
  if (weight > 0) return 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100';
  if (weight < 0) return 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100';
  return 'bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-slate-100';
}

function ReasoningStepItem(props: {
  step: ReportReasoningStep;
  index: EvidenceIndex;
  onOpen: (ref: EvidenceRef) => void;
}): JSX.Element {
  return (
    <li
      id={reasoningStepElementId(props.step.id)}
      tabindex="-1"
      data-testid="reasoning-step"
      data-section={props.step.section}
      data-weight={props.step.weight}
      class="flex gap-2 py-1 rounded focus:outline-2 focus:outline-sky-500"
    >
      <span
        class={`h-fit min-w-12 rounded px-1 text-center text-sm font-semibold tabular-nums ${weightClass(props.step.weight)}`}
        title="contribution to the score"
      >
        {formatWeight(props.step.weight)}
      </span>
      <div class="min-w-0 flex-1">
        <p class="m-0">{displayText(props.step.text)}</p>
        <Show when={props.step.refs.length > 0}>
          <CappedList items={props.step.refs} step={REASONING_REFS_SHOWN} noun="references">
            {(ref) => <EvidenceLink evidence={ref} label={describeRef(ref, props.index)} onOpen={props.onOpen} />}
          </CappedList>
        </Show>
      </div>
    </li>
  );
}

export function ReasoningChain(props: {
  steps: readonly ReportReasoningStep[];
  index: EvidenceIndex;
  onOpen: (ref: EvidenceRef) => void;
}): JSX.Element {
  const groups = () => groupReasoning(props.steps);
  return (
    <CaseSection title="Reasoning" testid="reasoning">
      <Show when={groups().length > 0} fallback={<p class={`m-0 ${MUTED_TEXT_CLASS}`}>No reasoning yet: the verdict is still pending.</p>}>
        <For each={groups()}>
          {(group) => (
            <section data-testid="reasoning-section" data-section={group.key} class="mb-2">
              <h4 class="m-0 flex items-baseline gap-2 font-semibold">
                {group.title}
                <span class={`text-sm font-normal tabular-nums ${MUTED_TEXT_CLASS}`}>
                  {formatWeight(sectionWeight(group.items))} in {group.items.length}
                </span>
              </h4>
              <ol class="m-0 list-none p-0 flex flex-col gap-1">
                <For each={group.items}>{(step) => <ReasoningStepItem step={step} index={props.index} onOpen={props.onOpen} />}</For>
              </ol>
            </section>
          )}
        </For>
      </Show>
    </CaseSection>
  );
}
