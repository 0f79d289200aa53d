/**
 * Evidence that looks wrong but that no rule explains. It has its own heading because it is exactly what rules miss:
 * an analyst must see it even when the verdict says noise.
 */
import { For, Show, type JSX } from 'solid-js';
import type { EvidenceRef, UnclassifiedSeverity } from '../../engine/case';
import type { ReportUnclassified } from '../../engine/report';
import { CappedList } from './CappedList';
import { CaseSection } from './CaseSection';
import { orderUnclassified } from './case-sections';
import type { EvidenceIndex } from './evidence-index';
import { IndicatorValueLink } from './EvidenceLink';
import { displayText, plural } from './format';
import { LINK_BUTTON_CLASS, MUTED_TEXT_CLASS } from './presentation';

const SEVERITY_CLASS: Record<UnclassifiedSeverity, string> = {
  high: 'bg-orange-400 text-black',
  medium: 'bg-amber-200 text-amber-950',
  low: 'bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-50',
};

export function UnclassifiedList(props: {
  items: readonly ReportUnclassified[];
  index: EvidenceIndex;
  onOpen: (ref: EvidenceRef) => void;
}): JSX.Element {
  return (
    <CaseSection title="Unclassified evidence" testid="unclassified">
      <Show when={props.items.length > 0} fallback={<p class={`m-0 ${MUTED_TEXT_CLASS}`}>Nothing unexplained so far.</p>}>
        <ul class="m-0 list-none p-0 flex flex-col gap-2">
          <For each={orderUnclassified(props.items)}>
            {(item) => (
              <li data-testid="unclassified-item" data-severity={item.severity} class="flex gap-2">
                <span class={`h-fit rounded px-1 text-xs font-semibold uppercase ${SEVERITY_CLASS[item.severity]}`}>{item.severity}</span>
                <div class="min-w-0 flex-1">
                  <button
                    type="button"
                    class={LINK_BUTTON_CLASS}
                    onClick={() => props.onOpen({ kind: 'unclassified', id: item.id })}
                  >
                    {displayText(item.reason)}
                  </button>
                  <p class={`m-0 text-xs ${MUTED_TEXT_CLASS}`}>
                    {plural(item.event_ids.length, 'event')} · {plural(item.indicators.length, 'indicator')}
                  </p>
                  <Show when={item.indicators.length > 0}>
                    <CappedList items={item.indicators} step={8} noun="indicators">
                      {(value) => <IndicatorValueLink value={value} index={props.index} onOpen={props.onOpen} />}
                    </CappedList>
                  </Show>
                </div>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </CaseSection>
  );
}
