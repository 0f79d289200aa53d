/**
 * What crosses the boundary between the triage worker and the UI. Plain data only (structured clone); the worker
 * file exports its API type, this file the payloads, so neither side needs the other's code.
 */
import type { CaseFile, Indicator, VerdictClass, EvidenceRef, AssetContext } from '../../engine/case';
import type { EventKind, EventSource } from '../../engine/events';
import type { CaseReport } from '../../engine/report';
import type { RuleInfo, RuleLoadError, RuleSource } from '../../engine/rules';
import type { PackedRows } from './packed-rows';

/** What the timeline needs of an event: the full fields stay in the worker and are fetched when one is opened. */
export interface EventRow {
  id: string;
  ts: string | null;
  /** Epoch milliseconds of `ts`, NaN without a time: the histogram bins on it without parsing dates again. */
  t: number;
  host: string;
  user: string;
  kind: EventKind;
  source: EventSource;
  message: string;
  file: string;
  offset: number;
}

export type StreamKind = 'file' | 'parse' | 'rule' | 'indicator' | 'verdict' | 'issue' | 'done';

/** One line of the live triage stream. Entries with the same `key` replace each other (a running count). */
export interface StreamEntry {
  key: string;
  kind: StreamKind;
  /** Epoch milliseconds. */
  at: number;
  text: string;
  ref?: EvidenceRef;
}

export type ProgressUnit = 'bytes' | 'files' | 'steps';

export interface ProgressStep {
  key: string;
  label: string;
  done: number;
  total: number;
  unit: ProgressUnit;
}

/** A throttled slice of a running triage: everything new since the previous one. */
export interface CaseUpdate {
  caseId: string;
  /** New rows, packed (see packed-rows.ts); their buffers are transferred. */
  rows?: PackedRows;
  stream?: StreamEntry[];
  progress?: ProgressStep[];
  files?: CaseFile[];
  /** A full snapshot (the pipeline sends snapshots, throttled), without event references: see `listIndicator`. */
  indicators?: Indicator[];
  /** The case document so far; its verdict stays pending until the pipeline's final verdict. */
  report?: CaseReport;
}

/** How one drop becomes cases. */
export type Grouping = 'batch' | 'per-file' | 'per-host';

export interface RuleChoice {
  /** Sigma files the analyst added. */
  user: RuleSource[];
  /** Shipped rule categories (first folder under rules/) switched off. */
  disabledCategories: string[];
}

export interface TriageRequest {
  caseId: string;
  title: string;
  files: { name: string; blob: Blob }[];
  /** `per-host` parses the batch once and splits it by host afterwards. */
  splitByHost: boolean;
  rules: RuleChoice;
  assets: AssetContext;
}

/** What the queue shows of a case without opening it. */
export interface CaseSummary {
  id: string;
  title: string;
  createdAt: string;
  verdict: VerdictClass | null;
  score: number | null;
  confidence: number | null;
  hosts: string[];
  techniques: string[];
  eventCount: number;
  fileNames: string[];
  /** Epoch ms of the first and last timed event, NaN without any. */
  firstEventAt: number;
  lastEventAt: number;
}

export interface TriagedCase {
  summary: CaseSummary;
  report: CaseReport;
  /**
   * Indices into the rows streamed for the request, in time order, restricted to this case's events (a host's
   * share after a split). Transferred, not copied.
   */
  order: Uint32Array;
}

export interface TriageOutcome {
  /** One case, or one per host after a split. */
  cases: TriagedCase[];
  cancelled: boolean;
}

export interface StoredCase {
  summary: CaseSummary;
  report: CaseReport;
}

export interface RuleCatalog {
  rules: RuleInfo[];
  errors: RuleLoadError[];
  /** Categories of the shipped rules, with their rule counts. */
  categories: { name: string; rules: number }[];
}

export interface RenderedReport {
  bytes: Uint8Array;
  mime: string;
  fileName: string;
}
