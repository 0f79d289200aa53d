/** The synthesized verdict and its auditable reasoning. */

export type VerdictClass = 'incident' | 'suspicious' | 'tuning' | 'noise';

export type EvidenceKind = 'event' | 'indicator' | 'attestation' | 'unclassified' | 'file' | 'history';

/** A pointer from a line of reasoning to what produced it. `id`: event id, `type:value` indicator key, attestation id... */
export interface EvidenceRef {
  kind: EvidenceKind;
  id: string;
}

export type ReasoningSection = 'finding' | 'telemetry' | 'history' | 'unclassified';

export interface ReasoningStep {
  id: string;
  section: ReasoningSection;
  text: string;
  /** Signed contribution to the score, from the weights table. */
  weight: number;
  refs: EvidenceRef[];
}

export type NextStepKind = 'containment' | 'collection' | 'confidence';

export interface NextStep {
  kind: NextStepKind;
  text: string;
  techniqueId?: string;
  tactic?: string;
  /** Hosts, users or indicators the step names. */
  targets?: string[];
}

export interface Verdict {
  verdict: VerdictClass;
  /** 0-100. */
  score: number;
  /** 0-100: agreement of the evidence and completeness of the telemetry. */
  confidence: number;
  /** One paragraph a person can paste into a ticket. */
  conclusion: string;
  reasoning: ReasoningStep[];
  nextSteps: NextStep[];
}
