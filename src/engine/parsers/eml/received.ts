import { classifyIpv4, classifyIpv6, formatIpv6, parseIpv4, parseIpv6 } from '../../ioc';

/** One Received trace field (RFC 5321 4.4): who handed the message to whom, and when. */
export interface ReceivedHop {
  /** What follows `from`: the HELO name and the relay's own note of the connecting address. */
  fromText: string;
  /** The receiving host named after `by`. */
  byHost: string;
  /** Addresses of the sending side, in order written. */
  ips: string[];
  /** Whether any of `ips` is a public address. */
  publicIp?: string;
  /** The stamp after the last `;`, as ISO UTC, when it parses. */
  time?: string;
}

const IPV4_IN_TEXT = /(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.])/g;
/** IPv6 as relays write it: in brackets, parentheses, or after `IPv6:` (RFC 5321 4.1.3). */
const IPV6_IN_TEXT = /(?:\[|\(|IPv6:)([0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7})(?=[\])%\s])/gi;

/** An RFC 5322 date-time in UTC ISO form; comments such as `(UTC)` and doubled spaces are tolerated. */
export function isoTime(text: string): string | undefined {
  const cleaned = text.replace(/\([^()]*\)/g, ' ').replace(/\s+/g, ' ').trim();
  if (cleaned.length === 0 || cleaned.length > 100) return undefined;
  const ms = Date.parse(cleaned);
  if (!Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  return year >= 1970 && year < 10000 ? date.toISOString() : undefined;
}

export function parseReceived(value: string): ReceivedHop {
  const lower = value.toLowerCase();
  const fromAt = lower.startsWith('from ') ? 0 : lower.indexOf(' from ');
  const byAt = lower.indexOf(' by ', Math.max(0, fromAt));
  const semicolon = value.lastIndexOf(';');
  const fromText = fromAt < 0 ? '' : value.slice(fromAt + (fromAt === 0 ? 5 : 6), byAt < 0 ? (semicolon < 0 ? value.length : semicolon) : byAt).trim();
  const byHost = byAt < 0 ? '' : (/^\s*by\s+([^\s;()]+)/i.exec(value.slice(byAt))?.[1] ?? '').toLowerCase();
  const ips: string[] = [];
  let publicIp: string | undefined;
  for (const match of fromText.matchAll(IPV4_IN_TEXT)) {
    const number = parseIpv4(match[1]);
    if (number === undefined) continue;
    ips.push(match[1]);
    if (!publicIp && classifyIpv4(number) === 'public') publicIp = match[1];
  }
  for (const match of fromText.matchAll(IPV6_IN_TEXT)) {
    const groups = parseIpv6(match[1]);
    if (!groups) continue;
    const ip = formatIpv6(groups);
    ips.push(ip);
    if (!publicIp && classifyIpv6(groups) === 'public') publicIp = ip;
  }
  const hop: ReceivedHop = { fromText, byHost, ips };
  if (publicIp) hop.publicIp = publicIp;
  // RFC 5322 3.6.7 puts the date of a trace field after its last semicolon.
  const time = semicolon < 0 ? undefined : isoTime(value.slice(semicolon + 1));
  if (time) hop.time = time;
  return hop;
}

/**
 * The sending address of the earliest hop that names a public one: the machine that first handed the message to
 * the mail system. Relays add trace fields on top (RFC 5321 4.4), so the earliest is the lowest; hops below the
 * recipient's own gateway can be forged by the sender, which the README says where the field is described.
 */
export function originatingIp(hops: readonly ReceivedHop[]): string | undefined {
  for (let i = hops.length - 1; i >= 0; i--) if (hops[i].publicIp) return hops[i].publicIp;
  return undefined;
}
