/** The ATT&CK part of the report: matched techniques with the rules behind them, and the tactic matrix. */
import { RULE_LEVELS, type Attestation, type RuleLevel } from '../case';
import { resolveTacticShortname, TACTICS, techniqueInfo } from '../mitre';
import { REPORT_MAX_EVENT_REFS } from './limits';
import type { ReportTactic, ReportTechnique } from './schema';

export function levelRank(level: RuleLevel): number {
  return RULE_LEVELS.indexOf(level);
}

interface TechniqueAccumulator {
  id: string;
  ruleIds: Set<string>;
  ruleTactics: Set<string>;
  attestationIds: string[];
  eventIds: Set<string>;
  eventCount: number;
  maxLevel: RuleLevel;
}

/**
 * A rule's tactic tags say why its author thinks the technique was used (T1053 under persistence, not execution);
 * ATT&CK says where the technique may appear. The report shows the technique under the tactics both agree on,
 * falls back to ATT&CK's when the rule names none of them, and to the rule's own when ATT&CK does not know the id.
 */
function techniqueTactics(attackTactics: string[] | undefined, ruleTactics: Set<string>): string[] {
  const fromRules = [...ruleTactics].map((tag) => resolveTacticShortname(tag) ?? tag);
  if (!attackTactics) return [...new Set(fromRules)];
  const agreed = attackTactics.filter((tactic) => fromRules.includes(tactic));
  return agreed.length ? agreed : [...attackTactics];
}

export function buildTechniques(attestations: Attestation[], eventOrder: Map<string, number>): ReportTechnique[] {
  const byId = new Map<string, TechniqueAccumulator>();
  for (const attestation of attestations) {
    for (const id of new Set(attestation.techniques)) {
      let entry = byId.get(id);
      if (!entry) {
        entry = { id, ruleIds: new Set(), ruleTactics: new Set(), attestationIds: [], eventIds: new Set(), eventCount: 0, maxLevel: attestation.level };
        byId.set(id, entry);
      }
      entry.ruleIds.add(attestation.ruleId);
      for (const tactic of attestation.tactics) entry.ruleTactics.add(tactic);
      entry.attestationIds.push(attestation.id);
      for (const eventId of attestation.eventIds) entry.eventIds.add(eventId);
      if (levelRank(attestation.level) > levelRank(entry.maxLevel)) entry.maxLevel = attestation.level;
    }
  }
  const position = (eventId: string): number => eventOrder.get(eventId) ?? Number.MAX_SAFE_INTEGER;
  const techniques = [...byId.values()].map((entry): ReportTechnique => {
    const info = techniqueInfo(entry.id);
    const eventIds = [...entry.eventIds].sort((a, b) => position(a) - position(b));
    const technique: ReportTechnique = {
      id: entry.id,
      name: info?.name ?? null,
      tactics: techniqueTactics(info?.tactics, entry.ruleTactics),
      rule_ids: [...entry.ruleIds].sort(),
      event_ids: eventIds.slice(0, REPORT_MAX_EVENT_REFS),
      event_count: eventIds.length,
      attestation_ids: entry.attestationIds,
      max_level: entry.maxLevel,
    };
    if (info?.parent) technique.parent = info.parent;
    return technique;
  });
  return techniques.sort((a, b) => levelRank(b.max_level) - levelRank(a.max_level) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Every ATT&CK tactic in kill-chain order; a tactic the data does not know still gets a column, after the rest. */
export function buildTacticMatrix(techniques: ReportTechnique[]): ReportTactic[] {
  const columns: ReportTactic[] = TACTICS.map((tactic) => ({ ...tactic, techniques: [] }));
  const byShortname = new Map(columns.map((column) => [column.shortname, column]));
  const lastOrder = TACTICS.reduce((max, tactic) => Math.max(max, tactic.order), 0);
  const byTechniqueId = [...techniques].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const technique of byTechniqueId) {
    for (const shortname of technique.tactics) {
      let column = byShortname.get(shortname);
      if (!column) {
        column = { id: '', shortname, name: shortname, order: lastOrder + 1 + columns.length - TACTICS.length, techniques: [] };
        columns.push(column);
        byShortname.set(shortname, column);
      }
      column.techniques.push(technique.id);
    }
  }
  return columns;
}
