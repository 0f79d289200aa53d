import { MAX_INDICATOR_EVENT_REFS, indicatorKey, type Indicator } from '../case/indicator';
import type { NormalizedEvent } from '../events';
import { defang } from './fang';
import { extractIndicators, hostIndicator, type ExtractedIndicator } from './extract';

/** Fields that hold exactly one host name, so a value like `setup.zip` there is a domain, not a file. */
const HOST_FIELDS: ReadonlySet<string> = new Set([
  'QueryName', 'DestinationHostname', 'SourceHostname', 'query', 'dns.question.name', 'cs-host', 'r-dns',
  'dst_host', 'src_host', 'url.domain', 'destination.domain',
]);

/**
 * Collects a case's indicators: deduplicated by type and canonical value, each linked to the events it was seen in.
 * `count` is the number of events mentioning it; `eventIds` keeps the first `MAX_INDICATOR_EVENT_REFS` of them.
 */
export class IndicatorCollector {
  private readonly byKey = new Map<string, Indicator>();

  get size(): number {
    return this.byKey.size;
  }

  add(event: NormalizedEvent): void {
    const seen = new Set<string>();
    const texts = new Set<string>();
    if (event.message) texts.add(event.message);
    for (const [name, value] of Object.entries(event.fields)) {
      if (typeof value !== 'string' || value.length === 0) continue;
      if (HOST_FIELDS.has(name)) {
        const host = hostIndicator(value.trim());
        if (host) this.record(host, event, seen);
      }
      texts.add(value);
    }
    for (const text of texts) for (const found of extractIndicators(text)) this.record(found, event, seen);
  }

  /** In first-seen order. */
  list(): Indicator[] {
    return [...this.byKey.values()].map((indicator) => ({ ...indicator, eventIds: [...indicator.eventIds] }));
  }

  private record(found: Omit<ExtractedIndicator, 'start' | 'end'>, event: NormalizedEvent, seen: Set<string>): void {
    const key = indicatorKey(found.type, found.value);
    if (seen.has(key)) return;
    seen.add(key);
    let indicator = this.byKey.get(key);
    if (!indicator) {
      indicator = {
        type: found.type,
        value: found.value,
        defanged: defang(found.type, found.value),
        eventIds: [],
        count: 0,
        firstSeen: null,
        lastSeen: null,
        tier: 'unknown',
        sources: [],
      };
      if (found.scope) indicator.scope = found.scope;
      this.byKey.set(key, indicator);
    }
    indicator.count++;
    if (indicator.eventIds.length < MAX_INDICATOR_EVENT_REFS) indicator.eventIds.push(event.id);
    if (event.ts) {
      if (indicator.firstSeen === null || event.ts < indicator.firstSeen) indicator.firstSeen = event.ts;
      if (indicator.lastSeen === null || event.ts > indicator.lastSeen) indicator.lastSeen = event.ts;
    }
  }
}
