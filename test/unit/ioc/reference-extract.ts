/**
 * The indicator extraction of round 1, kept as a test oracle: it runs every pattern over every text, without the
 * pre-filters of src/engine/ioc/extract.ts, which must find exactly the same indicators.
 */
import { classifyIpv4, classifyIpv6, formatIpv6, hostIndicator, MAX_SCAN_CHARS, parseIpv4, parseIpv6, type ExtractedIndicator } from '../../../src/engine/ioc';
import { FILE_EXTENSION_TLDS, TLDS } from '../../../src/engine/ioc/tlds';
import type { IndicatorType } from '../../../src/engine/case/indicator';

const REFANG_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bh(?:xx|XX|xX|Xx)p(s?)(?=\[?:)/g, 'http$1'],
  [/\bfxp(?=\[?:)/gi, 'ftp'],
  [/\[:\/\/\]|\[:\]\/\//g, '://'],
  [/\s?[[({](?:\.|dot)[\])}]\s?/gi, '.'],
  [/\[:\]/g, ':'],
  [/\s?[[({](?:@|at)[\])}]\s?/gi, '@'],
];

function referenceRefang(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REFANG_RULES) out = out.replace(pattern, replacement);
  return out;
}

const URL_RE = /\b(?:https?|ftp|hxxps?|fxp):\/\/[^\s"'<>`{}|\\^[\]]+/gi;
const EMAIL_RE = /(?<![\w.%+-])[a-z0-9._%+-]{1,64}@(?:[a-z0-9-]{1,63}\.)+[a-z]{2,63}(?![\w-])/gi;
const IPV4_RE = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\d|\.\d)/g;
const IPV6_RE = /(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{1,4})?(?![\w:])/gi;
const HASH_RE = /(?<![0-9a-z])[0-9a-f]{32,64}(?![0-9a-z])/gi;
const DOMAIN_RE = /(?<![\w.@$%\\/-])(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})(?![\w-]|\.[a-z0-9])/gi;
const HASH_TYPES: Record<number, IndicatorType> = { 32: 'md5', 40: 'sha1', 64: 'sha256' };

/** `extractIndicators` as round 1 wrote it: every pattern over every text. */
export function referenceExtract(text: string): ExtractedIndicator[] {
  return scanIndicators(referenceRefang(text));
}

/** Finds indicators in text as written; spans index into `text`. */
function scanIndicators(input: string, maxChars = MAX_SCAN_CHARS): ExtractedIndicator[] {
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

  for (const match of text.matchAll(URL_RE)) {
    const raw = trimUrl(match[0]);
    const url = canonicalUrl(raw);
    if (!url) continue;
    const start = match.index;
    keep({ type: 'url', value: url.value, start, end: start + raw.length }, true);
    if (url.host) found.push({ ...url.host, start, end: start + raw.length });
  }
  for (const match of text.matchAll(EMAIL_RE)) {
    const start = match.index;
    const end = start + match[0].length;
    const domain = match[0].slice(match[0].indexOf('@') + 1).toLowerCase();
    if (free(start, end) && TLDS.has(domain.slice(domain.lastIndexOf('.') + 1))) {
      keep({ type: 'email', value: match[0].toLowerCase(), start, end }, true);
    }
  }
  for (const match of text.matchAll(IPV4_RE)) {
    const start = match.index;
    const end = start + match[0].length;
    const value = parseIpv4(match[0]);
    if (value !== undefined && free(start, end)) keep({ type: 'ipv4', value: match[0], scope: classifyIpv4(value), start, end });
  }
  if (text.includes(':')) {
    for (const match of text.matchAll(IPV6_RE)) {
      const start = match.index;
      const end = start + match[0].length;
      const groups = plausibleIpv6(match[0]) ? parseIpv6(match[0]) : undefined;
      if (!groups || groups.every((group) => group === 0) || !free(start, end)) continue;
      keep({ type: 'ipv6', value: formatIpv6(groups), scope: classifyIpv6(groups), start, end });
    }
  }
  for (const match of text.matchAll(HASH_RE)) {
    const type = HASH_TYPES[match[0].length];
    const start = match.index;
    if (!type || !looksLikeHash(match[0]) || /IMPHASH=$/i.test(text.slice(Math.max(0, start - 8), start))) continue;
    keep({ type, value: match[0].toLowerCase(), start, end: start + match[0].length });
  }
  for (const match of text.matchAll(DOMAIN_RE)) {
    const start = match.index;
    const end = start + match[0].length;
    if (free(start, end) && isDomainInProse(match[0], text[end])) {
      keep({ type: 'domain', value: match[0].toLowerCase(), start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
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
