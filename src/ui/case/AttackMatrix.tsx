/**
 * The ATT&CK heat map: tactics left to right in kill-chain order, the case's techniques under them coloured by the
 * highest rule level (and labelled with it: colour is never the only cue). Columns without a match shrink to a
 * narrow strip so the map fits 1280 px and the matched columns widen on large screens.
 */
import { For, Show, createMemo, type JSX } from 'solid-js';
import { RULE_LEVELS, type EvidenceRef } from '../../engine/case';
import type { CaseReport } from '../../engine/report';
import { CaseSection } from './CaseSection';
import type { EvidenceIndex } from './evidence-index';
import { plural } from './format';
import { layoutMatrix, matrixSummary, techniqueRules, type MatrixCell, type MatrixColumn } from './matrix-layout';
import { LEVEL_HEAT_CLASS, LINK_BUTTON_BASE, LEVEL_LABELS, MUTED_TEXT_CLASS } from './presentation';

/** Cell buttons take the cell's text colour, which is chosen for contrast with the heat colour. */
const CELL_BUTTON_CLASS = `${LINK_BUTTON_BASE} w-full rounded p-0 [font-size:inherit] [color:inherit]`;

function TechniqueCell(props: { cell: MatrixCell; index: EvidenceIndex; onOpen: (ref: EvidenceRef) => void }): JSX.Element {
  const technique = () => props.cell.technique;
  const rules = createMemo(() => techniqueRules(technique(), props.index.attestation));
  const openFirst = (): void => {
    const first = technique().attestation_ids[0];
    if (first !== undefined) props.onOpen({ kind: 'attestation', id: first });
  };
  return (
    <li
      data-testid="technique"
      data-technique-id={technique().id}
      data-level={technique().max_level}
      data-events={technique().event_count}
      class={`rounded p-1 text-xs 2xl:p-2 2xl:text-sm ${LEVEL_HEAT_CLASS[technique().max_level]}`}
    >
      <button type="button" class={CELL_BUTTON_CLASS} onClick={openFirst} disabled={technique().attestation_ids.length === 0}>
        <span class="font-mono font-semibold">{technique().id}</span> <span>{technique().name ?? 'not in the shipped ATT&CK data'}</span>
      </button>
      <p class="m-0 mt-0.5">
        {LEVEL_LABELS[technique().max_level]} · {plural(technique().event_count, 'event')}
      </p>
      <ul class="m-0 list-none p-0 mt-0.5 flex flex-col gap-0.5" aria-label={`rules behind ${technique().id}`}>
        <For each={rules()}>
          {(rule) => (
            <li>
              <Show when={rule.attestationIds[0]} fallback={<span class="break-all">{rule.title}</span>}>
                {(first) => (
                  <button
                    type="button"
                    class={CELL_BUTTON_CLASS}
                    onClick={() => props.onOpen({ kind: 'attestation', id: first() })}
                  >
                    <span class="break-words">{rule.title}</span>
                    {rule.attestationIds.length > 1 ? ` (${rule.attestationIds.length} matches)` : ''}
                  </button>
                )}
              </Show>
            </li>
          )}
        </For>
      </ul>
    </li>
  );
}

function TacticColumn(props: { column: MatrixColumn; index: EvidenceIndex; onOpen: (ref: EvidenceRef) => void }): JSX.Element {
  return (
    <Show
      when={props.column.cells.length > 0}
      fallback={
        <div
          role="group"
          aria-label={`${props.column.name}: no technique matched`}
          data-testid="tactic"
          data-tactic={props.column.shortname}
          class={`flex w-6 flex-none justify-center rounded bg-slate-100 py-2 text-xs dark:bg-slate-800 2xl:w-8 ${MUTED_TEXT_CLASS}`}
        >
          <span class="[writing-mode:vertical-rl] rotate-180 whitespace-nowrap">{props.column.name}</span>
        </div>
      }
    >
      <div role="group" aria-label={props.column.name} data-testid="tactic" data-tactic={props.column.shortname} class="min-w-32 max-w-80 flex-1 2xl:min-w-44 2xl:max-w-[28rem]">
        <h4 class="m-0 mb-1 border-b-2 border-b-solid border-slate-400 pb-0.5 text-xs font-semibold uppercase tracking-wide 2xl:text-sm">
          {props.column.name} <span class={`font-normal ${MUTED_TEXT_CLASS}`}>{props.column.cells.length}</span>
        </h4>
        <ul class="m-0 list-none p-0 flex flex-col gap-1">
          <For each={props.column.cells}>{(cell) => <TechniqueCell cell={cell} index={props.index} onOpen={props.onOpen} />}</For>
        </ul>
      </div>
    </Show>
  );
}

function LevelLegend(): JSX.Element {
  return (
    <ul class="m-0 list-none p-0 flex flex-wrap gap-1 text-xs" aria-label="colour key: highest rule level">
      <For each={RULE_LEVELS}>{(level) => <li class={`rounded px-1 ${LEVEL_HEAT_CLASS[level]}`}>{LEVEL_LABELS[level]}</li>}</For>
    </ul>
  );
}

export function AttackMatrix(props: {
  report: Pick<CaseReport, 'tactics' | 'techniques'>;
  index: EvidenceIndex;
  onOpen: (ref: EvidenceRef) => void;
}): JSX.Element {
  const columns = createMemo(() => layoutMatrix(props.report.tactics ?? [], props.report.techniques ?? []));
  const summary = createMemo(() => matrixSummary(columns()));
  return (
    <CaseSection
      title="ATT&CK matrix"
      testid="attack-matrix"
      aside={
        <>
          <span class={`text-sm ${MUTED_TEXT_CLASS}`}>
            {plural(summary().techniques, 'technique')} in {plural(summary().tactics, 'tactic')}
          </span>
          <LevelLegend />
        </>
      }
    >
      <Show
        when={summary().techniques > 0}
        fallback={<p class={`m-0 ${MUTED_TEXT_CLASS}`}>No rule has attested an ATT&CK technique in this case so far.</p>}
      >
        <div class="flex gap-1 overflow-x-auto pb-1 2xl:gap-2">
          <For each={columns()}>{(column) => <TacticColumn column={column} index={props.index} onOpen={props.onOpen} />}</For>
        </div>
      </Show>
    </CaseSection>
  );
}
