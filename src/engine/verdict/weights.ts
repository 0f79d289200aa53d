/**
 * Every weight and threshold of the verdict, in one table. The score is a sum of signed contributions, one per
 * reasoning step; each contribution below names the step that carries it. Deterministic: no randomness, no clock.
 *
 * Shape of the model, and why:
 * - A rule's level is the detection author's own estimate of how a match should be handled (Sigma spec, `level`):
 *   `low` is "notable but rarely an incident; relevant in high numbers or in combination with others", `medium` a
 *   "relevant event that should be reviewed manually", `high` "should trigger an internal alert and requires a prompt
 *   review", `critical` "never false positive". The verdict classes follow: `suspicious` means a person must look, so a
 *   lone medium match weighs exactly `SUSPICIOUS_MIN`; a lone low match stays below and reads as `tuning`;
 *   `informational` is for tagging, not alerting, and weighs almost nothing.
 * - `tuning` for a medium or high match needs positive evidence of benign activity, said in the rule's step with its
 *   refs (`benign-activity.ts`: indicators confirmed false positive, a host role that expects the technique, a known
 *   benign tool). Such a rule then weighs `BENIGN_EXPLAINED_RULE_WEIGHT`. Critical matches are never explained away.
 * - Several distinct rules add up with a geometric decay (the strongest counts fully, the next `STACK_DECAY` of its
 *   weight, ...): independent detections corroborate, but fifty rules on one noisy log must not look like fifty
 *   intrusions. With non-negative weights a sorted, decayed sum can only grow when an item is added, which is what
 *   the monotonicity properties in test/unit/verdict rely on.
 * - The same rule matching many times adds only a little (repeats are one behaviour, often a noisy rule).
 * - Spreading over several kill-chain tactics, and correlation rules (a sequence, not one event), are the strongest
 *   signs of hands-on activity, beyond any single match.
 * - A match that acts on a credential store (LSASS, SAM, ntds.dit) or asks for replication rights counts more than
 *   the same behaviour elsewhere: the target, not the technique, is what makes it dangerous.
 * - Asset criticality scales the rule evidence, it does not create any.
 * - Thresholds: one critical match, two high matches, a high match with a medium match in another tactic, or a high
 *   match with strong corroboration (a critical indicator, a correlation) reaches `incident`; one high match, one
 *   medium match without a benign explanation, four distinct low rules, or a low match with a high unclassified item
 *   reaches `suspicious`; fewer low matches, or medium and high matches that benign activity explains, read as
 *   `tuning`.
 */

import type { IndicatorTier, RuleLevel, UnclassifiedSeverity } from '../case';

/** Base points of one rule's matches, by the rule's level. */
export const RULE_LEVEL_WEIGHT: Readonly<Record<RuleLevel, number>> = {
  informational: 1,
  low: 14,
  medium: 35,
  high: 45,
  critical: 72,
};

/**
 * Weight of a medium or high rule whose every match benign activity explains (`benign-activity.ts`): as much as an
 * informational tag, so the case reads as `tuning` unless other evidence lifts it.
 */
export const BENIGN_EXPLAINED_RULE_WEIGHT = 1;

/** Points added per doubling of a rule's match count beyond the first, up to `RULE_REPEAT_MAX`. */
export const RULE_REPEAT_PER_DOUBLING = 2;
export const RULE_REPEAT_MAX = 6;

/** Each further item of a stacked list (rules, indicators, unclassified evidence) counts this share of the one before. */
export const STACK_DECAY = 0.7;

/**
 * Points per tactic beyond the first that matches of at least `TACTIC_SPREAD_MIN_LEVEL` span, and the cap. Tactics
 * are counted up to the number of distinct rules behind them: one rule's several tags are one behaviour.
 */
export const TACTIC_SPREAD_PER_TACTIC = 6;
export const TACTIC_SPREAD_MAX = 24;
/** Low and informational matches are too common on benign logs to count as kill-chain progress. */
export const TACTIC_SPREAD_MIN_LEVEL: RuleLevel = 'medium';

/**
 * Points, once per case, when a match of at least `SENSITIVE_TARGET_MIN_LEVEL` acts on a credential store (LSASS,
 * the SAM or SECURITY hive, ntds.dit) or asks for directory replication rights (`sensitive-targets.ts`). It lifts a
 * lone medium match over the suspicious line: the same behaviour aimed at LSASS is far likelier an attack than aimed
 * at any other process. Low matches stay out: they describe behaviour too common to be lifted by their target; so do
 * credential-access rules, whose level already prices in the target they are about.
 */
export const SENSITIVE_TARGET_WEIGHT = 15;
export const SENSITIVE_TARGET_MIN_LEVEL: RuleLevel = 'medium';

/** Points for the first correlation match (a sequence or threshold over several events), each further one decays. */
export const CORRELATION_WEIGHT = 18;
export const CORRELATION_MAX = 30;

/** Points of one indicator by its enrichment tier; `unknown` (no enrichment) and `benign` add nothing. */
export const INDICATOR_TIER_WEIGHT: Readonly<Record<IndicatorTier, number>> = {
  critical: 45,
  high: 25,
  medium: 8,
  low: 0,
  benign: 0,
  unknown: 0,
};
/** Cap of the stacked indicator contribution, below `INCIDENT_MIN`: reputation alone is not proof of compromise. */
export const INDICATOR_MAX = 60;

/** Points subtracted per indicator of the case confirmed false positive (analyst or history), and the floor. */
export const FALSE_POSITIVE_INDICATOR_WEIGHT = -3;
export const FALSE_POSITIVE_INDICATOR_MIN = -12;

/**
 * Unclassified evidence by severity, stacked with `STACK_DECAY` and capped. One high item lifts a medium rule match
 * over the suspicious line (the heuristic corroborates the rule); without any rule it takes two distinct high items
 * (two independent anomalies deserve a look), and the cap keeps heuristics from ever reaching `incident` alone.
 */
export const UNCLASSIFIED_SEVERITY_WEIGHT: Readonly<Record<UnclassifiedSeverity, number>> = {
  high: 21,
  medium: 6,
  low: 1,
};
export const UNCLASSIFIED_MAX = 40;

/** History: an indicator of this case seen in earlier cases, per indicator and capped. */
export const REPEAT_INDICATOR_WEIGHT = 5;
export const REPEAT_INDICATOR_MAX = 15;
/** History: a host of this case was closed as an incident before, per host and capped. */
export const COMPROMISED_HOST_WEIGHT = 8;
export const COMPROMISED_HOST_MAX = 16;

/** Criticality assumed for a host the settings do not name. */
export const DEFAULT_CRITICALITY = 3;
/** Multiplier of the rule evidence by the highest criticality (1 lab .. 5 crown jewel) among the hosts it is on. */
export const CRITICALITY_FACTOR: Readonly<Record<number, number>> = { 1: 0.8, 2: 0.9, 3: 1, 4: 1.15, 5: 1.3 };
/** Host roles that imply a minimum criticality when the settings give none higher. */
export const ROLE_MIN_CRITICALITY: Readonly<Record<string, number>> = {
  'domain-controller': 5,
  'certificate-authority': 5,
  'backup-server': 5,
  // Administration hosts hold privileged sessions: a foothold there reaches everything they manage.
  'jump-server': 4,
  'admin-workstation': 4,
  'build-server': 4,
  server: 4,
  workstation: 3,
  lab: 1,
};

/**
 * The lowest level a person must review when nothing explains the match as benign (Sigma: medium is "reviewed
 * manually"). Asset criticality below 3 and unrelated false-positive marks scale or lower the score, but they are no
 * evidence that this match is benign, so the score of such a case is held at `SUSPICIOUS_MIN` by a step that says so.
 */
export const REVIEW_MIN_LEVEL: RuleLevel = 'medium';

/**
 * Host roles (settings, `AssetContext.roles`) whose ordinary duties produce these techniques. Small on purpose: a
 * role explains only what the role exists to do.
 */
export const ROLE_EXPECTED_TECHNIQUES: Readonly<Record<string, readonly string[]>> = {
  // Backup software creates and deletes shadow copies and stops services to quiesce them (T1490, T1489).
  'backup-server': ['T1490', 'T1489'],
  // Administration hosts run remote shells, services and WMI on other machines (T1021, T1047, T1569.002).
  'jump-server': ['T1021', 'T1047', 'T1569.002'],
  'admin-workstation': ['T1021', 'T1047', 'T1569.002'],
  // A build host runs compilers and MSBuild project events that spawn shells (T1127).
  'build-server': ['T1127'],
};

/** Every host role the verdict knows, for the settings' role picker. */
export const KNOWN_HOST_ROLES: readonly string[] = [
  ...new Set([...Object.keys(ROLE_MIN_CRITICALITY), ...Object.keys(ROLE_EXPECTED_TECHNIQUES)]),
].sort();

/** Verdict thresholds on the 0-100 score. Below `SUSPICIOUS_MIN`: `tuning` if a rule of `TUNING_MIN_LEVEL` or above matched, else `noise`. */
export const INCIDENT_MIN = 70;
export const SUSPICIOUS_MIN = 35;
export const TUNING_MIN_LEVEL: RuleLevel = 'low';

/** Confidence starts here and moves by the adjustments below; clamped to [`CONFIDENCE_MIN`, 100]. */
export const CONFIDENCE_BASE = 75;
export const CONFIDENCE_MIN = 5;
/** Two or more independent kinds of evidence (rules, reputation, heuristics, history) point the same way. */
export const CONFIDENCE_CORROBORATED = 15;
/**
 * Evidence pulls both ways: false-positive marks next to a loud verdict, or, under a quiet verdict, a reputation or
 * unclassified step of at least `DISSENT_MIN_WEIGHT` points that did not tip it.
 */
export const CONFIDENCE_CONFLICT = -10;
export const DISSENT_MIN_WEIGHT = 10;
/** No process-level events (no Sysmon, no 4688): process-level conclusions cannot be checked. */
export const CONFIDENCE_NO_PROCESS_TELEMETRY = -20;
/** Per file that failed or was cancelled, and per file with read errors (skipped records, truncation). */
export const CONFIDENCE_FAILED_FILE = -15;
export const CONFIDENCE_FILE_WITH_ERRORS = -8;
export const CONFIDENCE_FILE_PENALTY_MAX = -30;
/** Fewer events than this make a quiet verdict weak: absence of evidence in a tiny sample says little. */
export const SMALL_SAMPLE_EVENTS = 20;
export const CONFIDENCE_SMALL_SAMPLE = -10;
/** The score lies within this many points of a verdict threshold. */
export const THRESHOLD_MARGIN = 5;
export const CONFIDENCE_NEAR_THRESHOLD = -10;
/** Public indicators exist but none has a reputation tier (enrichment off). */
export const CONFIDENCE_UNRATED_INDICATORS = -5;

/** Output bounds: steps listed one by one before the rest is summed into one step, refs per step, next steps. */
export const MAX_RULE_STEPS = 40;
export const MAX_INDICATOR_STEPS = 20;
export const MAX_UNCLASSIFIED_STEPS = 20;
export const MAX_REFS_PER_STEP = 50;
export const MAX_NEXT_STEPS = 40;
/** Names listed in one next step before "and N more". */
export const MAX_TARGETS_NAMED = 3;

export const RULE_LEVEL_RANK: Readonly<Record<RuleLevel, number>> = {
  informational: 0,
  low: 1,
  medium: 2,
  high: 3,
  critical: 4,
};
