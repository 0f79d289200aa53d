/**
 * One rule match: which rule, how severe, which techniques it attests, and for each matched event the field values
 * the rule's selections tested, so the analyst can check the match against the raw event in one click.
 */
import { For, Show, type JSX } from 'solid-js';
import type { EvidenceRef } from '../../engine/case';
import type { ReportAttestation } from '../../engine/report';
import { CappedList } from './CappedList';
import { CitedBy, FactList, FieldTable, RefList } from './DrawerParts';
import { eventLabel, type EvidenceIndex } from './evidence-index';
import { EvidenceLink } from './EvidenceLink';
import { formatTimeRange, plural } from './format';
import { LEVEL_HEAT_CLASS, LEVEL_LABELS, MUTED_TEXT_CLASS } from './presentation';

/** Matches shown per step: each carries a field table, so fewer than plain links. */
export const DRAWER_MATCHES_SHOWN = 10;

function Techniques(props: { attestation: ReportAttestation; index: EvidenceIndex }): JSX.Element {
  return (
    <ul class="m-0 list-none p-0 flex flex-wrap gap-1">
      <For each={props.attestation.techniques}>
        {(id) => (
          <li class="rounded bg-slate-100 px-1 dark:bg-slate-800">
            <span class="font-mono">{id}</span> {props.index.technique(id)?.name ?? ''}
          </li>
        )}
      </For>
    </ul>
  );
}

export function DrawerAttestation(props: {
  attestationId: string;
  index: EvidenceIndex;
  onOpen: (ref: EvidenceRef) => void;
}): JSX.Element {
  const attestation = () => props.index.attestation(props.attestationId);
  return (
    <div data-testid="drawer-attestation">
      <Show when={attestation()} fallback={<p class={`m-0 ${MUTED_TEXT_CLASS}`}>Match {props.attestationId} is not in the report.</p>}>
        {(found) => (
          <>
            <FactList
              facts={[
                ['Rule', <span class="break-all font-mono">{found().rule_id}</span>],
                ['Level', <span class={`rounded px-1 ${LEVEL_HEAT_CLASS[found().level]}`}>{LEVEL_LABELS[found().level]}</span>],
                ['Techniques', found().techniques.length ? <Techniques attestation={found()} index={props.index} /> : 'none'],
                ['Tactics', found().tactics.join(', ')],
                ['When', formatTimeRange(found().first_ts, found().last_ts)],
                ['Correlation', found().correlation?.type],
                ['Base rules', found().correlation?.rules.join(', ')],
              ]}
            />
            <Show when={found().correlation && Object.keys(found().correlation?.group_by ?? {}).length > 0}>
              <div class="mt-2">
                <FieldTable caption="Grouped by" fields={Object.entries(found().correlation?.group_by ?? {})} />
              </div>
            </Show>
            <Show
              when={found().matches.length > 0}
              fallback={
                <RefList
                  title="Events"
                  refs={found().event_ids.map((id): EvidenceRef => ({ kind: 'event', id }))}
                  label={(ref) => eventLabel(ref.id, props.index)}
                  onOpen={props.onOpen}
                  noun="events"
                />
              }
            >
              <section class="mt-3">
                <h4 class="m-0 font-semibold">
                  Matched fields <span class={`font-normal ${MUTED_TEXT_CLASS}`}>{plural(found().matches.length, 'event')}</span>
                </h4>
                <CappedList items={found().matches} step={DRAWER_MATCHES_SHOWN} noun="matches" class="flex flex-col gap-2">
                  {(match) => (
                    <div data-testid="attestation-match">
                      <EvidenceLink evidence={{ kind: 'event', id: match.event_id }} label={eventLabel(match.event_id, props.index)} onOpen={props.onOpen} />
                      <FieldTable fields={Object.entries(match.fields)} />
                    </div>
                  )}
                </CappedList>
              </section>
            </Show>
          </>
        )}
      </Show>
      <CitedBy steps={props.index.reasoningCiting({ kind: 'attestation', id: props.attestationId })} />
    </div>
  );
}
