import type { AssetContext, Attestation, CaseFile, Indicator, UnclassifiedEvidence } from '../case';
import type { NormalizedEvent } from '../events';

/** What earlier cases say about this one; filled by the history store, absent when there is none. */
export interface HistoryContext {
  /** Indicator keys `type:value` seen in past cases, with those cases' ids. */
  repeatIndicators: { key: string; caseIds: string[] }[];
  /** Hosts of past cases closed as incident. */
  compromisedHosts: string[];
  /** Indicator keys confirmed false positive. */
  falsePositiveIndicators: string[];
}

export interface VerdictInput {
  events: readonly NormalizedEvent[];
  files: readonly CaseFile[];
  indicators: readonly Indicator[];
  attestations: readonly Attestation[];
  unclassified: readonly UnclassifiedEvidence[];
  assets: AssetContext;
  history?: HistoryContext;
}
