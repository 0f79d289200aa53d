import type { Indicator } from '../../engine/case';
import type { CaseReport } from '../../engine/report';

/**
 * After a reload the live indicator snapshots are gone, but the stored case document lists every indicator:
 * the list is rebuilt from it.
 */
export function indicatorsOfReport(report: CaseReport | null): Indicator[] {
  if (!report) return [];
  return report.indicators.map((indicator) => {
    const item: Indicator = {
      type: indicator.type,
      value: indicator.value,
      defanged: indicator.defanged,
      eventIds: indicator.event_ids,
      count: indicator.count,
      firstSeen: indicator.first_seen,
      lastSeen: indicator.last_seen,
      tier: indicator.tier,
      sources: indicator.sources,
    };
    if (indicator.scope) item.scope = indicator.scope;
    if (indicator.false_positive) item.falsePositive = true;
    return item;
  });
}
