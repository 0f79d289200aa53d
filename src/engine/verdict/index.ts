/**
 * The verdict synthesizer: rule matches, indicator reputation, history, asset settings and unclassified evidence
 * become one weighted score, a verdict class, a confidence and a reasoning chain in which every line names the
 * evidence behind it. Weights and thresholds: `weights.ts`.
 */
import type { CaseFile, Indicator, Verdict, VerdictClass } from '../case';
import type { NormalizedEvent } from '../events';
import { assetLookup } from './assets';
import { buildConclusion, type NumberedStep } from './conclusion';
import { type DraftStep, RefList, displayWeight, joinNames, plural } from './draft';
import { ruleFindings, type RuleFindings } from './findings';
import { historySteps } from './history';
import { falsePositiveSteps, indicatorSteps } from './indicators';
import type { VerdictInput } from './input';
import { buildNextSteps } from './next-steps';
import { confidenceSteps, telemetryCoverage } from './telemetry';
import { unclassifiedSteps } from './unclassified-steps';
import { CONFIDENCE_BASE, CONFIDENCE_MIN, DISSENT_MIN_WEIGHT, INCIDENT_MIN, MAX_TARGETS_NAMED, REVIEW_MIN_LEVEL, RULE_LEVEL_RANK, SUSPICIOUS_MIN, TUNING_MIN_LEVEL } from './weights';

export type { HistoryContext, VerdictInput } from './input';
export { findUnclassified } from './unclassified';

/** Steps that move the score by less than this are not "evidence" when counting kinds that agree. */
const SUPPORT_MIN_WEIGHT = 1;

function classify(score: number, rules: RuleFindings): VerdictClass {
  if (score >= INCIDENT_MIN) return 'incident';
  if (score >= SUSPICIOUS_MIN) return 'suspicious';
  if (rules.topLevel !== null && RULE_LEVEL_RANK[rules.topLevel] >= RULE_LEVEL_RANK[TUNING_MIN_LEVEL]) return 'tuning';
  return 'noise';
}

/** Why the verdict is quiet, said as a step so the conclusion can quote it. */
function quietStep(verdict: VerdictClass, rules: RuleFindings, events: number, files: readonly CaseFile[]): DraftStep | null {
  if (rules.groups.length === 0) {
    const refs = new RefList().add('file', files.map((file) => String(file.index)));
    return { section: 'finding', text: `No detection rule matched any of the ${plural(events, 'event')}.`, weight: 0, refs: refs.refs };
  }
  const refs = new RefList().add('attestation', rules.groups.flatMap((g) => g.attestations.map((a) => a.id)));
  if (verdict === 'noise') {
    return { section: 'finding', text: `Only informational rules matched: they tag events for context and do not alert.`, weight: 0, refs: refs.refs };
  }
  if (verdict !== 'tuning') return null;
  const explained = rules.explained ? ` Benign activity explains the matches of ${plural(rules.explained, 'rule')}, as ${rules.explained === 1 ? 'its step says' : 'their steps say'}.` : '';
  return {
    section: 'finding',
    text: `The strongest match is of level ${rules.topLevel} and nothing corroborates it up to the suspicious line (${SUSPICIOUS_MIN}): the ${rules.groups.length === 1 ? 'match reads' : `${rules.groups.length} rules' matches read`} as detections to tune rather than an intrusion.${explained}`,
    weight: 0,
    refs: refs.refs,
  };
}

/**
 * Holds the score at the suspicious line while a match of `REVIEW_MIN_LEVEL` or above has no benign explanation:
 * only positive evidence of benign activity may turn such a match into `tuning`.
 */
function reviewHoldStep(rules: RuleFindings, raw: number): DraftStep | null {
  if (!rules.unexplained.length || raw >= SUSPICIOUS_MIN) return null;
  const refs = new RefList().add('attestation', rules.unexplained.flatMap((g) => g.attestations.map((a) => a.id)));
  const titles = rules.unexplained.map((g) => `"${g.title}" (${g.level})`);
  return {
    section: 'finding',
    text: `Nothing in the evidence explains ${rules.unexplained.length === 1 ? 'the match' : 'the matches'} of ${joinNames(titles, MAX_TARGETS_NAMED)} as benign activity, and a match of level ${REVIEW_MIN_LEVEL} or above must be reviewed by a person: the score is held at the suspicious line.`,
    weight: SUSPICIOUS_MIN - raw,
    refs: refs.refs,
  };
}

function indicatorsOfEvents(indicators: readonly Indicator[], eventIds: ReadonlySet<string>): Map<string, Indicator[]> {
  const byEvent = new Map<string, Indicator[]>();
  for (const indicator of indicators) {
    for (const eventId of indicator.eventIds) {
      if (!eventIds.has(eventId)) continue;
      const list = byEvent.get(eventId) ?? [];
      byEvent.set(eventId, list);
      list.push(indicator);
    }
  }
  return byEvent;
}

function withConfidenceNote(step: DraftStep): DraftStep {
  if (step.confidence === undefined) return step;
  const sign = step.confidence > 0 ? '+' : '−';
  return { ...step, text: `${step.text} Confidence ${sign}${Math.abs(step.confidence)}.` };
}

export function synthesizeVerdict(input: VerdictInput): Verdict {
  const eventById = new Map<string, NormalizedEvent>();
  for (const event of input.events) eventById.set(event.id, event);
  const historyFalsePositives = new Set(input.history?.falsePositiveIndicators ?? []);

  const rules = ruleFindings(input.attestations, { eventById, indicators: input.indicators, historyFalsePositives, assets: assetLookup(input.assets) });
  const reputation = indicatorSteps(input.indicators, historyFalsePositives);
  const falsePositives = falsePositiveSteps(input.indicators, historyFalsePositives);
  const history = historySteps(input.history, input.indicators, input.events, historyFalsePositives);
  const unclassified = unclassifiedSteps(input.unclassified);
  const scored = [...rules.steps, ...reputation, ...falsePositives, ...history, ...unclassified];
  const hold = reviewHoldStep(rules, scored.reduce((sum, step) => sum + step.weight, 0));
  if (hold) scored.push(hold);
  const raw = scored.reduce((sum, step) => sum + step.weight, 0);
  const score = Math.max(0, Math.min(100, Math.round(raw)));
  const verdict = classify(score, rules);

  const loud = verdict === 'incident' || verdict === 'suspicious';
  const kinds: [string, readonly DraftStep[]][] = [
    ['rule matches', rules.steps],
    ['indicator reputation', reputation],
    ['history', history],
    ['unclassified evidence', unclassified],
  ];
  const supporting = loud ? kinds.filter(([, steps]) => steps.some((s) => s.weight >= SUPPORT_MIN_WEIGHT)) : [];
  const supportingKinds = supporting.map(([kind]) => kind);
  const supportingSteps = supporting.map(([, steps]) => steps.reduce((a, b) => (b.weight > a.weight ? b : a)));
  const dissent = loud ? scored.filter((step) => step.weight < 0) : [...reputation, ...unclassified].filter((step) => step.weight >= DISSENT_MIN_WEIGHT);
  const coverage = telemetryCoverage(input.events, input.files, input.indicators);
  const confidenceDrafts = confidenceSteps({ events: input.events, files: input.files, coverage, score, verdict, supportingKinds, supportingSteps, dissent });
  const confidence = Math.max(CONFIDENCE_MIN, Math.min(100, CONFIDENCE_BASE + confidenceDrafts.reduce((sum, s) => sum + (s.confidence ?? 0), 0)));

  const quiet = quietStep(verdict, rules, input.events.length, input.files);
  const ordered: DraftStep[] = [
    ...rules.steps,
    ...(hold ? [hold] : []),
    ...reputation,
    ...falsePositives.filter((s) => s.section === 'finding'),
    ...(quiet ? [quiet] : []),
    ...confidenceDrafts.filter((s) => s.section === 'finding'),
    ...history,
    ...falsePositives.filter((s) => s.section === 'history'),
    ...unclassified,
    ...confidenceDrafts.filter((s) => s.section === 'telemetry'),
  ];
  const numbered: NumberedStep[] = ordered.map((step, index) => ({ ...withConfidenceNote(step), id: `step-${index + 1}` }));

  const attested = new Set(input.attestations.flatMap((a) => a.eventIds));
  const nextSteps = buildNextSteps({
    verdict,
    attestations: input.attestations,
    groups: rules.groups,
    eventById,
    indicatorsByEvent: indicatorsOfEvents(input.indicators, attested),
    events: input.events,
    coverage,
  });

  return {
    verdict,
    score,
    confidence,
    conclusion: buildConclusion(verdict, score, confidence, numbered),
    reasoning: numbered.map((step) => ({ id: step.id, section: step.section, text: step.text, weight: displayWeight(step.weight), refs: step.refs })),
    nextSteps,
  };
}


