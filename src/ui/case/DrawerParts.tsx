/** Building blocks shared by the evidence drawer's views: a labelled fact list and a titled list of evidence links. */
import { For, Show, type JSX } from 'solid-js';
import type { EvidenceRef } from '../../engine/case';
import type { ReportReasoningStep } from '../../engine/report';
import { CappedList } from './CappedList';
import { EvidenceLink } from './EvidenceLink';
import { clipForDisplay, formatWeight } from './format';
import { MUTED_TEXT_CLASS } from './presentation';

export function FactList(props: { facts: Array<[string, JSX.Element | string | number | undefined]> }): JSX.Element {
  return (
    <dl class="m-0 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-sm">
      <For each={props.facts.filter(([, value]) => value !== undefined && value !== '')}>
        {([name, value]) => (
          <>
            <dt class={`font-medium ${MUTED_TEXT_CLASS}`}>{name}</dt>
            <dd class="m-0 min-w-0 break-words">{value}</dd>
          </>
        )}
      </For>
    </dl>
  );
}

/** Field name -> value rows, values defanged and cut; names and values are text nodes, never markup. */
export function FieldTable(props: { fields: Array<[string, string | null]>; caption?: string }): JSX.Element {
  return (
    <table class="w-full border-collapse text-sm">
      <Show when={props.caption}>
        <caption class="text-left font-semibold">{props.caption}</caption>
      </Show>
      <tbody>
        <For each={props.fields}>
          {([name, value]) => {
            const shown = value === null ? null : clipForDisplay(value);
            return (
              <tr class="border-b border-b-solid border-slate-200 dark:border-slate-800">
                <th scope="row" class="w-1/3 break-all py-0.5 pr-2 text-left align-top font-mono font-normal">{name}</th>
                <td class="break-all py-0.5 align-top font-mono whitespace-pre-wrap">
                  <Show when={shown} fallback={<span class={MUTED_TEXT_CLASS}>null</span>}>
                    {(value) => (
                      <>
                        {value().text}
                        <Show when={value().omitted > 0}>
                          <span class={MUTED_TEXT_CLASS}> … {value().omitted} more characters not shown</span>
                        </Show>
                      </>
                    )}
                  </Show>
                </td>
              </tr>
            );
          }}
        </For>
      </tbody>
    </table>
  );
}

export function RefList(props: {
  title: string;
  refs: readonly EvidenceRef[];
  label: (ref: EvidenceRef) => string;
  onOpen: (ref: EvidenceRef) => void;
  noun: string;
}): JSX.Element {
  return (
    <Show when={props.refs.length > 0}>
      <section class="mt-3">
        <h4 class="m-0 font-semibold">
          {props.title} <span class={`font-normal ${MUTED_TEXT_CLASS}`}>{props.refs.length}</span>
        </h4>
        <CappedList items={props.refs} noun={props.noun} class="flex flex-col items-start">
          {(ref) => <EvidenceLink evidence={ref} label={props.label(ref)} onOpen={props.onOpen} />}
        </CappedList>
      </section>
    </Show>
  );
}

/** The reasoning steps that name a piece of evidence: why it matters to the verdict. */
export function CitedBy(props: { steps: readonly ReportReasoningStep[] }): JSX.Element {
  return (
    <Show when={props.steps.length > 0}>
      <section class="mt-3">
        <h4 class="m-0 font-semibold">Cited by the reasoning</h4>
        <ul class="m-0 list-none p-0 flex flex-col gap-0.5 text-sm">
          <For each={props.steps}>
            {(step) => (
              <li>
                <span class="font-mono tabular-nums">{formatWeight(step.weight)}</span> {clipForDisplay(step.text).text}
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
