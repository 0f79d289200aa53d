import { queuedCaseFile, type Attestation, type CaseFile, type Indicator, type TriageCase, type Verdict, type VerdictClass } from '../../engine/case';
import type { TriageUpdate } from '../../engine/case/triage';
import type { NormalizedEvent } from '../../engine/events';
import { buildCaseReport } from '../../engine/report';
import { synthesizeVerdict } from '../../engine/verdict';
import type { AssetContext } from '../../engine/case';
import { packRows } from '../bridge/packed-rows';
import type { CaseUpdate, EventRow, ProgressStep, StreamEntry } from '../bridge/protocol';
import { toEventRow } from './event-row';
import { pageReport } from './page-report';

/** Updates go to the UI at most this often: fast enough to look live, slow enough to keep the main thread idle. */
export const UPDATE_INTERVAL_MS = 200;
/** The live case document is rebuilt at most this often, and only when evidence changed. */
export const LIVE_REPORT_MS = 2000;
/** A provisional verdict is recomputed at most this often while rule matches arrive (it only feeds the stream). */
export const PROVISIONAL_VERDICT_MS = 1500;
/**
 * Background work (provisional verdict, live document) may use at most this share of the worker's time: its next
 * run waits this many times its own duration, so a huge case does not spend its time re-deciding.
 */
export const BACKGROUND_COST_FACTOR = 10;
/** Indicators in a live snapshot: the most frequent ones; the case document lists them all at the end. */
export const LIVE_INDICATORS = 2_000;
/** Issues of one file listed one by one in the stream; the rest are counted on one line. */
export const ISSUES_LISTED_PER_FILE = 20;

interface FileState {
  announced: boolean;
  issuesSeen: number;
}

/**
 * Turns the pipeline's updates for one case into throttled `CaseUpdate`s: new event rows, stream lines, progress,
 * indicator snapshots and the case document so far. Runs in the worker, so the UI only ever applies small diffs.
 */
export class LiveTriage {
  private readonly files: CaseFile[];
  private readonly fileStates: FileState[];
  private readonly events: NormalizedEvent[] = [];
  private readonly attestations: Attestation[] = [];
  private indicators: Indicator[] = [];
  private liveIndicators: Indicator[] = [];
  private readonly ruleHits = new Map<string, number>();
  private pendingRows: EventRow[] = [];
  private pendingStream = new Map<string, StreamEntry>();
  private pendingFiles = false;
  private pendingIndicators = false;
  private evidenceChanged = false;
  private lastFlush = 0;
  private nextReportAt = 0;
  private nextProvisionalAt = 0;
  private provisional: Verdict | null = null;
  private verdictSeen = false;
  private extraLines = 0;

  constructor(
    private readonly caseId: string,
    private readonly title: string,
    files: { name: string; blob: Blob }[],
    private readonly assets: AssetContext,
    private readonly send: (update: CaseUpdate) => Promise<unknown>,
  ) {
    this.files = files.map((file, index) => queuedCaseFile(index, file.name, file.blob.size));

    this.fileStates = files.map(() => ({ announced: false, issuesSeen: 0 }));
    this.pendingFiles = true;
  }

  apply(update: TriageUpdate): void {
    switch (update.type) {
      case 'file':
        this.onFile(update.file);
        break;
      case 'events':
        this.onEvents(update.fileIndex, update.events);
        break;
      case 'attestations':
        this.onAttestations(update.attestations);
        break;
      case 'indicators':
        this.indicators = update.indicators;
        this.liveIndicators = listIndicators(update.indicators);
        this.pendingIndicators = true;
        this.evidenceChanged = true;
        this.line('indicators', 'indicator', `${update.indicators.length} indicators extracted so far`);
        break;
      case 'verdict':
        this.onFinalVerdict(update.verdict);
        break;
    }
    if (Date.now() - this.lastFlush >= UPDATE_INTERVAL_MS) void this.flush(false);
  }

  /** The case as far as it got, for the live document: its verdict stays null until the pipeline decides. */
  partialCase(): TriageCase {
    return {
      id: this.caseId,
      title: this.title,
      createdAt: new Date().toISOString(),
      files: this.files.map((file) => ({ ...file })),
      events: this.events,
      indicators: this.indicators,
      attestations: this.attestations,
      unclassified: [],
      verdict: null,
    };
  }

  /**
   * Positions of `events` in the order their rows were streamed: the UI keeps the rows as they arrived and shows
   * them through this permutation, so the final time order costs one transfer instead of a resend.
   */
  arrivalOrder(events: readonly NormalizedEvent[]): Uint32Array {
    const position = new Map<NormalizedEvent, number>();
    this.events.forEach((event, index) => position.set(event, index));
    const order = new Uint32Array(events.length);
    let kept = 0;
    for (const event of events) {
      const at = position.get(event);
      if (at !== undefined) order[kept++] = at;
    }
    return kept === order.length ? order : order.slice(0, kept);
  }

  /** A line about work after the pipeline (splitting by host), sent with the next flush. */
  announce(text: string): void {
    this.extraLines++;
    this.line(`step:${this.extraLines}`, 'done', text);
  }

  /** The last flush: everything pending but the live document, which the final case document replaces. */
  finish(): Promise<unknown> {
    this.evidenceChanged = false;
    return this.flush(true);
  }

  /** Sends what is pending; the promise settles once the UI has applied it (the last flush is awaited). */
  flush(force: boolean): Promise<unknown> {
    const now = Date.now();
    const update: CaseUpdate = { caseId: this.caseId };
    let any = false;
    if (this.pendingRows.length) {
      update.rows = packRows(this.pendingRows);
      this.pendingRows = [];
      any = true;
    }
    if (this.pendingStream.size) {
      update.stream = [...this.pendingStream.values()];
      this.pendingStream = new Map();
      any = true;
    }
    if (this.pendingFiles) {
      update.files = this.files.map((file) => ({ ...file, issues: file.issues.slice(0, ISSUES_LISTED_PER_FILE) }));
      update.progress = this.progress();
      this.pendingFiles = false;
      any = true;
    }
    if (this.pendingIndicators) {
      update.indicators = this.liveIndicators;
      this.pendingIndicators = false;
      any = true;
    }
    if (this.evidenceChanged && (force || now >= this.nextReportAt)) {
      update.report = pageReport(buildCaseReport(this.partialCase(), { includeEvents: false }));
      this.nextReportAt = Date.now() + Math.max(LIVE_REPORT_MS, (Date.now() - now) * BACKGROUND_COST_FACTOR);
      this.evidenceChanged = false;
      any = true;
    }
    this.lastFlush = now;
    return any ? this.send(update) : Promise.resolve();
  }

  private progress(): ProgressStep[] {
    const totalBytes = this.files.reduce((sum, file) => sum + file.size, 0);
    const readBytes = this.files.reduce((sum, file) => sum + (file.status === 'done' ? file.size : file.bytesDone), 0);
    const finished = this.files.filter((file) => file.status === 'done' || file.status === 'failed' || file.status === 'cancelled').length;
    const steps: ProgressStep[] = [
      { key: 'read', label: 'Read', done: readBytes, total: totalBytes, unit: 'bytes' },
      { key: 'parse', label: 'Parse', done: finished, total: this.files.length, unit: 'files' },
      { key: 'rules', label: 'Rules and verdict', done: finished + (this.verdictSeen ? 1 : 0), total: this.files.length + 1, unit: 'steps' },
    ];
    for (const file of this.files) {
      if (this.files.length > 1 && file.status === 'reading') {
        steps.push({ key: `file:${file.index}`, label: file.name, done: file.bytesDone, total: file.size, unit: 'bytes' });
      }
    }
    return steps;
  }

  private line(key: string, kind: StreamEntry['kind'], text: string, ref?: StreamEntry['ref']): void {
    const entry: StreamEntry = { key, kind, at: Date.now(), text };
    if (ref) entry.ref = ref;
    this.pendingStream.set(key, entry);
  }

  private onFile(file: CaseFile): void {
    const state = this.fileStates[file.index];
    this.files[file.index] = file;
    this.pendingFiles = true;
    this.evidenceChanged = true;
    if (!state.announced && file.status === 'reading') {
      state.announced = true;
      this.line(`file:${file.index}`, 'file', `Reading ${file.name} (${file.parserId} parser)`, { kind: 'file', id: String(file.index) });
    }
    for (let i = state.issuesSeen; i < file.issues.length && i < ISSUES_LISTED_PER_FILE; i++) {
      const issue = file.issues[i];
      this.line(`issue:${file.index}:${i}`, 'issue', `${issue.severity} in ${file.name} at byte ${issue.offset}: ${issue.reason}`);
    }
    if (file.issues.length > ISSUES_LISTED_PER_FILE) {
      this.line(`issues:${file.index}`, 'issue', `${file.issues.length - ISSUES_LISTED_PER_FILE} more issues in ${file.name}`);
    }
    state.issuesSeen = file.issues.length;
    if (file.status === 'done' || file.status === 'cancelled' || file.status === 'failed') {
      const errors = file.issues.filter((issue) => issue.severity === 'error').length;
      this.line(`file:${file.index}:end`, 'done',
        `${file.status === 'done' ? 'Finished' : file.status === 'cancelled' ? 'Cancelled' : 'Failed'} ${file.name}: ` +
        `${file.events} events, ${errors} errors, ${file.issues.length - errors} warnings`);
    }
  }

  private onEvents(fileIndex: number, events: NormalizedEvent[]): void {
    for (const event of events) {
      this.events.push(event);
      this.pendingRows.push(toEventRow(event));
    }
    const file = this.files[fileIndex];
    this.line(`parse:${fileIndex}`, 'parse', `Parsed ${(file.events + events.length).toLocaleString('en')} events of ${file.name}`);
  }

  private onAttestations(fresh: Attestation[]): void {
    this.attestations.push(...fresh);
    this.evidenceChanged = true;
    for (const attestation of fresh) {
      const hits = (this.ruleHits.get(attestation.ruleId) ?? 0) + 1;
      this.ruleHits.set(attestation.ruleId, hits);
      const techniques = attestation.techniques.length ? ` — ${attestation.techniques.join(', ')}` : '';
      this.line(`rule:${attestation.ruleId}`, 'rule',
        `Rule "${attestation.ruleTitle}" (${attestation.level}) matched${hits > 1 ? ` ${hits} times` : ''}${techniques}`,
        { kind: 'attestation', id: attestation.id });
    }
    this.provisionalVerdict();
  }

  /** A verdict on the evidence so far, so the stream can say when and why the picture changes. */
  private provisionalVerdict(): void {
    const now = Date.now();
    if (now < this.nextProvisionalAt) return;
    const verdict = synthesizeVerdict({
      events: this.events,
      files: this.files,
      indicators: this.indicators,
      attestations: this.attestations,
      unclassified: [],
      assets: this.assets,
    });
    this.nextProvisionalAt = Date.now() + Math.max(PROVISIONAL_VERDICT_MS, (Date.now() - now) * BACKGROUND_COST_FACTOR);
    this.reportVerdictChange(this.provisional, verdict, 'Provisional verdict');
    this.provisional = verdict;
  }

  private onFinalVerdict(verdict: Verdict): void {
    this.verdictSeen = true;
    this.pendingFiles = true;
    this.reportVerdictChange(this.provisional, verdict, 'Verdict');
    this.provisional = verdict;
  }

  private reportVerdictChange(previous: Verdict | null, next: Verdict, label: string): void {
    if (previous && previous.verdict === next.verdict && label !== 'Verdict') return;
    const reason = strongestStep(next);
    const change = previous && previous.verdict !== next.verdict
      ? `changed from ${previous.verdict} to ${next.verdict}`
      : `${next.verdict}`;
    this.line(`verdict:${this.ruleHits.size}:${label}`, 'verdict',
      `${label} ${change} (score ${next.score}, confidence ${next.confidence})${reason ? `: ${reason}` : ''}`);
  }
}

/** The reasoning line that weighs most in the direction of the verdict: the "why" of a change. */
function strongestStep(verdict: Verdict): string | undefined {
  const raising = (['incident', 'suspicious'] as VerdictClass[]).includes(verdict.verdict);
  let best: Verdict['reasoning'][number] | undefined;
  for (const step of verdict.reasoning) {
    const weight = raising ? step.weight : -step.weight;
    if (!best || weight > (raising ? best.weight : -best.weight)) best = step;
  }
  return best?.text;
}

/** What the live list needs of the indicators: the most frequent ones, without their event references. */
export function listIndicators(indicators: readonly Indicator[]): Indicator[] {
  const ranked = indicators.length > LIVE_INDICATORS
    ? [...indicators].sort((a, b) => b.count - a.count).slice(0, LIVE_INDICATORS)
    : indicators;
  return ranked.map((indicator) => ({ ...indicator, eventIds: [], sources: [] }));
}
