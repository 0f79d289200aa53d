import type { TriageCase } from '../../engine/case';
import { runTriage } from '../../engine/case/triage';
import type { NormalizedEvent } from '../../engine/events';
import type { WorkPool } from '../../engine/parsers/types';
import { transfer } from 'comlink';
import { buildCaseReport, type CaseReport, type ReportFormat } from '../../engine/report';
import { packRows, type PackedRows } from '../bridge/packed-rows';
import type { RuleSource } from '../../engine/rules';
import type {
  CaseSummary, CaseUpdate, RenderedReport, RuleCatalog, RuleChoice, StoredCase, TriageOutcome, TriageRequest, TriagedCase,
} from '../bridge/protocol';
import { forEachStoredRowPage, listCases, loadCase, loadStoredEvent, saveCase, deleteAllCases } from '../store/case-db';
import { isReferenced, referencedEventIds, summarizeCase } from './case-summary';
import { toEventRow } from './event-row';
import { splitCaseByHost } from './host-split';
import { LiveTriage } from './live-triage';
import { pageReport } from './page-report';
import { renderReportFile } from './report-files';
import { RuleSetCache } from './rule-sets';

/** Cases whose events stay in worker memory for the drawer; older ones are read back from IndexedDB. */
export const RETAINED_CASES = 6;

/**
 * Everything the UI asks of the triage worker. Runs in the worker: the pipeline, the live stream, splitting by host,
 * report rendering and the case archive, so the main thread only draws.
 */
export class TriageService {
  private readonly running = new Map<string, AbortController>();
  private readonly retained = new Map<string, { triaged: TriageCase; report: CaseReport; byId?: Map<string, NormalizedEvent> }>();
  private readonly ruleSets = new RuleSetCache();
  private saving: Promise<void> = Promise.resolve();

  /** `pool`: threads for parsers that split their work (EVTX chunks); it lives as long as the worker. */
  constructor(private readonly pool?: WorkPool) {}

  async triage(request: TriageRequest, onUpdate: (update: CaseUpdate) => unknown): Promise<TriageOutcome> {
    const controller = new AbortController();
    this.running.set(request.caseId, controller);
    // A UI that went away (closed tab, released proxy) cancels the triage instead of failing it.
    const send = (update: CaseUpdate): Promise<unknown> => {
      const buffers = update.rows ? [update.rows.starts.buffer as ArrayBuffer, update.rows.times.buffer as ArrayBuffer] : [];
      return Promise.resolve(onUpdate(transfer(update, buffers))).catch(() => controller.abort());
    };
    const live = new LiveTriage(request.caseId, request.title, request.files, request.assets, send);
    const pool = this.pool;
    try {
      const rules = this.ruleSets.get(request.rules);
      const whole = await runTriage(
        request.files,
        { id: request.caseId, title: request.title, rules, assets: request.assets, signal: controller.signal, pool },
        (update) => live.apply(update),
      );
      const cases = request.splitByHost ? splitCaseByHost(whole, rules, request.assets) : [whole];
      if (cases.length > 1) live.announce(`Split into ${cases.length} cases, one per host`);
      // Callback messages travel on their own port: awaiting the last one keeps it ahead of the result.
      await live.finish();
      const triaged: TriagedCase[] = cases.map((one) => {
        const summary = summarizeCase(one);
        const report = buildCaseReport(one, { includeEvents: false });
        this.keep(one, summary, report);
        return { summary, report: pageReport(report), order: live.arrivalOrder(one.events) };
      });
      return { cases: triaged, cancelled: controller.signal.aborted };
    } finally {
      this.running.delete(request.caseId);
    }
  }

  /** Loads the worker's code and compiles the rules before the first drop, so the drop does not wait for them. */
  warmUp(rules: RuleChoice): number {
    return this.ruleSets.get(rules).compiled;
  }

  cancel(caseId: string): void {
    this.running.get(caseId)?.abort();
  }

  async event(caseId: string, eventId: string): Promise<NormalizedEvent | undefined> {
    const kept = this.retained.get(caseId);
    if (kept) {
      kept.byId ??= new Map(kept.triaged.events.map((event) => [event.id, event]));
      const event = kept.byId.get(eventId);
      if (event) return event;
    }
    return loadStoredEvent(caseId, eventId);
  }

  /** The queue after a reload: summaries only; a case's document is read when the case is opened. */
  async storedCases(): Promise<CaseSummary[]> {
    return (await listCases()).map((record) => record.summary);
  }

  async storedCase(caseId: string): Promise<StoredCase | undefined> {
    const record = await loadCase(caseId);
    return record && { summary: record.summary, report: pageReport(record.report) };
  }

  /** Streams a stored case's rows in packed pages, in time order; each page is applied before the next is read. */
  async storedRows(caseId: string, onRows: (rows: PackedRows) => unknown): Promise<void> {
    let previous: unknown = undefined;
    await forEachStoredRowPage(caseId, async (rows) => {
      await previous;
      const packed = packRows(rows);
      previous = onRows(transfer(packed, [packed.starts.buffer as ArrayBuffer, packed.times.buffer as ArrayBuffer]));
    });
    await previous;
  }

  /** Resolves once every finished case so far is in IndexedDB. */
  async saved(): Promise<void> {
    await this.saving;
  }

  async forgetAll(): Promise<void> {
    await this.saving;
    this.retained.clear();
    await deleteAllCases();
  }

  /** Renders a download from the full report (the page holds a trimmed one). */
  async render(caseId: string, format: ReportFormat): Promise<RenderedReport> {
    const report = this.retained.get(caseId)?.report ?? (await loadCase(caseId))?.report;
    if (!report) throw new Error(`case ${caseId} is neither in memory nor stored`);
    return renderReportFile(caseId, report, format);
  }

  ruleCatalog(user: RuleSource[]): RuleCatalog {
    return this.ruleSets.catalog(user);
  }

  private keep(triaged: TriageCase, summary: CaseSummary, report: CaseReport): void {
    this.retained.set(triaged.id, { triaged, report });
    while (this.retained.size > RETAINED_CASES) this.retained.delete(this.retained.keys().next().value as string);
    const keepWhole = isReferenced(referencedEventIds(triaged));
    this.saving = this.saving
      .then(() => saveCase({ id: triaged.id, createdAt: triaged.createdAt, summary, report },
        triaged.events, toEventRow, keepWhole))
      .catch((error: unknown) => console.error('could not store case', triaged.id, error));
  }
}
