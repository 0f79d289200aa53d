import type { Attestation, RuleLevel } from '../case';
import type { AssetLookup } from './assets';
import type { NormalizedEvent } from '../events';
import { type DraftStep, RefList, joinNames, plural } from './draft';
import { describeTechniques, tacticRank } from './attack-names';
import { explainRules, type BenignContext, type BenignExplanation } from './benign-activity';
import { sensitiveTargetStep } from './sensitive-targets';
import { stackWeights, sumContributions } from './stack';
import {
  BENIGN_EXPLAINED_RULE_WEIGHT,
  CORRELATION_MAX,
  CORRELATION_WEIGHT,
  CRITICALITY_FACTOR,
  MAX_REFS_PER_STEP,
  MAX_RULE_STEPS,
  MAX_TARGETS_NAMED,
  RULE_LEVEL_RANK,
  RULE_LEVEL_WEIGHT,
  RULE_REPEAT_MAX,
  RULE_REPEAT_PER_DOUBLING,
  REVIEW_MIN_LEVEL,
  TACTIC_SPREAD_MAX,
  TACTIC_SPREAD_MIN_LEVEL,
  TACTIC_SPREAD_PER_TACTIC,
} from './weights';

/** All matches of one rule: repeats of one rule are one behaviour, weighed once plus a small repeat bonus. */
export interface RuleGroup {
  ruleId: string;
  title: string;
  level: RuleLevel;
  attestations: Attestation[];
  hosts: string[];
  /** Set when every match has positive evidence of benign activity (`benign-activity.ts`). */
  benign?: BenignExplanation;
}

export interface RuleFindings {
  steps: DraftStep[];
  groups: RuleGroup[];
  /** Score from rule evidence, asset scaling included. */
  total: number;
  /** The highest level that matched, or null without attestations. */
  topLevel: RuleLevel | null;
  /** How many rules' matches benign activity explains. */
  explained: number;
  /** Groups of `REVIEW_MIN_LEVEL` or above that no benign activity explains. */
  unexplained: RuleGroup[];
}

export function groupByRule(attestations: readonly Attestation[], eventById: ReadonlyMap<string, NormalizedEvent>): RuleGroup[] {
  const groups = new Map<string, RuleGroup & { hostSet: Set<string> }>();
  for (const attestation of attestations) {
    let group = groups.get(attestation.ruleId);
    if (!group) {
      group = { ruleId: attestation.ruleId, title: attestation.ruleTitle, level: attestation.level, attestations: [], hosts: [], hostSet: new Set() };
      groups.set(attestation.ruleId, group);
    }
    group.attestations.push(attestation);
    if (RULE_LEVEL_RANK[attestation.level] > RULE_LEVEL_RANK[group.level]) group.level = attestation.level;
    for (const eventId of attestation.eventIds) {
      const host = eventById.get(eventId)?.host;
      if (host && !group.hostSet.has(host)) {
        group.hostSet.add(host);
        group.hosts.push(host);
      }
    }
  }
  return [...groups.values()].map(({ hostSet: _hosts, ...group }) => group);
}

/** Level weight plus `RULE_REPEAT_PER_DOUBLING` per doubling of the match count: grows with the count, slowly. */
export function ruleGroupWeight(level: RuleLevel, matches: number): number {
  const repeat = Math.min(RULE_REPEAT_MAX, RULE_REPEAT_PER_DOUBLING * Math.log2(Math.max(1, matches)));
  return RULE_LEVEL_WEIGHT[level] + repeat;
}

/** The group's weight before stacking: its level, or next to nothing when benign activity explains every match. */
function groupWeight(group: RuleGroup): number {
  return group.benign ? BENIGN_EXPLAINED_RULE_WEIGHT : ruleGroupWeight(group.level, group.attestations.length);
}

function ruleStepText(group: RuleGroup): string {
  const matches = group.attestations.length;
  const events = new Set(group.attestations.flatMap((a) => a.eventIds)).size;
  const techniques = [...new Set(group.attestations.flatMap((a) => a.techniques))];
  const where = group.hosts.length ? ` on ${group.hosts.length === 1 ? 'host' : 'hosts'} ${joinNames(group.hosts, MAX_TARGETS_NAMED)}` : '';
  const what = techniques.length ? `; attests ${describeTechniques(techniques)}` : '';
  const benign = group.benign ? ` Benign activity explains every match: ${group.benign.reason}.` : '';
  return `Rule "${group.title}" (${group.level}) matched ${matches === 1 ? 'once' : `${matches} times`} over ${plural(events, 'event')}${where}${what}.${benign}`;
}

/** Attestation ids take at most half of a step's refs, so a rule that matched hundreds of times still cites events. */
function ruleRefs(attestations: readonly Attestation[]): RefList {
  const refs = new RefList().add('attestation', attestations.slice(0, MAX_REFS_PER_STEP / 2).map((a) => a.id));
  for (const attestation of attestations) refs.add('event', attestation.eventIds);
  return refs;
}

/** The evidence of a benign explanation comes first, so the refs cap never drops it. */
function groupRefs(group: RuleGroup): RefList {
  if (!group.benign) return ruleRefs(group.attestations);
  const refs = new RefList();
  for (const ref of group.benign.refs.refs) refs.add(ref.kind, [ref.id]);
  for (const ref of ruleRefs(group.attestations).refs) refs.add(ref.kind, [ref.id]);
  return refs;
}

function ruleSteps(groups: readonly RuleGroup[]): { steps: DraftStep[]; total: number } {
  const stacked = stackWeights(
    groups.map((group) => ({ item: group, weight: groupWeight(group), key: group.ruleId })),
    Number.POSITIVE_INFINITY,
  );
  const steps: DraftStep[] = stacked.slice(0, MAX_RULE_STEPS).map((entry) => ({
    section: 'finding',
    text: ruleStepText(entry.item),
    weight: entry.contribution,
    refs: groupRefs(entry.item).refs,
  }));
  const rest = stacked.slice(MAX_RULE_STEPS);
  if (rest.length) {
    const top = rest[0].item.level;
    steps.push({
      section: 'finding',
      text: `${plural(rest.length, 'further rule')} of level ${top} or lower matched; each weighs less than the rules above.`,
      weight: sumContributions(rest),
      refs: ruleRefs(rest.flatMap((entry) => entry.item.attestations)).refs,
    });
  }
  return { steps, total: sumContributions(stacked) };
}

/**
 * Tactics reached by distinct rules. One rule tagged with three tactics (a scheduled task is execution, persistence
 * and privilege escalation) is one behaviour, so the count never exceeds the number of distinct rules behind it.
 */
function tacticSpreadStep(attestations: readonly Attestation[]): DraftStep | null {
  const firstByTactic = new Map<string, Attestation>();
  const rules = new Set<string>();
  for (const attestation of attestations) {
    if (RULE_LEVEL_RANK[attestation.level] < RULE_LEVEL_RANK[TACTIC_SPREAD_MIN_LEVEL]) continue;
    rules.add(attestation.ruleId);
    for (const tactic of attestation.tactics) if (!firstByTactic.has(tactic)) firstByTactic.set(tactic, attestation);
  }
  const reached = Math.min(firstByTactic.size, rules.size);
  if (reached < 2) return null;
  const tactics = [...firstByTactic.keys()].sort((a, b) => tacticRank(a) - tacticRank(b) || (a < b ? -1 : 1));
  const byRules = reached < tactics.length ? `, counted as ${reached} because only ${plural(rules.size, 'distinct rule')} reached them` : '';
  return {
    section: 'finding',
    text: `Matches of level ${TACTIC_SPREAD_MIN_LEVEL} or above span ${tactics.length} ATT&CK tactics (${tactics.join(', ')})${byRules}: activity that moves along the kill chain.`,
    weight: Math.min(TACTIC_SPREAD_MAX, (reached - 1) * TACTIC_SPREAD_PER_TACTIC),
    refs: new RefList().add('attestation', [...firstByTactic.values()].map((a) => a.id)).refs,
  };
}

function correlationSteps(attestations: readonly Attestation[]): DraftStep[] {
  const correlations = attestations.filter((a) => a.correlation);
  const stacked = stackWeights(correlations.map((a) => ({ item: a, weight: CORRELATION_WEIGHT, key: a.id })), CORRELATION_MAX);
  const listed = stacked.slice(0, MAX_RULE_STEPS).map((entry): DraftStep => {
    const correlation = entry.item.correlation!;
    const group = Object.entries(correlation.groupBy).map(([field, value]) => `${field}=${value}`).join(', ');
    return {
      section: 'finding',
      text: `Correlation "${entry.item.ruleTitle}" (${correlation.type}) linked ${plural(entry.item.eventIds.length, 'event')} from ${plural(correlation.rules.length, 'rule')}${group ? ` for ${group}` : ''}: a sequence, not an isolated match.`,
      weight: entry.contribution,
      refs: ruleRefs([entry.item]).refs,
    };
  });
  const rest = stacked.slice(MAX_RULE_STEPS);
  if (rest.length) {
    listed.push({
      section: 'finding',
      text: `${plural(rest.length, 'further correlation match', 'further correlation matches')} add to the sequences above.`,
      weight: sumContributions(rest),
      refs: ruleRefs(rest.map((entry) => entry.item)).refs,
    });
  }
  return listed;
}

function assetStep(groups: readonly RuleGroup[], assets: AssetLookup, evidence: number): DraftStep | null {
  if (evidence <= 0) return null;
  let topHost = '';
  let top = 0;
  for (const group of groups) {
    for (const host of group.hosts) {
      const criticality = assets.criticality(host);
      if (criticality > top || (criticality === top && host < topHost)) {
        top = criticality;
        topHost = host;
      }
    }
  }
  if (!topHost) return null;
  const factor = CRITICALITY_FACTOR[top] ?? 1;
  if (factor === 1) return null;
  const role = assets.role(topHost);
  const attestations = groups.filter((g) => g.hosts.includes(topHost)).flatMap((g) => g.attestations);
  return {
    section: 'finding',
    text: `The most critical host with rule matches is ${topHost} (criticality ${top}${role ? `, role ${role}` : ''}): rule evidence counts ×${factor}.`,
    weight: evidence * (factor - 1),
    refs: new RefList().add('attestation', attestations.map((a) => a.id)).refs,
  };
}

/** Steps for rule matches: one per rule, the kill-chain spread, sensitive targets, correlations, and the asset scaling of them all. */
export function ruleFindings(attestations: readonly Attestation[], context: BenignContext): RuleFindings {
  const { eventById, assets } = context;
  const groups = groupByRule(attestations, eventById);
  const benign = explainRules(new Map(groups.map((g) => [g.ruleId, g.attestations])), context);
  for (const group of groups) group.benign = benign.get(group.ruleId);
  // Explained matches are no kill-chain progress and no touch of a credential store worth a look.
  const unexplainedAttestations = attestations.filter((a) => !benign.has(a.ruleId));
  const rules = ruleSteps(groups);
  const steps = [...rules.steps];
  const spread = tacticSpreadStep(unexplainedAttestations);
  if (spread) steps.push(spread);
  const sensitive = sensitiveTargetStep(unexplainedAttestations, eventById);
  if (sensitive) steps.push(sensitive);
  steps.push(...correlationSteps(attestations));
  const evidence = steps.reduce((sum, step) => sum + step.weight, 0);
  const asset = assetStep(groups, assets, evidence);
  if (asset) steps.push(asset);
  let topLevel: RuleLevel | null = null;
  for (const group of groups) if (topLevel === null || RULE_LEVEL_RANK[group.level] > RULE_LEVEL_RANK[topLevel]) topLevel = group.level;
  const unexplained = groups.filter((g) => !g.benign && RULE_LEVEL_RANK[g.level] >= RULE_LEVEL_RANK[REVIEW_MIN_LEVEL]);
  return { steps, groups, total: evidence + (asset?.weight ?? 0), topLevel, explained: benign.size, unexplained };
}
