/// <reference lib="webworker" />
/**
 * The triage worker: the only place where evidence is parsed in the browser. One comlink `expose`; the UI reaches it
 * through src/ui/bridge/triage-bridge.ts.
 */
import { expose, releaseProxy, transfer, type ProxyMethods } from 'comlink';
import type { WorkPool } from '../src/engine/parsers/types';
import { BrowserWorkPool } from '../src/engine/pool/browser-pool';
import type { PackedRows } from '../src/ui/bridge/packed-rows';
import type { CaseUpdate, RenderedReport, RuleChoice, TriageOutcome, TriageRequest } from '../src/ui/bridge/protocol';
import { TriageService } from '../src/ui/worker/triage-service';
import type { ReportFormat } from '../src/engine/report';
import type { RuleSource } from '../src/engine/rules';

/** A UI callback as it arrives here: a comlink proxy whose port must be released when the call ends. */
type Callback<T> = ((value: T) => unknown) & Partial<ProxyMethods>;

/** EVTX chunks fan out over `hardwareConcurrency - 1` pool threads, started on the first chunk and kept. */
const pool: WorkPool = new BrowserWorkPool(
  () => new Worker(new URL('./pool.worker.ts', import.meta.url), { type: 'module', name: 'pool' }),
);

const service = new TriageService(pool);

const api = {
  async triage(request: TriageRequest, onUpdate: Callback<CaseUpdate>): Promise<TriageOutcome> {
    try {
      const outcome = await service.triage(request, onUpdate);
      return transfer(outcome, outcome.cases.map((one) => one.order.buffer as ArrayBuffer));
    } finally {
      onUpdate[releaseProxy]?.();
    }
  },
  warmUp: (rules: RuleChoice) => service.warmUp(rules),
  cancel: (caseId: string) => service.cancel(caseId),
  event: (caseId: string, eventId: string) => service.event(caseId, eventId),
  storedCases: () => service.storedCases(),
  storedCase: (caseId: string) => service.storedCase(caseId),
  async storedRows(caseId: string, onRows: Callback<PackedRows>): Promise<void> {
    try {
      await service.storedRows(caseId, onRows);
    } finally {
      onRows[releaseProxy]?.();
    }
  },
  saved: () => service.saved(),
  forgetAll: () => service.forgetAll(),
  async render(caseId: string, format: ReportFormat): Promise<RenderedReport> {
    const rendered = await service.render(caseId, format);
    return transfer(rendered, [rendered.bytes.buffer as ArrayBuffer]);
  },
  ruleCatalog: (user: RuleSource[]) => service.ruleCatalog(user),
};

export type TriageWorkerApi = typeof api;

expose(api);
