import { batch } from 'solid-js';
import { createStore, produce, reconcile } from 'solid-js/store';
import { triageBridge } from '../bridge/triage-bridge';
import type { CaseSummary, CaseUpdate, TriageOutcome } from '../bridge/protocol';
import { CaseData, caseData, forgetCaseData, setCaseData } from './case-data';
import { effectiveGrouping, planCases, splitDrop, type PlannedCase } from './intake-plan';
import { nextJobIndex } from './job-order';
import type { QueueCase } from './queue-view';
import { route, navigate } from './router';
import { addUserRules } from './settings';
import { settings, updateSettings } from './settings-store';

const [queue, setQueue] = createStore<{ cases: QueueCase[] }>({ cases: [] });

export const queuedCases = () => queue.cases;

export function queuedCase(id: string): QueueCase | undefined {
  return queue.cases.find((item) => item.id === id);
}

interface Job {
  id: string;
  planned: PlannedCase<File>;
  bytes: number;
}

const jobs: Job[] = [];
let running: string | null = null;
let counter = 0;

/** Case ids: time-ordered and unique across reloads (stored cases keep theirs). */
function newCaseId(): string {
  counter++;
  return `c${Date.now().toString(36)}${counter.toString(36)}`;
}

function emptySummary(id: string, title: string, fileNames: string[]): CaseSummary {
  return {
    id, title, createdAt: new Date().toISOString(), verdict: null, score: null, confidence: null, hosts: [],
    techniques: [], eventCount: 0, fileNames, firstEventAt: NaN, lastEventAt: NaN,
  };
}

export interface IntakeResult {
  cases: string[];
  rulesAdded: number;
  skipped: number;
  message?: string;
}

/** A drop or a pick: rules go to settings, evidence becomes cases queued for triage. */
export async function intake(files: File[]): Promise<IntakeResult> {
  const split = splitDrop(files);
  let message: string | undefined;
  if (split.rules.length) {
    const added = await Promise.all(split.rules.map(async (file) => ({ file: file.name, text: await file.text() })));
    const rules = addUserRules(settings().userRules, added);
    if (typeof rules === 'string') message = `Rules not added: ${rules}`;
    else updateSettings({ userRules: rules });
  }
  if (split.overflow) message = `${split.overflow} files beyond the first ${split.evidence.length + split.rules.length + split.skipped.length} were not read`;
  const planned = planCases(split.evidence, effectiveGrouping(settings().grouping, split.evidence.length));
  const queued: Job[] = planned.map((plan) => ({ id: newCaseId(), planned: plan, bytes: plan.files.reduce((sum, file) => sum + file.size, 0) }));
  batch(() => {
    for (const job of queued) setCaseData(job.id, new CaseData());
    setQueue('cases', (cases) => [...cases, ...queued.map((job): QueueCase => ({
      ...emptySummary(job.id, job.planned.title, job.planned.files.map((file) => file.name)), status: 'queued', progress: 0,
    }))]);
  });
  jobs.push(...queued);
  // The case shown after a drop is the one whose verdict arrives first: the cheapest (see job-order.ts).
  if (queued.length && route().view !== 'case') navigate({ view: 'case', caseId: queued[nextJobIndex(queued)].id });
  // In a task of its own: the drop's task mounts the case view, and starting the triage as well (the settings
  // copied and the files handed to the worker) took it past 50 ms in one run of three of the UI bench.
  setTimeout(() => void runQueue(), 0);
  return { cases: queued.map((job) => job.id), rulesAdded: split.rules.length, skipped: split.skipped.length, message };
}

function patchCase(id: string, patch: Partial<QueueCase>): void {
  setQueue('cases', (item) => item.id === id, patch);
}

function applyUpdate(update: CaseUpdate): void {
  const data = caseData(update.caseId);
  if (!data) return;
  batch(() => {
    if (update.rows) data.appendRows(update.rows);
    if (update.stream) data.addStream(update.stream);
    if (update.files) data.setFiles(update.files);
    if (update.indicators) data.setIndicators(update.indicators);
    // A live document never replaces the final one (the final result is applied last, but be sure).
    if (update.report && queuedCase(update.caseId)?.status === 'running') data.setReport(update.report);
    if (update.progress) {
      data.setProgress(update.progress);
      const read = update.progress.find((step) => step.key === 'read');
      if (read) patchCase(update.caseId, { progress: read.total ? read.done / read.total : 1, eventCount: data.rowCount() });
    }
  });
}

async function runQueue(): Promise<void> {
  if (running) return;
  while (jobs.length) {
    const current = route();
    const [job] = jobs.splice(nextJobIndex(jobs, current.view === 'case' ? current.caseId : undefined), 1);
    running = job.id;
    patchCase(job.id, { status: 'running' });
    const chosen = settings();
    try {
      const outcome = await triageBridge.triage({
        caseId: job.id,
        title: job.planned.title,
        files: job.planned.files.map((file) => ({ name: file.name, blob: file })),
        splitByHost: job.planned.splitByHost,
        rules: { user: chosen.userRules, disabledCategories: chosen.disabledCategories },
        assets: chosen.assets,
      }, applyUpdate);
      applyOutcome(job.id, outcome);
    } catch (error) {
      patchCase(job.id, { status: 'failed', failure: error instanceof Error ? error.message : String(error) });
    }
    running = null;
  }
}

function applyOutcome(jobId: string, outcome: TriageOutcome): void {
  const data = caseData(jobId) ?? setCaseData(jobId, new CaseData());
  const status = outcome.cancelled ? 'cancelled' : 'done';
  batch(() => {
    if (outcome.cases.length === 1 && outcome.cases[0].summary.id === jobId) {
      const [only] = outcome.cases;
      data.setOrder(only.order);
      patchCase(jobId, { ...only.summary, status, progress: 1 });
      // The final document is a large update of its own: applied in the next task, not in this one.
      setTimeout(() => data.setReport(only.report, true), 0);
      return;
    }
    const split: QueueCase[] = outcome.cases.map((one) => {
      const shared = setCaseData(one.summary.id, data.sharing(one.order));
      shared.setReport(one.report, true);
      shared.addStream(data.stream());
      shared.setFiles(data.files());
      shared.setIndicators([]);
      return { ...one.summary, status, progress: 1 };
    });
    setQueue('cases', (cases) => [...cases.filter((item) => item.id !== jobId), ...split]);
    forgetCaseData(jobId);
    const current = route();
    if (current.view === 'case' && current.caseId === jobId && split.length) {
      const first = [...split].sort((a, b) => (b.score ?? -1) - (a.score ?? -1))[0];
      navigate({ view: 'case', caseId: first.id }, true);
    }
  });
}

export function cancelCase(id: string): void {
  const waiting = jobs.findIndex((job) => job.id === id);
  if (waiting >= 0) {
    jobs.splice(waiting, 1);
    patchCase(id, { status: 'cancelled' });
    return;
  }
  if (running === id) void triageBridge.cancel(id);
}

/** Cases triaged before a reload, from IndexedDB; their rows load when one is opened. */
export async function restoreCases(): Promise<void> {
  const stored = await triageBridge.storedCases();
  batch(() => {
    for (const summary of stored) if (!caseData(summary.id)) setCaseData(summary.id, new CaseData(undefined, 'unloaded'));
    setQueue('cases', reconcile(mergeRestored(queue.cases, stored.map((summary) => ({ ...summary, status: 'done' as const, progress: 1 }))), { key: 'id' }));
  });
}

function mergeRestored(current: readonly QueueCase[], restored: QueueCase[]): QueueCase[] {
  const known = new Set(current.map((item) => item.id));
  return [...restored.filter((item) => !known.has(item.id)), ...current];
}

/** Loads a case stored before a reload when it is opened: its document, then its rows page by page. */
export async function ensureStoredCase(id: string): Promise<void> {
  const data = caseData(id);
  if (!data || data.rowsState !== 'unloaded') return;
  data.rowsState = 'loading';
  const stored = await triageBridge.storedCase(id);
  if (stored) data.setReport(stored.report, true);
  await triageBridge.storedRows(id, (rows) => data.appendRows(rows));
  data.rowsState = 'loaded';
}

export async function forgetAllCases(): Promise<void> {
  await triageBridge.forgetAll();
  setQueue(produce((state) => {
    state.cases = state.cases.filter((item) => item.status === 'running' || item.status === 'queued');
  }));
}
