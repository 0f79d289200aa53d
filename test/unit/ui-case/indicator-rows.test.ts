import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INDICATOR_SORT,
  ariaSort,
  filterIndicators,
  findIndicators,
  indicatorKeyOf,
  indicatorTypeCounts,
  nextSort,
  sortIndicators,
} from '../../../src/ui/case/indicator-rows';
import { sampleReport } from './report-fixture';

const keys = (rows: ReturnType<typeof sortIndicators>): string[] => rows.map(indicatorKeyOf);

describe('sortIndicators', () => {
  const rows = sampleReport().indicators;

  it('puts the worst tier first by default, unknown last, most seen first within a tier', () => {
    expect(keys(sortIndicators(rows, DEFAULT_INDICATOR_SORT))).toEqual([
      'domain:evil.example.com',
      'ipv4:8.8.8.8',
      'ipv4:203.0.113.9',
      'url:http://evil.example.com/a.ps1',
    ]);
  });

  it('sorts by count ascending with ties broken by key', () => {
    expect(keys(sortIndicators(rows, { column: 'count', descending: false }))).toEqual([
      'url:http://evil.example.com/a.ps1',
      'domain:evil.example.com',
      'ipv4:203.0.113.9',
      'ipv4:8.8.8.8',
    ]);
  });

  it('sorts absent first-seen times before present ones when ascending', () => {
    expect(keys(sortIndicators(rows, { column: 'first_seen', descending: false }))[0]).toBe('ipv4:203.0.113.9');
  });

  it('does not reorder its input', () => {
    const before = keys(rows);
    sortIndicators(rows, { column: 'defanged', descending: true });
    expect(keys(rows)).toEqual(before);
  });
});

describe('nextSort and ariaSort', () => {
  it('flips the sorted column and starts others in their reading direction', () => {
    expect(nextSort({ column: 'tier', descending: true }, 'tier')).toEqual({ column: 'tier', descending: false });
    expect(nextSort({ column: 'tier', descending: true }, 'defanged')).toEqual({ column: 'defanged', descending: false });
    expect(nextSort({ column: 'tier', descending: false }, 'count')).toEqual({ column: 'count', descending: true });
  });
  it('reports the sort on the sorted header only', () => {
    expect(ariaSort({ column: 'count', descending: true }, 'count')).toBe('descending');
    expect(ariaSort({ column: 'count', descending: false }, 'count')).toBe('ascending');
    expect(ariaSort({ column: 'count', descending: true }, 'tier')).toBe('none');
  });
});

describe('filterIndicators and indicatorTypeCounts', () => {
  const rows = sampleReport().indicators;
  it('filters by type', () => {
    expect(filterIndicators(rows, 'ipv4').map((row) => row.value)).toEqual(['203.0.113.9', '8.8.8.8']);
    expect(filterIndicators(rows, 'all')).toHaveLength(rows.length);
    expect(filterIndicators(rows, 'sha256')).toEqual([]);
  });
  it('offers only the types present, in a fixed order, with their counts', () => {
    expect(indicatorTypeCounts(rows)).toEqual([
      { type: 'ipv4', count: 2 },
      { type: 'domain', count: 1 },
      { type: 'url', count: 1 },
    ]);
  });
});

describe('findIndicators', () => {
  const rows = sortIndicators(sampleReport().indicators, DEFAULT_INDICATOR_SORT);

  it('offers the first rows in the given order when nothing is typed, at most the limit', () => {
    expect(findIndicators(rows, '', 2).map(indicatorKeyOf)).toEqual(keys(rows).slice(0, 2));
  });

  it('matches the defanged or the canonical form, case-insensitively', () => {
    const defanged = findIndicators(rows, 'EVIL[.]example').map(indicatorKeyOf);
    const canonical = findIndicators(rows, 'evil.example').map(indicatorKeyOf);
    expect(defanged).toContain('domain:evil.example.com');
    expect(canonical).toEqual(defanged);
    expect(findIndicators(rows, 'no-such-indicator')).toEqual([]);
  });
});
