/** What to do next, grouped the way a responder works: contain first, then collect, then firm up the verdict. */
import { For, Show, type JSX } from 'solid-js';
import type { ReportNextStep } from '../../engine/report';
import { CaseSection } from './CaseSection';
import { groupNextSteps } from './case-sections';
import { displayText } from './format';
import { MUTED_TEXT_CLASS } from './presentation';

export function NextSteps(props: { steps: readonly ReportNextStep[] }): JSX.Element {
  const groups = () => groupNextSteps(props.steps);
  return (
    <CaseSection title="Next steps" testid="next-steps">
      <Show when={groups().length > 0} fallback={<p class={`m-0 ${MUTED_TEXT_CLASS}`}>No next step yet: they come with the verdict.</p>}>
        <For each={groups()}>
          {(group) => (
            <section data-testid="next-step-group" data-kind={group.key} class="mb-2">
              <h4 class="m-0 font-semibold">{group.title}</h4>
              <ol class="m-0 list-none p-0 m-0 list-decimal pl-5">
                <For each={group.items}>
                  {(step) => (
                    <li data-testid="next-step">
                      {displayText(step.text)}
                      <Show when={step.technique_id || step.tactic}>
                        <span class={`ml-1 text-xs ${MUTED_TEXT_CLASS}`}>
                          ({[step.technique_id, step.tactic].filter(Boolean).join(', ')})
                        </span>
                      </Show>
                      <Show when={step.targets && step.targets.length > 0}>
                        <span class="ml-1 text-sm">on {displayText((step.targets ?? []).join(', '))}</span>
                      </Show>
                    </li>
                  )}
                </For>
              </ol>
            </section>
          )}
        </For>
      </Show>
    </CaseSection>
  );
}
