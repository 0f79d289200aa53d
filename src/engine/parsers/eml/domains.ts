import { MAX_URL_CHARS } from './limits';

/**
 * Second-level labels under which country-code registries sell names (`example.co.uk`, `example.com.br`). Without
 * the whole Public Suffix List this covers the common case: the registrable domain is the last two labels, or three
 * when the second-to-last is one of these under a two-letter country code.
 */
const COUNTRY_SECOND_LEVELS = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'or', 'ne', 'go', 'gob', 'mil', 'nic', 'ltd', 'plc', 'sch', 'me']);

/** The registrable part of a host name (`mail.example.co.uk` -> `example.co.uk`); IP literals stay as they are. */
export function registrableDomain(host: string): string {
  const bare = host.toLowerCase().replace(/\.$/, '');
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(bare) || bare.includes(':')) return bare;
  const labels = bare.split('.');
  if (labels.length <= 2) return bare;
  const tld = labels[labels.length - 1];
  const second = labels[labels.length - 2];
  const keep = tld.length === 2 && COUNTRY_SECOND_LEVELS.has(second) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/**
 * The domain of an address (`user@Example.COM` -> `example.com`), or '' when it has none. Trailing `>` and blanks
 * are cut by a loop from the end: `/[>\s]+$/` retries at every `>` of a run that does not end the text, which took
 * a minute on a 200 kB Delivered-To.
 */
export function addressDomain(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return '';
  const domain = address.slice(at + 1).trim();
  return trimTrailing(domain, /[>\s]/).toLowerCase();
}

/**
 * `text` without the characters at its end that `single` (a pattern for one character) matches, in one pass from
 * the end. Anchored patterns such as `/[.,;:!?]+$/` are quadratic: the engine retries at every character of a run
 * that does not end the text, and a URL or address can be made of nothing but such a run.
 */
function trimTrailing(text: string, single: RegExp): string {
  let end = text.length;
  while (end > 0 && single.test(text[end - 1])) end--;
  return text.slice(0, end);
}

/** A sentence's full stop or comma after a URL is not part of it. */
export function trimTrailingPunctuation(url: string): string {
  return trimTrailing(url, /[.,;:!?]/);
}

/** Extracts the bare address from a header value such as `<a@b>` or `Name <a@b>`. */
export function bareAddress(value: string): string {
  const angle = /<([^<>]*)>/.exec(value);
  return (angle ? angle[1] : value).trim().toLowerCase();
}

/** Host of an absolute http(s)/ftp URL, lower case, without port or userinfo; undefined for other schemes. */
export function urlHost(url: string): string | undefined {
  const match = /^(?:https?|ftp):\/\/(?:[^@/?#\\]*@)?(\[[0-9a-f:.]+\]|[^:/?#\\]+)/i.exec(url);
  if (!match) return undefined;
  const host = match[1].toLowerCase().replace(/\.$/, '');
  return host.length > 0 && host.length <= 253 ? host : undefined;
}

/**
 * A link target as clicked: entities already decoded, whitespace removed (browsers drop tabs and newlines inside
 * URLs), a protocol-relative `//host` read as https, cut to `MAX_URL_CHARS`.
 */
export function cleanUrl(raw: string): string {
  let url = raw.replace(/[\t\n\r]/g, '').trim();
  if (url.startsWith('//')) url = `https:${url}`;
  return url.length > MAX_URL_CHARS ? url.slice(0, MAX_URL_CHARS) : url;
}

/** Visible link text that is an address itself: `www.example.com`, `https://example.com/login`, `example.com/x`. */
const ADDRESS_TEXT = /^(?:(?:https?|ftp):\/\/)?(?:[^@\s/]+@)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,24}))(?::\d{1,5})?(?:[/?#]\S*)?$/i;

/**
 * The host a link's visible text shows, when the whole text reads as an address, not prose that mentions one; the
 * last label must be a real top-level domain, which keeps file names such as `invoice.pdf` out.
 */
export function hostNamedByText(text: string, isTld: (label: string) => boolean): string | undefined {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 300) return undefined;
  const match = ADDRESS_TEXT.exec(trimmed);
  if (!match || !isTld(match[2].toLowerCase())) return undefined;
  return match[1].toLowerCase();
}
