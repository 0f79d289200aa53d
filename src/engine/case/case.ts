import type { ParseIssue } from '../errors';
import type { EventSource, NormalizedEvent } from '../events';
import type { Attestation, UnclassifiedEvidence } from './attestation';
import type { Indicator } from './indicator';
import type { Verdict } from './verdict';

export type FileStatus = 'queued' | 'reading' | 'done' | 'failed' | 'cancelled';

export interface CaseFile {
  index: number;
  name: string;
  size: number;
  parserId: string;
  source: EventSource | null;
  status: FileStatus;
  bytesDone: number;
  events: number;
  issues: ParseIssue[];
}

/** A file as the case first knows it: named and sized, not read yet. */
export function queuedCaseFile(index: number, name: string, size: number): CaseFile {
  return { index, name, size, parserId: '', source: null, status: 'queued', bytesDone: 0, events: 0, issues: [] };
}

/** Settings that feed the verdict: how much the hosts matter. */
export interface AssetContext {
  /** Host name (case-insensitive) -> criticality 1 (lab) .. 5 (crown jewel). */
  criticality: Record<string, number>;
  /** Host name -> role (`domain-controller`, `server`, `workstation`, ...). */
  roles: Record<string, string>;
}

export interface TriageCase {
  id: string;
  title: string;
  /** ISO-8601. */
  createdAt: string;
  files: CaseFile[];
  /** In time order once the case is complete. */
  events: NormalizedEvent[];
  indicators: Indicator[];
  attestations: Attestation[];
  unclassified: UnclassifiedEvidence[];
  verdict: Verdict | null;
}
