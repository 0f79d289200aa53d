/**
 * The UI's only way to the triage worker. Typed by the worker's own API type; callbacks cross as comlink proxies.
 */
import { proxy, wrap, type Remote } from 'comlink';
import type { NormalizedEvent } from '../../engine/events';
import type { ReportFormat } from '../../engine/report';
import type { RuleSource } from '../../engine/rules';
import type { TriageWorkerApi } from '../../../workers/triage.worker';
import type { PackedRows } from './packed-rows';
import type { CaseSummary, CaseUpdate, RenderedReport, RuleCatalog, RuleChoice, StoredCase, TriageOutcome, TriageRequest } from './protocol';

export interface TriageBridge {
  triage(request: TriageRequest, onUpdate: (update: CaseUpdate) => void): Promise<TriageOutcome>;
  warmUp(rules: RuleChoice): Promise<number>;
  cancel(caseId: string): Promise<void>;
  event(caseId: string, eventId: string): Promise<NormalizedEvent | undefined>;
  storedCases(): Promise<CaseSummary[]>;
  storedCase(caseId: string): Promise<StoredCase | undefined>;
  storedRows(caseId: string, onRows: (rows: PackedRows) => void): Promise<void>;
  saved(): Promise<void>;
  forgetAll(): Promise<void>;
  render(caseId: string, format: ReportFormat): Promise<RenderedReport>;
  ruleCatalog(user: RuleSource[]): Promise<RuleCatalog>;
}

let remote: Remote<TriageWorkerApi> | undefined;

function worker(): Remote<TriageWorkerApi> {
  remote ??= wrap<TriageWorkerApi>(
    new Worker(new URL('../../../workers/triage.worker.ts', import.meta.url), { type: 'module', name: 'triage' }),
  );
  return remote;
}

export const triageBridge: TriageBridge = {
  async triage(request, onUpdate) {
    return worker().triage(request, proxy(onUpdate));
  },
  warmUp: (rules) => worker().warmUp(rules),
  cancel: (caseId) => worker().cancel(caseId),
  event: (caseId, eventId) => worker().event(caseId, eventId),
  storedCases: () => worker().storedCases(),
  storedCase: (caseId) => worker().storedCase(caseId),
  async storedRows(caseId, onRows) {
    await worker().storedRows(caseId, proxy(onRows));
  },
  saved: () => worker().saved(),
  forgetAll: () => worker().forgetAll(),
  render: (caseId, format) => worker().render(caseId, format),
  ruleCatalog: (user) => worker().ruleCatalog(user),
};
