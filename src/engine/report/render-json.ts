/**
 * The case report as JSON: pretty-printed for reading, except that each event stays on one line. A case of a
 * million events is then a million short lines rather than tens of millions, which keeps the text well inside
 * what a JavaScript string can hold and still greps line by line.
 */
import type { CaseReport } from './schema';

export function renderJsonReport(report: CaseReport): string {
  const { events, ...rest } = report;
  const head = JSON.stringify(rest, null, 2);
  if (!events) return `${head}\n`;
  const body = events.length ? `[\n${events.map((event) => `    ${JSON.stringify(event)}`).join(',\n')}\n  ]` : '[]';
  // `head` ends with "\n}": the events go in as the last key, where the schema declares them.
  return `${head.slice(0, -2)},\n  "events": ${body}\n}\n`;
}
