/**
 * The case's indicators as a STIX 2.1 bundle (OASIS STIX 2.1 CS: indicator 4.7, identity 4.5, attack-pattern 4.1,
 * grouping 4.4, bundle 8). Ids are name-based UUIDs from the case id and the value, so re-exporting a case gives
 * the same ids. Indicators the analyst or history marked as false positives are left out: a bundle is shared with
 * other tools, and a known-benign value there would be blocked or alerted on.
 */
import type { IndicatorTier, IndicatorType } from '../case';
import type { CaseReport, ReportIndicator, ReportTechnique } from './schema';
import { shownText, VERDICT_LABELS } from './text';
import { SOC_TRIAGE_STIX_NAMESPACE, uuidV5 } from './uuid';

export type StixObject = Record<string, unknown> & { type: string; id: string };

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

/** The producer identity is the same object in every bundle, so its version is fixed rather than per export. */
export const SOC_TRIAGE_IDENTITY_CREATED = '2026-01-01T00:00:00.000Z';

const IDENTITY_ID = `identity--${uuidV5(SOC_TRIAGE_STIX_NAMESPACE, 'identity:SOC Triage')}`;

/** STIX 2.1 9.2 (patterning): object path per indicator type; hash names with a hyphen must be quoted. */
const PATTERN_PATHS: Record<IndicatorType, string> = {
  ipv4: 'ipv4-addr:value',
  ipv6: 'ipv6-addr:value',
  domain: 'domain-name:value',
  url: 'url:value',
  email: 'email-addr:value',
  md5: 'file:hashes.MD5',
  sha1: "file:hashes.'SHA-1'",
  sha256: "file:hashes.'SHA-256'",
};

/** Open vocabulary `indicator-type-ov` (STIX 2.1 10.11); an un-enriched indicator is honestly `unknown`. */
const TIER_INDICATOR_TYPES: Record<IndicatorTier, string> = {
  critical: 'malicious-activity',
  high: 'malicious-activity',
  medium: 'anomalous-activity',
  low: 'anomalous-activity',
  benign: 'benign',
  unknown: 'unknown',
};

/** STIX confidence (0-100, appendix A "None/Low/Med/High" scale); absent when no source gave a tier. */
const TIER_CONFIDENCE: Partial<Record<IndicatorTier, number>> = { critical: 85, high: 70, medium: 50, low: 15, benign: 85 };

/** STIX 2.1 9.3: string literals are single-quoted; a quote and a backslash inside are escaped with a backslash. */
export function stixStringLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function indicatorPattern(indicator: Pick<ReportIndicator, 'type' | 'value'>): string {
  return `[${PATTERN_PATHS[indicator.type]} = ${stixStringLiteral(indicator.value)}]`;
}

/**
 * STIX 2.1 3.2: timestamps are RFC 3339 in UTC with `Z`, and `created`/`modified` must be precise to the
 * millisecond. A time that does not parse means the case was built badly; the export time is the truthful fallback.
 */
export function stixTimestamp(iso: string): string {
  const ms = Date.parse(iso);
  return new Date(Number.isNaN(ms) ? Date.now() : ms).toISOString();
}

function techniqueUrl(id: string): string {
  return `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;
}

function indicatorObject(report: CaseReport, indicator: ReportIndicator, created: string): StixObject {
  const seen = indicator.first_seen ? ` between ${indicator.first_seen} and ${indicator.last_seen ?? indicator.first_seen}` : '';
  const sources = indicator.sources.length
    ? ` Sources: ${indicator.sources.map((source) => `${source.source} ${source.tier}`).join(', ')}.`
    : ' Not enriched: reputation unknown.';
  const object: StixObject = {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${uuidV5(SOC_TRIAGE_STIX_NAMESPACE, `${report.id}|${indicator.type}:${indicator.value}`)}`,
    created_by_ref: IDENTITY_ID,
    created,
    modified: created,
    name: `${indicator.type} ${indicator.defanged}`,
    description: `Seen ${indicator.count} time(s) in case ${report.id}${seen}.${sources}`,
    indicator_types: [TIER_INDICATOR_TYPES[indicator.tier]],
    pattern: indicatorPattern(indicator),
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: created,
    labels: ['soc-triage', `tier-${indicator.tier}`, ...(indicator.scope ? [`scope-${indicator.scope}`] : [])],
  };
  const confidence = TIER_CONFIDENCE[indicator.tier];
  if (confidence !== undefined) object.confidence = confidence;
  return object;
}

function attackPatternObject(report: CaseReport, technique: ReportTechnique, created: string): StixObject {
  return {
    type: 'attack-pattern',
    spec_version: '2.1',
    id: `attack-pattern--${uuidV5(SOC_TRIAGE_STIX_NAMESPACE, `${report.id}|attack-pattern|${technique.id}`)}`,
    created_by_ref: IDENTITY_ID,
    created,
    modified: created,
    name: technique.name ?? technique.id,
    external_references: [{ source_name: 'mitre-attack', external_id: technique.id, url: techniqueUrl(technique.id) }],
    kill_chain_phases: technique.tactics.map((tactic) => ({ kill_chain_name: 'mitre-attack', phase_name: tactic })),
  };
}

export function buildStixBundle(report: CaseReport): StixBundle {
  const created = stixTimestamp(report.created_at);
  const identity: StixObject = {
    type: 'identity',
    spec_version: '2.1',
    id: IDENTITY_ID,
    created: SOC_TRIAGE_IDENTITY_CREATED,
    modified: SOC_TRIAGE_IDENTITY_CREATED,
    name: 'SOC Triage',
    identity_class: 'system',
  };
  const exported = report.indicators.filter((indicator) => !indicator.false_positive);
  const indicators = exported.map((indicator) => indicatorObject(report, indicator, created));
  const attackPatterns = report.techniques.map((technique) => attackPatternObject(report, technique, created));
  const refs = [...indicators, ...attackPatterns].map((object) => object.id);
  const leftOut = report.indicators.length - exported.length;
  const grouping: StixObject = {
    type: 'grouping',
    spec_version: '2.1',
    id: `grouping--${uuidV5(SOC_TRIAGE_STIX_NAMESPACE, `${report.id}|grouping`)}`,
    created_by_ref: IDENTITY_ID,
    created,
    modified: created,
    name: `SOC Triage case ${report.id}: ${report.title}`,
    description: shownText(
      `Verdict ${VERDICT_LABELS[report.verdict]}. ${report.conclusion}${leftOut ? ` ${leftOut} known false positive(s) left out.` : ''}`,
    ),
    context: report.verdict === 'noise' ? 'unspecified' : 'suspicious-activity',
    // STIX 2.1 4.4: object_refs must not be empty; a case with nothing to share still names its producer.
    object_refs: refs.length ? refs : [IDENTITY_ID],
  };
  return {
    type: 'bundle',
    id: `bundle--${uuidV5(SOC_TRIAGE_STIX_NAMESPACE, `${report.id}|bundle`)}`,
    objects: [identity, ...indicators, ...attackPatterns, grouping],
  };
}

export function renderStixBundle(report: CaseReport): string {
  return JSON.stringify(buildStixBundle(report), null, 2);
}
