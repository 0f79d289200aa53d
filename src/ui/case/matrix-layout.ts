/**
 * Lays out the ATT&CK heat map from the report's matrix: one column per tactic in kill-chain order (the Enterprise
 * matrix order, ATT&CK `x-mitre-matrix.tactic_refs`, already applied by the report), the case's techniques under
 * each, hottest first. Only techniques the case attests are placed: the map shows evidence, not the catalogue.
 */
import { RULE_LEVELS, type RuleLevel } from '../../engine/case';
import type { ReportAttestation, ReportTactic, ReportTechnique } from '../../engine/report';

export type MatrixTechnique = Pick<ReportTechnique, 'id' | 'name' | 'rule_ids' | 'event_count' | 'attestation_ids' | 'max_level'>;
export type MatrixTactic = Pick<ReportTactic, 'shortname' | 'name' | 'techniques'>;

export interface MatrixCell {
  technique: MatrixTechnique;
  /** 0 (informational) .. 4 (critical): index of `max_level` in `RULE_LEVELS`. */
  heat: number;
}

export interface MatrixColumn {
  shortname: string;
  name: string;
  cells: MatrixCell[];
}

/** Column for techniques that no tactic of the report lists, so a technique is never silently left off the map. */
export const OTHER_TACTIC = { shortname: 'other', name: 'Other' } as const;

export function levelHeat(level: RuleLevel): number {
  const index = RULE_LEVELS.indexOf(level);
  return index < 0 ? 0 : index;
}

/** Hottest first, then the most events, then the id so the order is stable between live updates. */
export function compareCells(a: MatrixCell, b: MatrixCell): number {
  if (a.heat !== b.heat) return b.heat - a.heat;
  const events = b.technique.event_count - a.technique.event_count;
  if (events !== 0) return events;
  return a.technique.id < b.technique.id ? -1 : a.technique.id > b.technique.id ? 1 : 0;
}

/**
 * Every tactic of the report becomes a column, empty ones too, so the kill chain reads left to right with its gaps.
 * A technique appears under each tactic that lists it, as in ATT&CK Navigator. Ids a tactic lists but the
 * technique list lacks (a report caught mid-update) are skipped rather than drawn without data.
 */
export function layoutMatrix(tactics: readonly MatrixTactic[], techniques: readonly MatrixTechnique[]): MatrixColumn[] {
  const byId = new Map(techniques.map((technique) => [technique.id, technique]));
  const placed = new Set<string>();
  const columns: MatrixColumn[] = tactics.map((tactic) => {
    const cells: MatrixCell[] = [];
    for (const id of new Set(tactic.techniques)) {
      const technique = byId.get(id);
      if (!technique) continue;
      placed.add(id);
      cells.push({ technique, heat: levelHeat(technique.max_level) });
    }
    return { shortname: tactic.shortname, name: tactic.name, cells: cells.sort(compareCells) };
  });
  const unplaced = techniques
    .filter((technique) => !placed.has(technique.id))
    .map((technique) => ({ technique, heat: levelHeat(technique.max_level) }))
    .sort(compareCells);
  return unplaced.length ? [...columns, { ...OTHER_TACTIC, cells: unplaced }] : columns;
}

/** Counts for the map's caption: distinct techniques placed and the tactics they reach. */
export function matrixSummary(columns: readonly MatrixColumn[]): { techniques: number; tactics: number } {
  const techniques = new Set<string>();
  let tactics = 0;
  for (const column of columns) {
    if (column.cells.length) tactics += 1;
    for (const cell of column.cells) techniques.add(cell.technique.id);
  }
  return { techniques: techniques.size, tactics };
}

export interface TechniqueRule {
  ruleId: string;
  /** The rule's title from its first attestation; the id when the report holds none of them. */
  title: string;
  /** This rule's attestations of the technique, in report order: the first one is what a click opens. */
  attestationIds: string[];
}

/**
 * The rules behind a technique, in the report's rule order, each with its attestations of this technique. A rule
 * the technique lists without an attestation in the report still appears, so the cell never hides a rule.
 */
export function techniqueRules(
  technique: Pick<ReportTechnique, 'rule_ids' | 'attestation_ids'>,
  attestation: (id: string) => Pick<ReportAttestation, 'rule_id' | 'rule_title'> | undefined,
): TechniqueRule[] {
  const byRule = new Map<string, TechniqueRule>();
  for (const ruleId of technique.rule_ids) byRule.set(ruleId, { ruleId, title: ruleId, attestationIds: [] });
  for (const id of technique.attestation_ids) {
    const found = attestation(id);
    if (!found) continue;
    let rule = byRule.get(found.rule_id);
    if (!rule) {
      rule = { ruleId: found.rule_id, title: found.rule_title, attestationIds: [] };
      byRule.set(found.rule_id, rule);
    }
    if (rule.attestationIds.length === 0) rule.title = found.rule_title || found.rule_id;
    rule.attestationIds.push(id);
  }
  return [...byRule.values()];
}
