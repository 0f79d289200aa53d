import type { RawHeader } from './headers';
import { firstHeader, headerValues } from './headers';
import { addressDomain, registrableDomain } from './domains';

/** Authentication outcomes as the receiving side recorded them. */
export interface AuthenticationSummary {
  spf?: string;
  dkim?: string;
  dmarc?: string;
  /** Microsoft's composite authentication (`compauth=`), which also judges senders without DMARC. */
  compauth?: string;
  arc?: string;
  /** `d=` of every DKIM-Signature, and `header.d=` of every DKIM result. */
  dkimDomains: string[];
  /** Domains for which a DKIM or SPF result passed, from the results (`header.d=`, `smtp.mailfrom=`). */
  passedDomains: string[];
}

/** Comments (RFC 5322 3.2.2) in results hold prose such as "(sender IP is ...)"; they are not results. */
const stripComments = (value: string): string => value.replace(/\([^()]*\)/g, ' ');

const RESULT = /(?:^|[;\s])(spf|dkim|dmarc|compauth|arc)\s*=\s*([a-z]+)([^;]*)/gi;

/**
 * Reads Authentication-Results (RFC 8601 2.2), Received-SPF (RFC 7208 9.1) and DKIM-Signature (RFC 6376 3.5). The
 * topmost field is the one the recipient's own server added; fields below it may come from the sender, so for each
 * method the first result found, top down, is the one kept.
 */
export function summarizeAuthentication(headers: readonly RawHeader[]): AuthenticationSummary {
  const summary: AuthenticationSummary = { dkimDomains: [], passedDomains: [] };
  let dkimResults: string[] | undefined;
  for (const value of headerValues(headers, 'authentication-results')) {
    const fieldDkimResults: string[] = [];
    for (const match of stripComments(value).matchAll(RESULT)) {
      const method = match[1].toLowerCase() as 'spf' | 'dkim' | 'dmarc' | 'compauth' | 'arc';
      const result = match[2].toLowerCase();
      const properties = match[3];
      if (method === 'dkim') {
        const domain = /header\.d\s*=\s*([^\s;]+)/i.exec(properties)?.[1]?.toLowerCase();
        if (domain) addUnique(summary.dkimDomains, domain);
        if (domain && result === 'pass') addUnique(summary.passedDomains, domain);
        fieldDkimResults.push(result);
        continue;
      }
      if (method === 'spf' && result === 'pass') {
        const mailFrom = /smtp\.(?:mailfrom|helo)\s*=\s*([^\s;]+)/i.exec(properties)?.[1];
        if (mailFrom) addUnique(summary.passedDomains, mailFrom.includes('@') ? addressDomain(mailFrom) : mailFrom.toLowerCase());
      }
      if (summary[method] === undefined) summary[method] = result;
    }
    if (!dkimResults && fieldDkimResults.length > 0) dkimResults = fieldDkimResults;
  }
  // One message can carry several signatures; any that passes authenticates its domain.
  if (dkimResults) summary.dkim = dkimResults.includes('pass') ? 'pass' : dkimResults[0];
  if (summary.spf === undefined) {
    const received = firstHeader(headers, 'received-spf');
    const result = received ? /^\s*([a-z]+)/i.exec(received)?.[1]?.toLowerCase() : undefined;
    if (result) summary.spf = result;
  }
  for (const value of headerValues(headers, 'dkim-signature')) {
    const domain = /(?:^|;)\s*d\s*=\s*([^\s;]+)/i.exec(value)?.[1]?.toLowerCase();
    if (domain) addUnique(summary.dkimDomains, domain);
  }
  return summary;
}

/**
 * Whether the From domain is authenticated in the DMARC sense (RFC 7489 3.1, relaxed alignment): DMARC passed, or
 * a passing DKIM or SPF result names a domain with the same registrable domain. Undefined when the receiving side
 * recorded no results at all, because absence of authentication data says nothing about the sender.
 */
export function senderAuthenticated(summary: AuthenticationSummary, fromDomain: string): boolean | undefined {
  if (summary.dmarc === undefined && summary.spf === undefined && summary.dkim === undefined && summary.compauth === undefined) return undefined;
  if (summary.dmarc === 'pass') return true;
  if (!fromDomain) return false;
  const organisation = registrableDomain(fromDomain);
  return summary.passedDomains.some((domain) => registrableDomain(domain) === organisation);
}

/**
 * Domains kept per list. Real mail names a handful (one per signature and hop); a header block of `dkim=pass
 * header.d=` results, tens of thousands of them, would otherwise make every addition a search of all before it.
 */
export const MAX_AUTH_DOMAINS = 100;

function addUnique(list: string[], value: string): void {
  if (list.length < MAX_AUTH_DOMAINS && !list.includes(value)) list.push(value);
}
