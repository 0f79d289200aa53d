import { MAX_INDICATOR_EVENT_REFS, indicatorKey, type Indicator } from '../case/indicator';
import type { NormalizedEvent } from '../events';
import { defang } from './fang';
import { extractIndicators, hostIndicator, type ExtractedIndicator } from './extract';

/** Fields that hold exactly one host name, so a value like `setup.zip` there is a domain, not a file. */
const HOST_FIELDS: ReadonlySet<string> = new Set([
  'QueryName', 'DestinationHostname', 'SourceHostname', 'query', 'dns.question.name', 'cs-host', 'r-dns',
  'dst_host', 'src_host', 'url.domain', 'destination.domain',
  // mail senders (src/engine/parsers/eml/README.md) and names seen in captures (TLS SNI, HTTP Host)
  'from_domain', 'reply_to_domain', 'return_path_domain', 'server_name', 'host',
]);

/**
 * Fields whose values look like indicators but are not evidence: a Message-ID's hex local part is no MD5, and the
 * Received chain and authentication headers name the recipient's own relays and private addresses on every mail
 * (the sender's first external hop is kept as `originating_ip`).
 */
const SKIPPED_FIELDS: Readonly<Partial<Record<NormalizedEvent['source'], ReadonlySet<string>>>> = {
  eml: new Set(['message_id', 'received', 'authentication_results', 'received_spf', 'arc_result']),
};

/**
 * Texts remembered with their indicators, per generation. Logs repeat the same values (image paths, host and user
 * names, command lines of services) thousands of times; remembering them skips the patterns for all but the first.
 */
export const MAX_REMEMBERED_TEXTS = 4096;
/** Longer texts are scanned every time: they rarely repeat, and the memory of the cache stays bounded. */
export const MAX_REMEMBERED_TEXT_CHARS = 1024;

/** An extracted indicator without its span, with its collector key built once. */
interface FoundIndicator {
  key: string;
  type: ExtractedIndicator['type'];
  value: string;
  scope?: ExtractedIndicator['scope'];
}

const NONE: readonly FoundIndicator[] = Object.freeze([]);

function found(indicator: Omit<ExtractedIndicator, 'start' | 'end'>): FoundIndicator {
  const entry: FoundIndicator = { key: indicatorKey(indicator.type, indicator.value), type: indicator.type, value: indicator.value };
  if (indicator.scope) entry.scope = indicator.scope;
  return entry;
}

/**
 * Whether `extractIndicators` can find anything: refanging only turns bracketed forms into `.`, `:` or `@`, and
 * every indicator needs one of those or is a hash of 32 hex digits or more.
 */
function couldHoldIndicator(text: string): boolean {
  if (text.length < 4) return false;
  if (text.length >= 32) return true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // . : @ [ ( {
    if (code === 46 || code === 58 || code === 64 || code === 91 || code === 40 || code === 123) return true;
  }
  return false;
}

/**
 * Collects a case's indicators: deduplicated by type and canonical value, each linked to the events it was seen in.
 * `count` is the number of events mentioning it; `eventIds` keeps the first `MAX_INDICATOR_EVENT_REFS` of them.
 */
export class IndicatorCollector {
  private readonly byKey = new Map<string, Indicator>();
  /** Keys recorded for the current event, so an indicator counts once per event. */
  private readonly seen = new Set<string>();
  /** The string values of the current event, gathered in the same pass that reads its host fields. */
  private readonly texts: string[] = [];
  /** Two generations: when the newer fills up it becomes the older, so texts still in use survive a turnover. */
  private recent = new Map<string, readonly FoundIndicator[]>();
  private older = new Map<string, readonly FoundIndicator[]>();

  get size(): number {
    return this.byKey.size;
  }

  /**
   * Host fields first, then the message and every string field in order. A text seen before in the event adds no
   * indicator (they were counted for this event already), so repeated texts are not de-duplicated up front.
   */
  add(event: NormalizedEvent): void {
    this.seen.clear();
    const texts = this.texts;
    texts.length = 0;
    const fields = event.fields;
    const skipped = SKIPPED_FIELDS[event.source];
    for (const name in fields) {
      const value = fields[name];
      if (typeof value !== 'string' || value.length === 0) continue;
      if (skipped !== undefined && skipped.has(name)) continue;
      texts.push(value);
      if (!HOST_FIELDS.has(name)) continue;
      const host = hostIndicator(value.trim());
      if (host) this.record(found(host), event);
    }
    if (event.message) this.recordAll(event.message, event);
    for (let i = 0; i < texts.length; i++) this.recordAll(texts[i], event);
  }

  /** In first-seen order. */
  list(): Indicator[] {
    return [...this.byKey.values()].map((indicator) => ({ ...indicator, eventIds: [...indicator.eventIds] }));
  }

  private recordAll(text: string, event: NormalizedEvent): void {
    const indicators = this.indicatorsOf(text);
    for (let i = 0; i < indicators.length; i++) this.record(indicators[i], event);
  }

  private indicatorsOf(text: string): readonly FoundIndicator[] {
    if (!couldHoldIndicator(text)) return NONE;
    if (text.length > MAX_REMEMBERED_TEXT_CHARS) return extractFound(text);
    let indicators = this.recent.get(text);
    if (indicators !== undefined) return indicators;
    indicators = this.older.get(text) ?? extractFound(text);
    if (this.recent.size >= MAX_REMEMBERED_TEXTS) {
      this.older = this.recent;
      this.recent = new Map();
    }
    this.recent.set(text, indicators);
    return indicators;
  }

  private record(indicatorFound: FoundIndicator, event: NormalizedEvent): void {
    const key = indicatorFound.key;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    let indicator = this.byKey.get(key);
    if (!indicator) {
      indicator = {
        type: indicatorFound.type,
        value: indicatorFound.value,
        defanged: defang(indicatorFound.type, indicatorFound.value),
        eventIds: [],
        count: 0,
        firstSeen: null,
        lastSeen: null,
        tier: 'unknown',
        sources: [],
      };
      if (indicatorFound.scope) indicator.scope = indicatorFound.scope;
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

function extractFound(text: string): readonly FoundIndicator[] {
  const extracted = extractIndicators(text);
  return extracted.length === 0 ? NONE : extracted.map(found);
}
