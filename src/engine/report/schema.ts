/**
 * The case report: one JSON document (snake_case keys, described in SCHEMA.md) that every output format renders.
 * It is built once from a TriageCase; renderers never reach back into the case, so what the JSON says is exactly
 * what the HTML, PDF, CSV, Navigator layer and STIX bundle say.
 */
import type {
  EvidenceKind,
  FileStatus,
  IndicatorTier,
  IndicatorType,
  IpScope,
  NextStepKind,
  ReasoningSection,
  RuleLevel,
  UnclassifiedSeverity,
  VerdictClass,
} from '../case';
import type { IssueSeverity } from '../errors';
import type { EventKind, EventSource, NormalizedEvent } from '../events';

/** Bumped when a field changes meaning or disappears; new optional fields keep the version. */
export const CASE_REPORT_SCHEMA = 'soc-triage/case-report@1';

/** `pending`: the case has no verdict yet (a triage still running). */
export type ReportVerdict = VerdictClass | 'pending';

export interface ReportRef {
  kind: EvidenceKind;
  /** Event id, `type:value` indicator key, attestation id, unclassified id, file index or history key. */
  id: string;
}

export interface ReportReasoningStep {
  id: string;
  section: ReasoningSection;
  text: string;
  /** Signed contribution to the score. */
  weight: number;
  refs: ReportRef[];
}

export interface ReportTechnique {
  /** Current ATT&CK id (`T1059.001`). */
  id: string;
  /** ATT&CK name; null for an id the shipped ATT&CK data does not know. */
  name: string | null;
  /** Parent technique of a sub-technique. */
  parent?: string;
  /** Tactic shortnames the technique is shown under: the rules' tactics that ATT&CK lists for it, else ATT&CK's. */
  tactics: string[];
  rule_ids: string[];
  /** The events behind it, in time order, at most `REPORT_MAX_EVENT_REFS`. */
  event_ids: string[];
  /** Every event behind it, including those beyond the cap. */
  event_count: number;
  attestation_ids: string[];
  /** Highest level among the rules that attest it. */
  max_level: RuleLevel;
}

/** One column of the ATT&CK matrix. */
export interface ReportTactic {
  /** `TA0002`; empty for a shortname the shipped ATT&CK data does not know (kept, never dropped). */
  id: string;
  shortname: string;
  name: string;
  /** Kill-chain position (1 = Reconnaissance); unknown tactics come after all known ones. */
  order: number;
  /** Matched technique ids shown in this column. */
  techniques: string[];
}

export interface ReportSourceVerdict {
  source: string;
  tier: IndicatorTier;
  detail: string;
  at: string;
  link?: string;
}

export interface ReportIndicator {
  type: IndicatorType;
  /** Canonical (refanged) value: machine use only, never displayed. */
  value: string;
  /** Display form. */
  defanged: string;
  scope?: IpScope;
  tier: IndicatorTier;
  /** Per-source breakdown; empty when enrichment is off. */
  sources: ReportSourceVerdict[];
  count: number;
  event_ids: string[];
  first_seen: string | null;
  last_seen: string | null;
  false_positive: boolean;
}

export interface ReportCorrelation {
  type: 'event_count' | 'value_count' | 'temporal' | 'temporal_ordered';
  group_by: Record<string, string>;
  rules: string[];
}

export interface ReportMatch {
  event_id: string;
  fields: Record<string, string>;
}

export interface ReportAttestation {
  id: string;
  rule_id: string;
  rule_title: string;
  level: RuleLevel;
  techniques: string[];
  tactics: string[];
  event_ids: string[];
  matches: ReportMatch[];
  correlation?: ReportCorrelation;
  first_ts: string | null;
  last_ts: string | null;
}

export interface ReportUnclassified {
  id: string;
  severity: UnclassifiedSeverity;
  reason: string;
  event_ids: string[];
  /** Canonical values. */
  indicators: string[];
}

export interface ReportNextStep {
  kind: NextStepKind;
  text: string;
  technique_id?: string;
  tactic?: string;
  targets?: string[];
}

/** One row of the evidence timeline, with the reasons it is there. */
export interface ReportTimelineEntry {
  ts: string | null;
  event_id: string;
  source: EventSource;
  kind: EventKind;
  host: string;
  user: string;
  message: string;
  file: string;
  offset: number;
  /** Record number (EVTX record, frame, mail index) or line number, whichever the format counts. */
  record: number | null;
  attestation_ids: string[];
  unclassified_ids: string[];
  /** Reasoning steps that cite this event directly. */
  reasoning_ids: string[];
}

export interface ReportIssue {
  offset: number;
  reason: string;
  structure?: string;
  severity: IssueSeverity;
}

export interface ReportFile {
  index: number;
  name: string;
  /** Parser id; empty when the file was never opened. */
  parser: string;
  source: EventSource | null;
  size: number;
  status: FileStatus;
  events: number;
  errors: number;
  warnings: number;
  /** The first `REPORT_MAX_ISSUES_PER_FILE` issues, in the order found. */
  issues: ReportIssue[];
  issues_omitted: number;
}

export interface ReportCounts {
  events: number;
  files: number;
  indicators: Record<IndicatorType, number>;
  attestations: Record<RuleLevel, number>;
  techniques: number;
  unclassified: number;
  parse_errors: number;
  parse_warnings: number;
}

/** An event of the case, in the normalized shape every parser emits (`events.ts`). */
export type ReportEvent = NormalizedEvent;

export interface CaseReport {
  schema: typeof CASE_REPORT_SCHEMA;
  id: string;
  title: string;
  /** ISO-8601, when the case was triaged. */
  created_at: string;
  verdict: ReportVerdict;
  /** 0-100; null while pending. */
  score: number | null;
  /** 0-100; null while pending. */
  confidence: number | null;
  conclusion: string;
  reasoning: ReportReasoningStep[];
  /** Matched techniques, most severe first, then by id. */
  techniques: ReportTechnique[];
  /** The matrix: every ATT&CK tactic in kill-chain order, each with its matched techniques. */
  tactics: ReportTactic[];
  indicators: ReportIndicator[];
  attestations: ReportAttestation[];
  unclassified: ReportUnclassified[];
  next_steps: ReportNextStep[];
  /** In time order. */
  timeline: ReportTimelineEntry[];
  /** True when the timeline holds every event of the case (small cases), false when only the cited ones. */
  timeline_complete: boolean;
  /** Cited events left out because the timeline reached `REPORT_MAX_TIMELINE_ENTRIES`. */
  timeline_omitted: number;
  files: ReportFile[];
  counts: ReportCounts;
  /** Every event of the case in time order, when built with `includeEvents`. */
  events?: ReportEvent[];
}
