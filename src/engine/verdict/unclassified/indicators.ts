import { indicatorKey, type Indicator } from '../../case';
import type { Candidate } from './candidate';

/**
 * Indicators that enrichment rates critical or high but that appear in no attested event: reputation says bad, no
 * rule says why. Known false positives are left out.
 */
export function uncoveredIndicatorCandidates(indicators: readonly Indicator[], attested: ReadonlySet<string>): Candidate[] {
  const found: Candidate[] = [];
  for (const indicator of indicators) {
    if ((indicator.tier !== 'critical' && indicator.tier !== 'high') || indicator.falsePositive) continue;
    if (indicator.eventIds.some((id) => attested.has(id))) continue;
    const key = indicatorKey(indicator.type, indicator.value);
    const sources = [...new Set(indicator.sources.filter((s) => s.tier === indicator.tier).map((s) => s.source))];
    for (const eventId of indicator.eventIds) {
      found.push({
        group: `rated-indicator:${key}`,
        severity: indicator.tier === 'critical' ? 'high' : 'medium',
        reason: () => `${indicator.type} ${indicator.defanged} is rated ${indicator.tier}${sources.length ? ` by ${sources.join(', ')}` : ''} and was seen ${indicator.count === 1 ? 'once' : `${indicator.count} times`}, but no rule matched an event where it appears.`,
        eventId,
        indicators: [key],
      });
    }
  }
  return found;
}
