/**
 * The evidence timeline as CSV for Timeline Explorer and spreadsheets: one header row, one row per timeline entry,
 * ISO-8601 times first so the tool sorts on them. Cells go through `csvRow`, which quotes per RFC 4180 and
 * neutralizes formula injection (`=cmd|...`) from attacker-controlled values. Values stay as the events had them
 * (not defanged), like the JSON: this is data to search, not a page to click.
 */
import { csvRow } from '../format/csv';
import type { CaseReport } from './schema';
import { collectDistinct, ruleTitlesById, techniquesById } from './text';

export const TIMELINE_CSV_COLUMNS = [
  'ts',
  'event_id',
  'source',
  'kind',
  'host',
  'user',
  'message',
  'rule_titles',
  'technique_ids',
  'file',
  'offset',
  'record',
  'attestation_ids',
  'unclassified_ids',
] as const;

/** Several values in one cell: Timeline Explorer filters on substrings, so a plain separator works best. */
const LIST_SEPARATOR = ' | ';

export function renderTimelineCsv(report: CaseReport): string {
  const titles = ruleTitlesById(report);
  const techniques = techniquesById(report);
  let out = csvRow([...TIMELINE_CSV_COLUMNS]);
  for (const entry of report.timeline) {
    out += csvRow([
      entry.ts ?? '',
      entry.event_id,
      entry.source,
      entry.kind,
      entry.host,
      entry.user,
      entry.message,
      collectDistinct(entry.attestation_ids, (id) => titles.get(id)).join(LIST_SEPARATOR),
      collectDistinct(entry.attestation_ids, (id) => techniques.get(id)).join(LIST_SEPARATOR),
      entry.file,
      entry.offset,
      entry.record ?? '',
      entry.attestation_ids.join(LIST_SEPARATOR),
      entry.unclassified_ids.join(LIST_SEPARATOR),
    ]);
  }
  return out;
}
