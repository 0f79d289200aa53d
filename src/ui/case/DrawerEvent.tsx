/**
 * One event in full: every field as parsed, where its bytes are in which file, and everything in the case that
 * points at it. The full event comes from the app's event store (`event` prop) or from the report when it carries
 * events; otherwise the drawer shows the timeline row it has and says the rest is not loaded.
 */
import { Show, type JSX } from 'solid-js';
import type { EvidenceRef } from '../../engine/case';
import type { NormalizedEvent } from '../../engine/events';
import type { ReportEvent } from '../../engine/report';
import { CitedBy, FactList, FieldTable, RefList } from './DrawerParts';
import { describeRef, fieldRows, type EvidenceIndex } from './evidence-index';
import { clipForDisplay, formatTime } from './format';
import { indicatorKeyOf } from './indicator-rows';
import { MUTED_TEXT_CLASS } from './presentation';

export function DrawerEvent(props: {
  eventId: string;
  event?: NormalizedEvent;
  index: EvidenceIndex;
  onOpen: (ref: EvidenceRef) => void;
}): JSX.Element {
  const full = (): NormalizedEvent | ReportEvent | undefined => props.event ?? props.index.event(props.eventId);
  const row = () => props.index.timelineEntry(props.eventId);
  const file = () => props.index.fileOfEvent(props.eventId);
  const label = (ref: EvidenceRef): string => describeRef(ref, props.index);
  const attestations = (): EvidenceRef[] =>
    props.index.attestationsOfEvent(props.eventId).map((item) => ({ kind: 'attestation', id: item.id }));
  const indicators = (): EvidenceRef[] =>
    props.index.indicatorsOfEvent(props.eventId).map((item) => ({ kind: 'indicator', id: indicatorKeyOf(item) }));
  const unclassified = (): EvidenceRef[] =>
    props.index.unclassifiedOfEvent(props.eventId).map((item) => ({ kind: 'unclassified', id: item.id }));
  const message = () => clipForDisplay(full()?.message ?? row()?.message ?? '');
  return (
    <div data-testid="drawer-event">
      <Show when={full() || row()} fallback={<p class={`m-0 ${MUTED_TEXT_CLASS}`}>Event {props.eventId} is not loaded in this view.</p>}>
        <p class="m-0 mb-2 whitespace-pre-wrap break-words">{message().text}</p>
        <FactList
          facts={[
            ['Time', formatTime(full()?.ts ?? row()?.ts ?? null)],
            ['Source', full()?.source ?? row()?.source],
            ['Kind', full()?.kind ?? row()?.kind],
            ['Host', full()?.host ?? row()?.host],
            ['User', full()?.user ?? row()?.user],
            ['File', full()?.origin.file ?? row()?.file ?? file()?.name],
            ['Byte offset', full()?.origin.offset ?? row()?.offset],
            ['Record', full()?.origin.record ?? row()?.record ?? undefined],
            ['Line', full()?.origin.line],
            ['Event id', props.eventId],
          ]}
        />
        <div class="mt-3">
          <Show
            when={full()}
            fallback={<p class={`m-0 text-sm ${MUTED_TEXT_CLASS}`}>The event's fields are not loaded: the report lists it on the timeline only.</p>}
          >
            {(event) => <FieldTable caption={`Fields (${Object.keys(event().fields).length})`} fields={fieldRows(event().fields)} />}
          </Show>
        </div>
      </Show>
      <RefList title="Matched by rules" refs={attestations()} label={label} onOpen={props.onOpen} noun="matches" />
      <RefList title="Indicators" refs={indicators()} label={label} onOpen={props.onOpen} noun="indicators" />
      <RefList title="Unclassified evidence" refs={unclassified()} label={label} onOpen={props.onOpen} noun="items" />
      <CitedBy steps={props.index.reasoningCiting({ kind: 'event', id: props.eventId })} />
    </div>
  );
}
