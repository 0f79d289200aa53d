/**
 * The case report: `buildCaseReport` turns a triaged case into one document model (schema.ts, SCHEMA.md) and
 * `renderCaseReport` writes it in any output format. Pure TypeScript: runs in a Web Worker and in Node.
 */
import type { TriageCase } from '../case';
import { buildCaseReport as build } from './build';
import { renderHtmlReport } from './render-html';
import { renderJsonReport } from './render-json';
import { renderPdfReport } from './render-pdf';
import { renderTimelineCsv } from './render-csv';
import { renderNavigatorLayer } from './render-navigator';
import { renderStixBundle } from './render-stix';
import type { CaseReport } from './schema';

export * from './schema';
export { PENDING_CONCLUSION } from './build';
export * from './limits';

export type ReportFormat = 'json' | 'html' | 'pdf' | 'navigator' | 'stix' | 'csv';

export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'html', 'pdf', 'navigator', 'stix', 'csv'];

/** File name suffix and MIME type per format, for downloaded reports. */
export const REPORT_FILE_TYPES: Record<ReportFormat, { suffix: string; mime: string }> = {
  json: { suffix: '.json', mime: 'application/json' },
  html: { suffix: '.html', mime: 'text/html' },
  pdf: { suffix: '.pdf', mime: 'application/pdf' },
  navigator: { suffix: '.navigator-layer.json', mime: 'application/json' },
  stix: { suffix: '.stix.json', mime: 'application/json' },
  csv: { suffix: '.timeline.csv', mime: 'text/csv' },
};

/** `includeEvents` defaults to true: the JSON case carries every event. */
export function buildCaseReport(triaged: TriageCase, options?: { includeEvents?: boolean }): CaseReport {
  return build(triaged, options);
}

/** Text for every format but PDF, which is binary. */
export function renderCaseReport(report: CaseReport, format: ReportFormat): string | Uint8Array {
  switch (format) {
    case 'json':
      return renderJsonReport(report);
    case 'html':
      return renderHtmlReport(report);
    case 'pdf':
      return renderPdfReport(report);
    case 'csv':
      return renderTimelineCsv(report);
    case 'navigator':
      return renderNavigatorLayer(report);
    case 'stix':
      return renderStixBundle(report);
  }
}
