import { compareEvents, type NormalizedEvent } from '../events';
import { parseFile } from '../parse-file';
import type { WorkPool } from '../parsers/types';
import { IndicatorCollector } from '../ioc';
import { RuleEngine, type RuleSet } from '../rules';
import { findUnclassified, synthesizeVerdict } from '../verdict';
import type { Attestation } from './attestation';
import { queuedCaseFile, type AssetContext, type CaseFile, type TriageCase } from './case';
import type { Indicator } from './indicator';
import type { Verdict } from './verdict';

export interface TriageFile {
  name: string;
  blob: Blob;
}

export interface TriageOptions {
  id: string;
  title: string;
  rules: RuleSet;
  assets?: AssetContext;
  signal?: AbortSignal;
  /** Threads for parsers that can split their work (EVTX); absent: everything runs on the calling thread. */
  pool?: WorkPool;
}

/** What happens during a triage, in order, for the live stream and progress bars. */
export type TriageUpdate =
  | { type: 'file'; file: CaseFile }
  | { type: 'events'; fileIndex: number; events: NormalizedEvent[] }
  | { type: 'attestations'; attestations: Attestation[] }
  | { type: 'indicators'; indicators: Indicator[] }
  | { type: 'verdict'; verdict: Verdict; previous: Verdict | null };

/** Live indicator snapshots are throttled: listing them is linear in their number. */
export const INDICATOR_UPDATE_MS = 500;

export const NO_ASSETS: AssetContext = { criticality: {}, roles: {} };

/**
 * Runs the whole chain for one case: parse every file, extract indicators, evaluate rules as events stream in,
 * then correlations, unclassified evidence and the verdict. Same code in the worker and the CLI.
 */
export async function runTriage(
  files: TriageFile[],
  options: TriageOptions,
  onUpdate: (update: TriageUpdate) => void = () => {},
): Promise<TriageCase> {
  const engine = new RuleEngine(options.rules);
  const indicators = new IndicatorCollector();
  const events: NormalizedEvent[] = [];
  const attestations: Attestation[] = [];
  let indicatorsSentAt = 0;
  let indicatorsSent = 0;
  const sendIndicators = (force: boolean): void => {
    const now = Date.now();
    if (indicators.size === indicatorsSent || (!force && now - indicatorsSentAt < INDICATOR_UPDATE_MS)) return;
    indicatorsSentAt = now;
    indicatorsSent = indicators.size;
    onUpdate({ type: 'indicators', indicators: indicators.list() });
  };
  const caseFiles: CaseFile[] = files.map((file, index) => queuedCaseFile(index, file.name, file.blob.size));


  for (const [index, file] of files.entries()) {
    const caseFile = caseFiles[index];
    if (options.signal?.aborted) {
      caseFile.status = 'cancelled';
      onUpdate({ type: 'file', file: { ...caseFile } });
      continue;
    }
    const { parser, batches } = await parseFile(file.blob, { fileName: file.name, fileIndex: index, signal: options.signal, pool: options.pool });
    caseFile.parserId = parser.meta.id;
    caseFile.source = parser.meta.source;
    caseFile.status = 'reading';
    onUpdate({ type: 'file', file: { ...caseFile } });
    for await (const batch of batches) {
      const fresh: Attestation[] = [];
      for (const event of batch.events) {
        events.push(event);
        indicators.add(event);
        fresh.push(...engine.push(event));
      }
      caseFile.bytesDone = batch.bytesDone;
      caseFile.events += batch.events.length;
      caseFile.issues.push(...batch.issues);
      if (batch.events.length) onUpdate({ type: 'events', fileIndex: index, events: batch.events });
      if (fresh.length) {
        attestations.push(...fresh);
        onUpdate({ type: 'attestations', attestations: fresh });
      }
      onUpdate({ type: 'file', file: { ...caseFile, issues: [...caseFile.issues] } });
      sendIndicators(false);
    }
    sendIndicators(true);
    caseFile.status = options.signal?.aborted ? 'cancelled' : 'done';
    onUpdate({ type: 'file', file: { ...caseFile, issues: [...caseFile.issues] } });
  }

  const correlated = engine.finish();
  if (correlated.length) {
    attestations.push(...correlated);
    onUpdate({ type: 'attestations', attestations: correlated });
  }
  events.sort(compareEvents);
  const indicatorList = indicators.list();
  const unclassified = findUnclassified(events, attestations, indicatorList);
  const verdict = synthesizeVerdict({
    events,
    files: caseFiles,
    indicators: indicatorList,
    attestations,
    unclassified,
    assets: options.assets ?? NO_ASSETS,
  });
  onUpdate({ type: 'verdict', verdict, previous: null });
  return {
    id: options.id,
    title: options.title,
    createdAt: new Date().toISOString(),
    files: caseFiles,
    events,
    indicators: indicatorList,
    attestations,
    unclassified,
    verdict,
  };
}
