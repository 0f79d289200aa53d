import { describe, expect, it } from 'vitest';
import { buildCaseReport, renderCaseReport } from '../../../src/engine/report';
import { sampleCase } from './fixtures';

describe('JSON report', () => {
  it('parses back to the report, events included, one event per line', () => {
    const report = buildCaseReport(sampleCase());
    const text = renderCaseReport(report, 'json') as string;
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
    const eventLines = text.split('\n').filter((line) => line.startsWith('    {"id":'));
    expect(eventLines).toHaveLength(report.events?.length ?? -1);
    expect(Object.keys(JSON.parse(text)).at(-1)).toBe('events');
  });

  it('parses back without events, and with an empty event list', () => {
    const without = buildCaseReport(sampleCase(), { includeEvents: false });
    expect(JSON.parse(renderCaseReport(without, 'json') as string)).toEqual(JSON.parse(JSON.stringify(without)));
    const empty = buildCaseReport({ ...sampleCase(), events: [] });
    expect(JSON.parse(renderCaseReport(empty, 'json') as string).events).toEqual([]);
  });

  it('is what the measuring tool reads: verdict and technique ids at the top level', () => {
    const parsed = JSON.parse(renderCaseReport(buildCaseReport(sampleCase()), 'json') as string);
    expect(parsed.verdict).toBe('incident');
    expect(parsed.techniques.map((t: { id: string }) => t.id)).toEqual(['T1059.001', 'T1566.001', 'T1053.005']);
  });
});
