import { describe, expect, it } from 'vitest';
import { buildCaseReport, renderCaseReport } from '../../../src/engine/report';
import { TIMELINE_CSV_COLUMNS } from '../../../src/engine/report/render-csv';
import { bigCase, FORMULA_MESSAGE, sampleCase } from './fixtures';

/** RFC 4180 reader, written here so the test does not trust the writer it checks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += char;
  }
  expect(quoted).toBe(false);
  expect(cell).toBe('');
  return rows;
}

describe('CSV timeline', () => {
  it('has a header row and one row per timeline event', () => {
    const report = buildCaseReport(sampleCase());
    const rows = parseCsv(renderCaseReport(report, 'csv') as string);
    expect(rows[0]).toEqual([...TIMELINE_CSV_COLUMNS]);
    expect(rows).toHaveLength(report.timeline.length + 1);
    for (const row of rows) expect(row).toHaveLength(TIMELINE_CSV_COLUMNS.length);
  });

  it('writes ISO times, origins, rule titles and technique ids', () => {
    const rows = parseCsv(renderCaseReport(buildCaseReport(sampleCase()), 'csv') as string);
    const column = (name: (typeof TIMELINE_CSV_COLUMNS)[number]): number => TIMELINE_CSV_COLUMNS.indexOf(name);
    const powershell = rows.find((row) => row[column('event_id')] === '0:2024');
    expect(powershell?.[column('ts')]).toBe('2026-03-01T10:00:02.0000000Z');
    expect(powershell?.[column('rule_titles')]).toBe('Mail with script in the subject | Encoded PowerShell <b>download</b>');
    expect(powershell?.[column('technique_ids')]).toBe('T1566.001 | T1059.001');
    expect(powershell?.[column('file')]).toBe('Security.evtx');
    expect(powershell?.[column('offset')]).toBe('2024');
    expect(powershell?.[column('record')]).toBe('102');
    expect(rows[1][column('ts')]).toBe('');
  });

  it('neutralizes formula injection', () => {
    const rows = parseCsv(renderCaseReport(buildCaseReport(sampleCase()), 'csv') as string);
    const messages = rows.map((row) => row[TIMELINE_CSV_COLUMNS.indexOf('message')]);
    expect(messages).toContain(`'${FORMULA_MESSAGE}`);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+@]/);
  });

  it('lists only the cited events of a large case', () => {
    const report = buildCaseReport(bigCase(600));
    expect(parseCsv(renderCaseReport(report, 'csv') as string)).toHaveLength(report.timeline.length + 1);
    expect(report.timeline).toHaveLength(4);
  });
});
