import type { CaseReport } from '../../engine/report';

/**
 * The case document as the page gets it. The full report can hold hundreds of thousands of event references
 * (500 per indicator, one attestation per matching event); cloning and reconciling that would block the main thread
 * for hundreds of milliseconds, while the page shows a few of each. Counts stay exact; the drawer fetches any event
 * by id from the worker; downloads are rendered in the worker from the full report.
 */
export const PAGE_EVENT_REFS = 50;
export const PAGE_MATCHES = 50;
export const PAGE_ATTESTATIONS = 1_000;
export const PAGE_TIMELINE_ENTRIES = 2_000;

export function pageReport(report: CaseReport): CaseReport {
  const cited = new Set<string>();
  for (const step of report.reasoning) for (const ref of step.refs) if (ref.kind === 'attestation') cited.add(ref.id);
  const attestations = report.attestations
    .filter((attestation, index) => index < PAGE_ATTESTATIONS || cited.has(attestation.id))
    .map((attestation) => ({
      ...attestation,
      event_ids: attestation.event_ids.slice(0, PAGE_EVENT_REFS),
      matches: attestation.matches.slice(0, PAGE_MATCHES),
    }));
  const timeline = report.timeline.slice(0, PAGE_TIMELINE_ENTRIES);
  return {
    ...report,
    techniques: report.techniques.map((technique) => ({
      ...technique,
      event_ids: technique.event_ids.slice(0, PAGE_EVENT_REFS),
      attestation_ids: technique.attestation_ids.slice(0, PAGE_EVENT_REFS),
    })),
    indicators: report.indicators.map((indicator) => ({ ...indicator, event_ids: indicator.event_ids.slice(0, PAGE_EVENT_REFS) })),
    attestations,
    unclassified: report.unclassified.map((item) => ({ ...item, event_ids: item.event_ids.slice(0, PAGE_EVENT_REFS) })),
    timeline,
    timeline_complete: report.timeline_complete && timeline.length === report.timeline.length,
    timeline_omitted: report.timeline_omitted + (report.timeline.length - timeline.length),
  };
}
