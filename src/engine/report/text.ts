/** Wording shared by the human-readable renderers (HTML, PDF), so both say the same thing the same way. */
import type { RuleLevel } from '../case';
import { defangText } from '../ioc';
import type { CaseReport, ReportIndicator, ReportTimelineEntry, ReportVerdict } from './schema';

export const VERDICT_LABELS: Record<ReportVerdict, string> = {
  incident: 'Incident',
  suspicious: 'Suspicious',
  tuning: 'Tuning needed',
  noise: 'Noise',
  pending: 'Pending',
};

export const LEVEL_LABELS: Record<RuleLevel, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  informational: 'Info',
};

/** Said in the indicator table when no source answered: enrichment was off, so the tier is not a judgement. */
export const ENRICHMENT_OFF = 'enrichment off';

/**
 * Free text from the case (messages, reasons, matched values) can carry live URLs and addresses; shown to an
 * analyst or pasted into a ticket they must not be clickable, so every URL, IP and domain in it is defanged.
 */
export function shownText(text: string): string {
  return defangText(text);
}

export function scoreText(value: number | null): string {
  return value === null ? 'n/a' : `${value}/100`;
}

export function weightText(weight: number): string {
  return weight > 0 ? `+${weight}` : String(weight);
}

export function timeText(ts: string | null): string {
  return ts ?? '(no time)';
}

export function originText(entry: ReportTimelineEntry): string {
  return `${entry.file} @${entry.offset}${entry.record === null ? '' : ` #${entry.record}`}`;
}

export function sourceBreakdown(indicator: ReportIndicator): string[] {
  return indicator.sources.map((source) => `${source.source}: ${source.tier}${source.detail ? ` - ${source.detail}` : ''} (${source.at})`);
}

/** Rule titles per attestation id, for rows that only carry the ids. */
export function ruleTitlesById(report: CaseReport): Map<string, string> {
  return new Map(report.attestations.map((attestation) => [attestation.id, attestation.rule_title]));
}

/** Technique ids per attestation id. */
export function techniquesById(report: CaseReport): Map<string, string[]> {
  return new Map(report.attestations.map((attestation) => [attestation.id, attestation.techniques]));
}

/** Distinct values of `lookup(id)` over `ids`, in first-seen order. */
export function collectDistinct<T>(ids: string[], lookup: (id: string) => T | T[] | undefined): T[] {
  const seen = new Set<T>();
  for (const id of ids) {
    const found = lookup(id);
    if (found === undefined) continue;
    for (const value of Array.isArray(found) ? found : [found]) seen.add(value);
  }
  return [...seen];
}

export function techniqueLabel(id: string, name: string | null): string {
  return name ? `${id} ${name}` : id;
}

/** Cuts long text for a document; the JSON report always keeps it whole. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}... (${text.length - max} more characters)`;
}
