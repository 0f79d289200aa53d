/** Indicators of compromise as the case holds them. Values are canonical (refanged); `defanged` is for display. */

export type IndicatorType = 'ipv4' | 'ipv6' | 'domain' | 'url' | 'email' | 'md5' | 'sha1' | 'sha256';

/** `reserved`: loopback, link-local, multicast, documentation, benchmarking and other special-purpose ranges. */
export type IpScope = 'public' | 'private' | 'reserved';

/** Reputation tier: from enrichment when it is on, `unknown` otherwise (never guessed). */
export type IndicatorTier = 'critical' | 'high' | 'medium' | 'low' | 'benign' | 'unknown';

/** One intel source's answer about one indicator (filled by the enrichment issue). */
export interface SourceVerdict {
  source: string;
  tier: IndicatorTier;
  detail: string;
  /** ISO-8601 time of the answer. */
  at: string;
  link?: string;
}

export interface Indicator {
  type: IndicatorType;
  /** Canonical value: refanged, domains and hashes lower-case, IPv6 compressed. */
  value: string;
  /** Safe to show: `hxxp://evil[.]com`, `1.2.3[.]4`. */
  defanged: string;
  /** IP addresses only. */
  scope?: IpScope;
  /** Ids of the events where it was seen, in first-seen order, capped at `MAX_INDICATOR_EVENT_REFS`. */
  eventIds: string[];
  /** Every occurrence, including those beyond the cap. */
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
  tier: IndicatorTier;
  sources: SourceVerdict[];
  /** Set by the analyst or the history store: a known false positive. */
  falsePositive?: boolean;
}

export const MAX_INDICATOR_EVENT_REFS = 500;

export function indicatorKey(type: IndicatorType, value: string): string {
  return `${type}:${value}`;
}
