import { indicatorKey, type CaseFile, type Indicator, type VerdictClass } from '../case';
import type { NormalizedEvent } from '../events';
import { type DraftStep, RefList, joinNames, plural } from './draft';
import {
  CONFIDENCE_CONFLICT,
  CONFIDENCE_CORROBORATED,
  CONFIDENCE_FAILED_FILE,
  CONFIDENCE_FILE_PENALTY_MAX,
  CONFIDENCE_FILE_WITH_ERRORS,
  CONFIDENCE_NEAR_THRESHOLD,
  CONFIDENCE_NO_PROCESS_TELEMETRY,
  CONFIDENCE_SMALL_SAMPLE,
  CONFIDENCE_UNRATED_INDICATORS,
  INCIDENT_MIN,
  MAX_REFS_PER_STEP,
  MAX_TARGETS_NAMED,
  SMALL_SAMPLE_EVENTS,
  SUSPICIOUS_MIN,
  THRESHOLD_MARGIN,
} from './weights';

/** What the case's telemetry covers; next steps reuse it to say what to collect. */
export interface TelemetryCoverage {
  processEvents: number;
  /** Hosts that sent Windows logs, in first-seen order. */
  windowsHosts: string[];
  /** Public IPs and domains/URLs with no reputation tier. */
  unratedPublic: Indicator[];
  /** Files that failed, were cancelled, or lost records to read errors. */
  damagedFiles: CaseFile[];
}

const WINDOWS_SOURCES = new Set(['evtx', 'sysmon-xml']);
const NETWORK_TYPES = new Set(['ipv4', 'ipv6', 'domain', 'url']);

export function telemetryCoverage(events: readonly NormalizedEvent[], files: readonly CaseFile[], indicators: readonly Indicator[]): TelemetryCoverage {
  let processEvents = 0;
  const windowsHosts = new Set<string>();
  for (const event of events) {
    if (event.kind === 'process_creation') processEvents++;
    if (WINDOWS_SOURCES.has(event.source) && event.host) windowsHosts.add(event.host);
  }
  const unratedPublic = indicators.filter(
    (i) => i.tier === 'unknown' && !i.falsePositive && NETWORK_TYPES.has(i.type) && (i.scope === undefined || i.scope === 'public'),
  );
  const damagedFiles = files.filter((f) => f.status === 'failed' || f.status === 'cancelled' || f.issues.some((issue) => issue.severity === 'error'));
  return { processEvents, windowsHosts: [...windowsHosts], unratedPublic, damagedFiles };
}

export interface ConfidenceContext {
  events: readonly NormalizedEvent[];
  files: readonly CaseFile[];
  coverage: TelemetryCoverage;
  score: number;
  verdict: VerdictClass;
  /** Evidence kinds (rules, reputation, heuristics, history) that added to the score. */
  supportingKinds: string[];
  /** Steps that point against the verdict: score-lowering ones under a loud verdict, heavy raising ones under a quiet one. */
  dissent: readonly DraftStep[];
  /** The strongest step of each supporting kind, cited by the agreement step. */
  supportingSteps: readonly DraftStep[];
}

function processStep(context: ConfidenceContext): DraftStep | null {
  const { coverage, events } = context;
  if (coverage.processEvents > 0 || events.length === 0) return null;
  const text = coverage.windowsHosts.length
    ? `No process-creation events (no Sysmon event 1, no Security 4688) among ${plural(events.length, 'event')} from ${joinNames(coverage.windowsHosts, MAX_TARGETS_NAMED)}: what ran on ${coverage.windowsHosts.length === 1 ? 'that host' : 'those hosts'} cannot be checked, so process-level conclusions carry less confidence.`
    : `The case holds no endpoint process telemetry, only ${[...new Set(events.map((e) => e.source))].sort().join(', ')} records: whether anything ran on a host cannot be checked, so process-level conclusions carry less confidence.`;
  return { section: 'telemetry', text, weight: 0, confidence: CONFIDENCE_NO_PROCESS_TELEMETRY, refs: new RefList().add('event', [events[0].id]).refs };
}

function fileSteps(coverage: TelemetryCoverage): DraftStep[] {
  let budget = CONFIDENCE_FILE_PENALTY_MAX;
  return coverage.damagedFiles.map((file) => {
    const errors = file.issues.filter((issue) => issue.severity === 'error');
    const lost = file.status === 'failed' || file.status === 'cancelled';
    const penalty = Math.max(budget, lost ? CONFIDENCE_FAILED_FILE : CONFIDENCE_FILE_WITH_ERRORS);
    budget -= penalty;
    const why = lost
      ? `was ${file.status === 'failed' ? 'not read' : 'cancelled'} after ${plural(file.events, 'event')}`
      : `had ${plural(errors.length, 'read error')} (first: ${errors[0].reason} at byte ${errors[0].offset}), so some records are missing`;
    return { section: 'telemetry', text: `File ${file.name} ${why}.`, weight: 0, confidence: penalty, refs: new RefList().add('file', [String(file.index)]).refs };
  });
}

function nearThresholdStep(score: number): DraftStep | null {
  for (const [threshold, below, above] of [
    [INCIDENT_MIN, 'suspicious', 'incident'],
    [SUSPICIOUS_MIN, 'tuning or noise', 'suspicious'],
  ] as const) {
    if (Math.abs(score - threshold) < THRESHOLD_MARGIN) {
      return {
        section: 'telemetry',
        text: `The score ${score} lies within ${THRESHOLD_MARGIN} points of the ${threshold} line between ${below} and ${above}: a little more or less evidence would change the verdict.`,
        weight: 0,
        confidence: CONFIDENCE_NEAR_THRESHOLD,
        refs: [],
      };
    }
  }
  return null;
}

/** Steps that move the confidence, not the score: agreement of the evidence and completeness of the telemetry. */
export function confidenceSteps(context: ConfidenceContext): DraftStep[] {
  const steps: DraftStep[] = [];
  const { coverage, events, verdict } = context;
  if (context.supportingKinds.length >= 2) {
    steps.push({
      section: 'finding',
      text: `Independent kinds of evidence agree (${context.supportingKinds.join(', ')}).`,
      weight: 0,
      confidence: CONFIDENCE_CORROBORATED,
      refs: context.supportingSteps.flatMap((step) => step.refs.slice(0, 5)),
    });
  }
  const { dissent } = context;
  if (dissent.length) {
    const quiet = verdict === 'noise' || verdict === 'tuning';
    const count = dissent.length === 1 ? 'one step' : `${dissent.length} steps`;
    steps.push({
      section: 'finding',
      text: quiet
        ? `Evidence pulls both ways: ${count} of reputation or unclassified evidence ${dissent.length === 1 ? 'weighs' : 'weigh'} against the quiet verdict without tipping it.`
        : `Evidence pulls both ways: ${count} ${dissent.length === 1 ? 'lowers' : 'lower'} the score while others raise it.`,
      weight: 0,
      confidence: CONFIDENCE_CONFLICT,
      refs: dissent.flatMap((step) => step.refs.slice(0, 5)).slice(0, MAX_REFS_PER_STEP),
    });
  }
  const process = processStep(context);
  if (process) steps.push(process);
  steps.push(...fileSteps(coverage));
  if ((verdict === 'noise' || verdict === 'tuning') && events.length < SMALL_SAMPLE_EVENTS) {
    steps.push({
      section: 'telemetry',
      text: events.length
        ? `Only ${plural(events.length, 'event')} ${events.length === 1 ? 'was' : 'were'} read: a quiet verdict on so small a sample says little.`
        : 'No events were read from the case files: nothing supports or rules out any activity.',
      weight: 0,
      confidence: CONFIDENCE_SMALL_SAMPLE,
      refs: new RefList().add('file', context.files.map((file) => String(file.index))).refs,
    });
  }
  if (coverage.unratedPublic.length) {
    steps.push({
      section: 'telemetry',
      text: `${plural(coverage.unratedPublic.length, 'public indicator')} ${coverage.unratedPublic.length === 1 ? 'has' : 'have'} no reputation rating (enrichment is off or found nothing).`,
      weight: 0,
      confidence: CONFIDENCE_UNRATED_INDICATORS,
      refs: new RefList().add('indicator', coverage.unratedPublic.map((i) => indicatorKey(i.type, i.value))).refs,
    });
  }
  const near = nearThresholdStep(context.score);
  if (near) steps.push(near);
  return steps;
}
