import { FILE_EXTENSION_TLDS, TLDS } from '../../ioc/tlds';
import { cleanUrl, hostNamedByText, registrableDomain, trimTrailingPunctuation, urlHost } from './domains';
import type { HtmlScan } from './html';
import { MAX_LINKS, MAX_URL_CHARS } from './limits';

export interface LinkSummary {
  /** Every link target and URL written in the text, deduplicated, in order of appearance. */
  urls: string[];
  /** Hosts of `urls`, deduplicated. */
  domains: string[];
  /** `shown -> actual` for anchors whose visible text names another registrable domain than their target. */
  textMismatches: string[];
  formActions: string[];
  redirects: string[];
}

/** URLs in plain text, as RFC 3986 appendix C suggests finding them: a scheme, then no spaces, quotes or brackets. */
const TEXT_URL = /\b(?:https?|ftp):\/\/[^\s"'<>()[\]{}]+/gi;

/** A real top-level domain, but not one that is also a common file extension (`invoice.zip`, `movie.mov`). */
const isHostTld = (label: string): boolean => TLDS.has(label) && !FILE_EXTENSION_TLDS.has(label);

/**
 * Link-protection services of mail gateways rewrite every link to pass through them (Microsoft Safe Links, Proofpoint
 * URL Defense, Symantec Click-time, Barracuda, Mimecast, Cisco, Google's redirector). The target is the wrapped URL.
 */
const LINK_REWRITERS = /(?:^|\.)(?:safelinks\.protection\.outlook\.com|urldefense\.(?:proofpoint\.)?com|clicktime\.symantec\.com|linkprotect\.cudasvc\.com|mimecast\.com|secure-web\.cisco\.com|google\.com)$/;
const WRAPPED_PARAMETERS = ['url', 'u', 'a', 'q', 'target'];

/** The URL a gateway's rewritten link leads to, when it carries it in a parameter or (URL Defense v3) its path. */
export function unwrapRewrittenLink(url: string, host: string): string | undefined {
  if (!LINK_REWRITERS.test(host)) return undefined;
  const v3 = /\/v3\/__(https?:\/\/.+?)__;/i.exec(url);
  if (v3) return v3[1];
  const query = url.indexOf('?');
  if (query < 0) return undefined;
  const parameters = new URLSearchParams(url.slice(query + 1).split('#')[0]);
  for (const name of WRAPPED_PARAMETERS) {
    const value = parameters.get(name);
    if (value && /^https?:\/\//i.test(value)) return value;
  }
  return undefined;
}

/**
 * `senderDomain` is the From domain: a link whose text names one site but which passes through the sender's own
 * tracking host (`click.news.example.com`) is how every newsletter counts clicks, not a disguise.
 */
export function summarizeLinks(html: HtmlScan | undefined, texts: readonly string[], attachmentLinks: readonly string[], senderDomain: string): LinkSummary {
  const urls = new Set<string>();
  const domains = new Set<string>();
  const textMismatches = new Set<string>();
  const add = (raw: string): string | undefined => {
    const url = cleanUrl(raw);
    if (!/^(?:https?|ftp):\/\//i.test(url)) return undefined;
    if (urls.size < MAX_LINKS) urls.add(url);
    const host = urlHost(url);
    if (host && domains.size < MAX_LINKS) domains.add(host);
    return host;
  };
  const sender = senderDomain ? registrableDomain(senderDomain) : '';
  for (const link of html?.links ?? []) {
    let host = add(link.href);
    const unwrapped = host ? unwrapRewrittenLink(cleanUrl(link.href), host) : undefined;
    if (unwrapped) host = add(unwrapped);
    else if (host && LINK_REWRITERS.test(host)) continue;
    const shown = hostNamedByText(link.text, isHostTld);
    if (!host || !shown || textMismatches.size >= MAX_LINKS) continue;
    const target = registrableDomain(host);
    if (registrableDomain(shown) !== target && target !== sender) textMismatches.add(`${shown} -> ${host}`);
  }
  attachmentLinks.forEach(add);
  const formActions = (html?.formActions ?? []).map((action) => cleanUrl(action));
  formActions.forEach(add);
  const redirects = (html?.redirects ?? []).map((target) => cleanUrl(target));
  redirects.forEach(add);
  for (const text of texts) {
    for (const match of text.matchAll(TEXT_URL)) {
      if (urls.size >= MAX_LINKS) break;
      add(trimTrailingPunctuation(match[0].slice(0, MAX_URL_CHARS)));
    }
  }
  return { urls: [...urls], domains: [...domains], textMismatches: [...textMismatches], formActions, redirects };
}
