/**
 * A piece of evidence as a button: it opens the evidence drawer inside the app and never navigates, so nothing
 * named in the case (a URL, a host) can ever be fetched by clicking it.
 */
import { Show, type JSX } from 'solid-js';
import type { EvidenceRef } from '../../engine/case';
import { displayIndicatorValue, type EvidenceIndex } from './evidence-index';
import { LINK_BUTTON_BASE } from './presentation';

const KIND_MARKS: Record<EvidenceRef['kind'], string> = {
  event: 'event',
  indicator: 'IOC',
  attestation: 'rule',
  unclassified: 'unclassified',
  file: 'file',
  history: 'history',
};

export function EvidenceLink(props: {
  evidence: EvidenceRef;
  label: string;
  onOpen: (ref: EvidenceRef) => void;
}): JSX.Element {
  return (
    <button
      type="button"
      data-testid="evidence-link"
      data-kind={props.evidence.kind}
      class={`${LINK_BUTTON_BASE} inline-flex max-w-full items-baseline gap-1 rounded px-1 py-0 text-sm text-sky-800 hover:bg-sky-100 dark:text-sky-300 dark:hover:bg-sky-950`}
      onClick={() => props.onOpen(props.evidence)}
    >
      <span class="text-xs uppercase text-slate-600 no-underline dark:text-slate-400">{KIND_MARKS[props.evidence.kind]}</span>
      <span class="break-all">{props.label}</span>
    </button>
  );
}

/**
 * An indicator named by its canonical value (as unclassified evidence lists them): a link when the case's indicator
 * table has it, plain defanged text otherwise.
 */
export function IndicatorValueLink(props: { value: string; index: EvidenceIndex; onOpen: (ref: EvidenceRef) => void }): JSX.Element {
  const known = () => props.index.indicatorByValue(props.value);
  const label = () => displayIndicatorValue(props.value, props.index);
  return (
    <Show when={known()} fallback={<span class="font-mono text-sm">{label()}</span>}>
      {(found) => <EvidenceLink evidence={{ kind: 'indicator', id: `${found().type}:${found().value}` }} label={label()} onOpen={props.onOpen} />}
    </Show>
  );
}
