/** Builds the case report from a triaged case: the one model every output format renders. */
import { RULE_LEVELS, type Attestation, type CaseFile, type Indicator, type IndicatorType, type RuleLevel, type TriageCase } from '../case';
import type { NormalizedEvent } from '../events';
import { buildTacticMatrix, buildTechniques } from './build-attack';
import { buildTimeline } from './build-timeline';
import { REPORT_MAX_ISSUES_PER_FILE } from './limits';
import { CASE_REPORT_SCHEMA, type CaseReport, type ReportAttestation, type ReportCounts, type ReportEvent, type ReportFile, type ReportIndicator } from './schema';

export interface BuildReportOptions {
  /** Carry every event of the case in `events` (default true). */
  includeEvents?: boolean;
}

const INDICATOR_TYPES: readonly IndicatorType[] = ['ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256'];

/** Said instead of a conclusion while the verdict is still being synthesized. */
export const PENDING_CONCLUSION = 'No verdict yet: the triage has not finished.';

function reportIndicator(indicator: Indicator): ReportIndicator {
  const entry: ReportIndicator = {
    type: indicator.type,
    value: indicator.value,
    defanged: indicator.defanged,
    tier: indicator.tier,
    sources: indicator.sources.map((source) => ({ ...source })),
    count: indicator.count,
    event_ids: [...indicator.eventIds],
    first_seen: indicator.firstSeen,
    last_seen: indicator.lastSeen,
    false_positive: indicator.falsePositive === true,
  };
  if (indicator.scope) entry.scope = indicator.scope;
  return entry;
}

function reportAttestation(attestation: Attestation): ReportAttestation {
  const entry: ReportAttestation = {
    id: attestation.id,
    rule_id: attestation.ruleId,
    rule_title: attestation.ruleTitle,
    level: attestation.level,
    techniques: [...attestation.techniques],
    tactics: [...attestation.tactics],
    event_ids: [...attestation.eventIds],
    matches: attestation.matches.map((match) => ({ event_id: match.eventId, fields: { ...match.fields } })),
    first_ts: attestation.firstTs,
    last_ts: attestation.lastTs,
  };
  if (attestation.correlation) {
    const { type, groupBy, rules } = attestation.correlation;
    entry.correlation = { type, group_by: { ...groupBy }, rules: [...rules] };
  }
  return entry;
}

function reportFile(file: CaseFile): ReportFile {
  let errors = 0;
  for (const issue of file.issues) if (issue.severity === 'error') errors++;
  return {
    index: file.index,
    name: file.name,
    parser: file.parserId,
    source: file.source,
    size: file.size,
    status: file.status,
    events: file.events,
    errors,
    warnings: file.issues.length - errors,
    issues: file.issues.slice(0, REPORT_MAX_ISSUES_PER_FILE).map(({ offset, reason, structure, severity }) =>
      structure === undefined ? { offset, reason, severity } : { offset, reason, structure, severity }),
    issues_omitted: Math.max(0, file.issues.length - REPORT_MAX_ISSUES_PER_FILE),
  };
}

/** `fields` and `origin` are shared with the case, not copied: a large case would otherwise be held twice. */
function reportEvent(event: NormalizedEvent): ReportEvent {
  return { id: event.id, ts: event.ts, source: event.source, kind: event.kind, host: event.host, user: event.user, message: event.message, fields: event.fields, origin: event.origin };
}

function countReport(triaged: TriageCase, files: ReportFile[], techniques: number): ReportCounts {
  const indicators = Object.fromEntries(INDICATOR_TYPES.map((type) => [type, 0])) as Record<IndicatorType, number>;
  for (const indicator of triaged.indicators) indicators[indicator.type]++;
  const attestations = Object.fromEntries(RULE_LEVELS.map((level) => [level, 0])) as Record<RuleLevel, number>;
  for (const attestation of triaged.attestations) attestations[attestation.level]++;
  return {
    events: triaged.events.length,
    files: files.length,
    indicators,
    attestations,
    techniques,
    unclassified: triaged.unclassified.length,
    parse_errors: files.reduce((sum, file) => sum + file.errors, 0),
    parse_warnings: files.reduce((sum, file) => sum + file.warnings, 0),
  };
}

/** Total over any TriageCase, including one still running (no verdict: `pending`). */
export function buildCaseReport(triaged: TriageCase, options: BuildReportOptions = {}): CaseReport {
  const verdict = triaged.verdict;
  const reasoning = verdict?.reasoning ?? [];
  const eventOrder = new Map<string, number>();
  for (const [index, event] of triaged.events.entries()) eventOrder.set(event.id, index);
  const eventById = (id: string): NormalizedEvent | undefined => {
    const index = eventOrder.get(id);
    return index === undefined ? undefined : triaged.events[index];
  };
  const techniques = buildTechniques(triaged.attestations, eventOrder);
  const timeline = buildTimeline({ events: triaged.events, attestations: triaged.attestations, unclassified: triaged.unclassified, reasoning }, eventById);
  const files = triaged.files.map(reportFile);
  const report: CaseReport = {
    schema: CASE_REPORT_SCHEMA,
    id: triaged.id,
    title: triaged.title,
    created_at: triaged.createdAt,
    verdict: verdict?.verdict ?? 'pending',
    score: verdict ? verdict.score : null,
    confidence: verdict ? verdict.confidence : null,
    conclusion: verdict?.conclusion ?? PENDING_CONCLUSION,
    reasoning: reasoning.map((step) => ({ id: step.id, section: step.section, text: step.text, weight: step.weight, refs: step.refs.map((ref) => ({ ...ref })) })),
    techniques,
    tactics: buildTacticMatrix(techniques),
    indicators: triaged.indicators.map(reportIndicator),
    attestations: triaged.attestations.map(reportAttestation),
    unclassified: triaged.unclassified.map((item) => ({ id: item.id, severity: item.severity, reason: item.reason, event_ids: [...item.eventIds], indicators: [...item.indicators] })),
    next_steps: (verdict?.nextSteps ?? []).map((step) => {
      const entry: CaseReport['next_steps'][number] = { kind: step.kind, text: step.text };
      if (step.techniqueId) entry.technique_id = step.techniqueId;
      if (step.tactic) entry.tactic = step.tactic;
      if (step.targets) entry.targets = [...step.targets];
      return entry;
    }),
    timeline: timeline.entries,
    timeline_complete: timeline.complete,
    timeline_omitted: timeline.omitted,
    files,
    counts: countReport(triaged, files, techniques.length),
  };
  if (options.includeEvents ?? true) report.events = triaged.events.map(reportEvent);
  return report;
}
