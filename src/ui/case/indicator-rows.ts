/**
 * Row order, filtering and paging of the indicator table. Pure, so the order an analyst relies on is tested:
 * by default the worst reputation first, then the most seen, which is the order a triage reads them in.
 */
import type { IndicatorTier, IndicatorType } from '../../engine/case';
import type { ReportIndicator } from '../../engine/report';

export type IndicatorSortColumn = 'tier' | 'type' | 'defanged' | 'count' | 'first_seen' | 'last_seen';

export interface IndicatorSort {
  column: IndicatorSortColumn;
  descending: boolean;
}

export const DEFAULT_INDICATOR_SORT: IndicatorSort = { column: 'tier', descending: true };

/** Reputation severity, highest first when sorted descending; `unknown` is below `benign` because it says nothing. */
const TIER_RANK: Record<IndicatorTier, number> = { unknown: 0, benign: 1, low: 2, medium: 3, high: 4, critical: 5 };

export function indicatorKeyOf(indicator: Pick<ReportIndicator, 'type' | 'value'>): string {
  return `${indicator.type}:${indicator.value}`;
}

function compareText(a: string | null, b: string | null): number {
  // Absent times sort before present ones, as absent event times do on the timeline.
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function compareColumn(a: ReportIndicator, b: ReportIndicator, column: IndicatorSortColumn): number {
  switch (column) {
    case 'tier':
      return (TIER_RANK[a.tier] ?? 0) - (TIER_RANK[b.tier] ?? 0);
    case 'count':
      return a.count - b.count;
    case 'type':
    case 'defanged':
    case 'first_seen':
    case 'last_seen':
      return compareText(a[column], b[column]);
  }
}

/**
 * Sorts by the chosen column, then by count (most seen first) and by key, so rows never swap places between two
 * live updates that change nothing about them.
 */
export function sortIndicators(rows: readonly ReportIndicator[], sort: IndicatorSort): ReportIndicator[] {
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort(
    (a, b) =>
      sign * compareColumn(a, b, sort.column) ||
      b.count - a.count ||
      compareText(indicatorKeyOf(a), indicatorKeyOf(b)),
  );
}

/** Clicking the sorted column flips it; another column starts in the direction its values are read in. */
export function nextSort(current: IndicatorSort, column: IndicatorSortColumn): IndicatorSort {
  if (current.column === column) return { column, descending: !current.descending };
  const descendingFirst = column === 'tier' || column === 'count' || column === 'last_seen';
  return { column, descending: descendingFirst };
}

export function filterIndicators(rows: readonly ReportIndicator[], type: IndicatorType | 'all'): ReportIndicator[] {
  return type === 'all' ? [...rows] : rows.filter((row) => row.type === type);
}

/** Types present in the case, in a fixed order, each with its row count: the filter offers only what exists. */
export function indicatorTypeCounts(rows: readonly ReportIndicator[]): Array<{ type: IndicatorType; count: number }> {
  const order: IndicatorType[] = ['ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256'];
  const counts = new Map<IndicatorType, number>();
  for (const row of rows) counts.set(row.type, (counts.get(row.type) ?? 0) + 1);
  const rank = (type: IndicatorType): number => (order.includes(type) ? order.indexOf(type) : order.length);
  return [...counts.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : 1))
    .map(([type, count]) => ({ type, count }));
}

/** `aria-sort` value of a column header (WAI-ARIA 1.2, sortable table pattern). */
export function ariaSort(sort: IndicatorSort, column: IndicatorSortColumn): 'ascending' | 'descending' | 'none' {
  if (sort.column !== column) return 'none';
  return sort.descending ? 'descending' : 'ascending';
}

/** Matches the false-positive finder lists: a short list to pick from, not a dump of every indicator. */
export const INDICATOR_FINDER_RESULTS = 8;

/**
 * Indicators whose defanged or canonical value contains `query` (case-insensitive), in the order of `rows`, at most
 * `limit`. An analyst may type either form ("evil.com" or "evil[.]com"); only defanged text is displayed.
 */
export function findIndicators<T extends Pick<ReportIndicator, 'defanged' | 'value'>>(
  rows: readonly T[],
  query: string,
  limit = INDICATOR_FINDER_RESULTS,
): T[] {
  const wanted = query.trim().toLowerCase();
  const found: T[] = [];
  for (const row of rows) {
    if (found.length >= limit) break;
    if (!wanted || row.defanged.toLowerCase().includes(wanted) || row.value.toLowerCase().includes(wanted)) found.push(row);
  }
  return found;
}
