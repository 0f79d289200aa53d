/** What the rule engine asserts: a rule matched these exact events, so these techniques are attested. */

export type RuleLevel = 'informational' | 'low' | 'medium' | 'high' | 'critical';

export const RULE_LEVELS: readonly RuleLevel[] = ['informational', 'low', 'medium', 'high', 'critical'];

export interface MatchedEvent {
  eventId: string;
  /** The field values the rule's selections tested and found matching, verbatim. */
  fields: Record<string, string>;
}

export interface Attestation {
  /** Unique within the case. */
  id: string;
  ruleId: string;
  ruleTitle: string;
  level: RuleLevel;
  /** Current ATT&CK ids (revoked ids already mapped to their replacement). */
  techniques: string[];
  /** Tactic shortnames (`stealth`, not `defense-evasion`). */
  tactics: string[];
  /** The events behind the match, in time order. */
  eventIds: string[];
  matches: MatchedEvent[];
  /** Set for correlation rules: the group the sequence was counted in. */
  correlation?: {
    type: 'event_count' | 'value_count' | 'temporal' | 'temporal_ordered';
    groupBy: Record<string, string>;
    /** Ids of the base rules whose matches made up the sequence. */
    rules: string[];
  };
  firstTs: string | null;
  lastTs: string | null;
}

export type UnclassifiedSeverity = 'high' | 'medium' | 'low';

/** Evidence that looks wrong but that no rule explains: shown under its own heading, never dropped. */
export interface UnclassifiedEvidence {
  id: string;
  severity: UnclassifiedSeverity;
  /** Why it looks wrong, in one sentence. */
  reason: string;
  eventIds: string[];
  /** Canonical values of the indicators involved. */
  indicators: string[];
}
