import type { IndicatorType, IpScope } from '../case/indicator';
import { refang } from './fang';
import { classifyIpv4, classifyIpv6, formatIpv6, parseIpv4, parseIpv6 } from './ip';
import { FILE_EXTENSION_TLDS, TLDS } from './tlds';

export interface ExtractedIndicator {
  type: IndicatorType;
  /** Canonical value. */
  value: string;
  scope?: IpScope;
  /** Span in the scanned text (after refanging, when `extractIndicators` refanged it). */
  start: number;
  end: number;
}

/** Text longer than this is scanned only up to it: one hostile 100 MB field must not stall the case. */
export const MAX_SCAN_CHARS = 256 * 1024;

const URL_RE = /\b(?:https?|ftp|hxxps?|fxp):\/\/[^\s"'<>`{}|\\^[\]]+/gi;
const EMAIL_RE = /(?<![\w.%+-])[a-z0-9._%+-]{1,64}@(?:[a-z0-9-]{1,63}\.)+[a-z]{2,63}(?![\w-])/gi;
const IPV4_RE = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\d|\.\d)/g;
const IPV6_RE = /(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{1,4})?(?![\w:])/gi;
const HASH_RE = /(?<![0-9a-z])[0-9a-f]{32,64}(?![0-9a-z])/gi;
const DOMAIN_RE = /(?<![\w.@$%\\/-])(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})(?![\w-]|\.[a-z0-9])/gi;
const HASH_TYPES: Record<number, IndicatorType> = { 32: 'md5', 40: 'sha1', 64: 'sha256' };
/** Shortest hash (MD5, 32 hex digits): text without such a run of hex digits cannot hold one. */
const MIN_HASH_CHARS = 32;

/** Finds indicators in text after undoing defanging. */
export function extractIndicators(text: string): ExtractedIndicator[] {
  return scanIndicators(refang(text));
}

/** Finds indicators in text as written; spans index into `text`. */
export function scanIndicators(input: string, maxChars = MAX_SCAN_CHARS): ExtractedIndicator[] {
  const text = input.length > maxChars ? input.slice(0, maxChars) : input;
  if (!mayHoldIndicator(text)) return [];
  const found: ExtractedIndicator[] = [];
  // URL and mail spans hide what lies inside them (the host of a URL is added with the URL itself); a mask keeps
  // the overlap test linear however many indicators a hostile line holds.
  let mask: Uint8Array | undefined;
  const free = (start: number, end: number): boolean => !mask || (mask[start] === 0 && mask[end - 1] === 0);
  const keep = (indicator: ExtractedIndicator, hides = false): void => {
    found.push(indicator);
    if (!hides) return;
    mask ??= new Uint8Array(text.length);
    mask.fill(1, indicator.start, indicator.end);
  };
  // Each pattern runs only when the text has the characters every match of it needs, so the usual field value
  // (a path, a number, a time) is looked at by one or two patterns instead of six.
  let match: RegExpExecArray | null;
  if (text.includes('://')) {
    URL_RE.lastIndex = 0;
    while ((match = URL_RE.exec(text)) !== null) {
      const raw = trimUrl(match[0]);
      const url = canonicalUrl(raw);
      if (!url) continue;
      const start = match.index;
      keep({ type: 'url', value: url.value, start, end: start + raw.length }, true);
      if (url.host) found.push({ ...url.host, start, end: start + raw.length });
    }
  }
  if (text.includes('@')) {
    EMAIL_RE.lastIndex = 0;
    while ((match = EMAIL_RE.exec(text)) !== null) {
      const start = match.index;
      const end = start + match[0].length;
      const domain = match[0].slice(match[0].indexOf('@') + 1).toLowerCase();
      if (free(start, end) && TLDS.has(domain.slice(domain.lastIndexOf('.') + 1))) {
        keep({ type: 'email', value: match[0].toLowerCase(), start, end }, true);
      }
    }
  }
  if (occursAtLeast(text, '.', 3)) {
    IPV4_RE.lastIndex = 0;
    while ((match = IPV4_RE.exec(text)) !== null) {
      const start = match.index;
      const end = start + match[0].length;
      const value = parseIpv4(match[0]);
      if (value !== undefined && free(start, end)) keep({ type: 'ipv4', value: match[0], scope: classifyIpv4(value), start, end });
    }
  }
  // plausibleIpv6 keeps a match only with `::` in it or seven groups.
  if (text.includes('::') || occursAtLeast(text, ':', 6)) {
    IPV6_RE.lastIndex = 0;
    while ((match = IPV6_RE.exec(text)) !== null) {
      const start = match.index;
      const end = start + match[0].length;
      const groups = plausibleIpv6(match[0]) ? parseIpv6(match[0]) : undefined;
      if (!groups || groups.every((group) => group === 0) || !free(start, end)) continue;
      keep({ type: 'ipv6', value: formatIpv6(groups), scope: classifyIpv6(groups), start, end });
    }
  }
  if (hasHexRun(text, MIN_HASH_CHARS)) {
    HASH_RE.lastIndex = 0;
    while ((match = HASH_RE.exec(text)) !== null) {
      const type = HASH_TYPES[match[0].length];
      const start = match.index;
      if (!type || !looksLikeHash(match[0]) || /IMPHASH=$/i.test(text.slice(Math.max(0, start - 8), start))) continue;
      keep({ type, value: match[0].toLowerCase(), start, end: start + match[0].length });
    }
  }
  if (mayHoldDomain(text)) {
    DOMAIN_RE.lastIndex = 0;
    while ((match = DOMAIN_RE.exec(text)) !== null) {
      const start = match.index;
      const end = start + match[0].length;
      if (free(start, end) && isDomainInProse(match[0], text[end])) {
        keep({ type: 'domain', value: match[0].toLowerCase(), start, end });
      }
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

const isHexDigit = (code: number): boolean => (code >= 48 && code <= 57) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);

/** Whether `length` hex digits follow each other somewhere: HASH_RE needs as many. */
function hasHexRun(text: string, length: number): boolean {
  if (text.length < length) return false;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isHexDigit(text.charCodeAt(i))) run = 0;
    else if (++run >= length) return true;
  }
  return false;
}

function occursAtLeast(text: string, char: string, times: number): boolean {
  let at = -1;
  for (let seen = 0; seen < times; seen++) {
    at = text.indexOf(char, at + 1);
    if (at < 0) return false;
  }
  return true;
}

const isAsciiLetter = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
const isWordOrHyphen = (code: number): boolean => isAsciiLetter(code) || (code >= 48 && code <= 57) || code === 95 || code === 45;

/**
 * Whether DOMAIN_RE can find a domain that `isDomainInProse` keeps. Such a match ends in `.tld`: an ASCII letter run
 * of 2 to 63 after a dot, not followed by a word character or hyphen (the pattern's look-ahead; a shorter run would
 * be followed by a letter), and the run must be a real TLD. `xn--` TLDs are left to the pattern itself.
 */
function mayHoldDomain(text: string): boolean {
  let dot = text.indexOf('.');
  if (dot < 0) return false;
  if (/xn--/i.test(text)) return true;
  for (; dot >= 0; dot = text.indexOf('.', dot + 1)) {
    let end = dot + 1;
    while (end < text.length && isAsciiLetter(text.charCodeAt(end))) end++;
    const length = end - dot - 1;
    if (length < 2 || length > 63) continue;
    if (end < text.length && isWordOrHyphen(text.charCodeAt(end))) continue;
    if (TLDS.has(text.slice(dot + 1, end).toLowerCase())) return true;
  }
  return false;
}

/** Full eight-group form, or compressed with enough digits that `a::b` in prose is not taken; `::1` is loopback. */
function plausibleIpv6(text: string): boolean {
  if (text === '::1') return true;
  if (!text.includes('::')) return text.split(':').length >= 7;
  return text.replace(/[^0-9a-f]/gi, '').length >= 3;
}

/** Cheap pre-filter: most field values (numbers, short words) hold no indicator and skip every regex. */
function mayHoldIndicator(text: string): boolean {
  return text.length >= 4 && (text.length >= 32 || text.includes('.') || text.includes(':') || text.includes('@'));
}

/** A hash has hex letters and digits and is not one repeated character (zeroed hashes fill empty fields). */
function looksLikeHash(hex: string): boolean {
  return /[0-9]/.test(hex) && /[a-f]/i.test(hex) && !/^(.)\1*$/.test(hex);
}

/**
 * Domain-shaped words in free text are often code or file names: `System.IO.File`, `invoice.zip`, `$obj.Run(`.
 * Real host names are written in one case, are not called like methods, and a file-extension TLD needs 3 labels.
 */
function isDomainInProse(candidate: string, next: string | undefined): boolean {
  const labels = candidate.split('.');
  const tldAsWritten = labels[labels.length - 1];
  const tld = tldAsWritten.toLowerCase();
  if (!TLDS.has(tld)) return false;
  if (next === '(') return false;
  if (/^[A-Z][a-z]/.test(tldAsWritten) || labels.some((label) => /[a-z][A-Z]/.test(label))) return false;
  if (FILE_EXTENSION_TLDS.has(tld) && labels.length < 3) return false;
  return !labels.slice(0, -1).every((label) => /^\d+$/.test(label));
}

/** Validates a whole value as a host name, for fields that can only hold one (DNS query names, URL hosts). */
export function hostIndicator(host: string): Omit<ExtractedIndicator, 'start' | 'end'> | undefined {
  const bare = host.replace(/\.$/, '').toLowerCase();
  const v4 = parseIpv4(bare);
  if (v4 !== undefined) return { type: 'ipv4', value: bare, scope: classifyIpv4(v4) };
  if (bare.startsWith('[') && bare.endsWith(']')) {
    const groups = parseIpv6(bare.slice(1, -1));
    return groups ? { type: 'ipv6', value: formatIpv6(groups), scope: classifyIpv6(groups) } : undefined;
  }
  if (bare.length > 253 || !/^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(bare)) {
    return undefined;
  }
  return TLDS.has(bare.slice(bare.lastIndexOf('.') + 1)) ? { type: 'domain', value: bare } : undefined;
}

/** URLs end where prose resumes: drop trailing punctuation and an unbalanced closing parenthesis. */
function trimUrl(raw: string): string {
  let url = raw;
  while (/[.,;:!?'")]$/.test(url)) {
    if (url.endsWith(')') && (url.match(/\(/g)?.length ?? 0) >= (url.match(/\)/g)?.length ?? 0)) break;
    url = url.slice(0, -1);
  }
  return url;
}

function canonicalUrl(raw: string): { value: string; host?: Omit<ExtractedIndicator, 'start' | 'end'> } | undefined {
  const match = /^([a-z]+):\/\/(?:[^@/?#]*@)?(\[[0-9a-f:.]+\]|[^:/?#]+)(.*)$/i.exec(raw);
  if (!match) return undefined;
  const scheme = match[1].toLowerCase().replace(/^hxxp/, 'http').replace(/^fxp$/, 'ftp');
  const host = hostIndicator(match[2]);
  if (!host) return undefined;
  const shownHost = host.type === 'ipv6' ? `[${host.value}]` : host.value;
  const userinfo = raw.slice(match[1].length + 3, raw.length - match[2].length - match[3].length);
  return { value: `${scheme}://${userinfo}${shownHost}${match[3]}`, host };
}
