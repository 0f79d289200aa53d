import type { CaseReport, ReportFormat } from '../../engine/report';
import { REPORT_FILE_TYPES, renderCaseReport } from '../../engine/report';
import type { RenderedReport } from '../bridge/protocol';

/** A file name from the case id: ids are ours (letters, digits, dashes), never taken from the evidence. */
export function reportFileName(caseId: string, format: ReportFormat): string {
  return `soc-triage-${caseId.replace(/[^A-Za-z0-9-]/g, '_')}${REPORT_FILE_TYPES[format].suffix}`;
}

export function renderReportFile(caseId: string, report: CaseReport, format: ReportFormat): RenderedReport {
  const rendered = renderCaseReport(report, format);
  const bytes = typeof rendered === 'string' ? new TextEncoder().encode(rendered) : rendered;
  return { bytes, mime: REPORT_FILE_TYPES[format].mime, fileName: reportFileName(caseId, format) };
}
