/** One indicator: its defanged value, where it was seen, what the intel sources said (once enrichment is on). */
import { For, Show, type JSX } from 'solid-js';
import type { EvidenceRef } from '../../engine/case';
import { CitedBy, FactList, RefList } from './DrawerParts';
import { FalsePositiveToggle } from './FalsePositiveToggle';
import { eventLabel, type EvidenceIndex } from './evidence-index';
import { displayText, formatTime } from './format';
import { MUTED_TEXT_CLASS, TIER_BADGE_CLASS } from './presentation';

export function DrawerIndicator(props: {
  caseId: string;
  indicatorKey: string;
  index: EvidenceIndex;
  onOpen: (ref: EvidenceRef) => void;
}): JSX.Element {
  const indicator = () => props.index.indicator(props.indicatorKey);
  const events = (): EvidenceRef[] => (indicator()?.event_ids ?? []).map((id) => ({ kind: 'event', id }));
  return (
    <div data-testid="drawer-indicator">
      <Show when={indicator()} fallback={<p class={`m-0 ${MUTED_TEXT_CLASS}`}>This indicator is not in the report.</p>}>
        {(found) => (
          <>
            <FactList
              facts={[
                ['Type', found().type],
                ['Scope', found().scope],
                ['Tier', <span class={`rounded px-1 ${TIER_BADGE_CLASS[found().tier]}`}>{found().tier}</span>],
                ['Seen', found().count],
                ['First seen', formatTime(found().first_seen)],
                ['Last seen', formatTime(found().last_seen)],
                ['Known false positive', found().false_positive ? 'yes' : 'no'],
              ]}
            />
            <FalsePositiveToggle caseId={props.caseId} indicatorKey={props.indicatorKey} />
            <section class="mt-3">
              <h4 class="m-0 font-semibold">Sources</h4>
              <Show when={found().sources.length > 0} fallback={<p class={`m-0 text-sm ${MUTED_TEXT_CLASS}`}>Enrichment off: no source was asked.</p>}>
                <ul class="m-0 list-none p-0 flex flex-col gap-1 text-sm">
                  <For each={found().sources}>
                    {(source) => (
                      <li>
                        <span class="font-medium">{source.source}</span>: {source.tier} · {displayText(source.detail)}{' '}
                        <span class={MUTED_TEXT_CLASS}>({formatTime(source.at)})</span>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </section>
            <RefList
              title="Seen in events"
              refs={events()}
              label={(ref) => eventLabel(ref.id, props.index, found().defanged)}
              onOpen={props.onOpen}
              noun="events"
            />
            <Show when={found().count > found().event_ids.length}>
              <p class={`m-0 text-sm ${MUTED_TEXT_CLASS}`}>
                {found().count - found().event_ids.length} further occurrences are counted but not listed.
              </p>
            </Show>
          </>
        )}
      </Show>
      <CitedBy steps={props.index.reasoningCiting({ kind: 'indicator', id: props.indicatorKey })} />
    </div>
  );
}
