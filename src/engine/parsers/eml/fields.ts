import { addressParser, type Address } from 'postal-mime';
import type { EventFields } from '../../events';
import { TLDS } from '../../ioc/tlds';
import { senderAuthenticated, summarizeAuthentication } from './auth';
import { listedAttachments, summarizeAttachments } from './attachments';
import { brandClaim } from './brands';
import { addressDomain, bareAddress, registrableDomain } from './domains';
import { firstHeader, headerValues } from './headers';
import { scanHtml } from './html';
import { MAX_ADDRESS_CHARS, MAX_BODY_CHARS, MAX_FIELD_CHARS, MAX_NAME_CHARS } from './limits';
import { summarizeLinks } from './links';
import { mailboxes, type DecodedMessage } from './message';
import { obfuscationFindings } from './obfuscation';
import { isoTime, originatingIp, parseReceived } from './received';

/** What the event needs besides its fields. */
export interface MessageView {
  fields: EventFields;
  ts: string | null;
  host: string;
  user: string;
  message: string;
}

const LIST = '; ';

const formatBox = (box: { name: string; address: string }): string => (box.name ? `${box.name} <${box.address}>` : box.address);
const cap = (text: string, limit: number): string => (text.length > limit ? text.slice(0, limit) : text);
const distinct = (values: readonly string[]): string[] => [...new Set(values.filter((value) => value.length > 0))];

/**
 * The sender as a reader's client shows it. A From such as `Prize Team, <a@b.example>` is two mailboxes to RFC 5322
 * (the first without an address); clients show the name and use the address, and so does this field.
 */
function senderMailbox(parsed: Address | undefined, raw: string): { name: string; address: string } {
  const candidates = [...mailboxes(parsed), ...mailboxes(raw ? addressParser(raw) : [])];
  const withAddress = candidates.find((box) => box.address.includes('@'));
  if (!withAddress) return candidates[0] ?? { name: '', address: bareAddress(raw) };
  return { name: withAddress.name || candidates[0].name, address: withAddress.address };
}

/** A host name written in a sender name (`PayPal.com <x@evil.example>`), judged by its top-level label. */
function domainInDisplayName(name: string): string | undefined {
  for (const match of name.toLowerCase().matchAll(/(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,24})(?![a-z0-9-])/g)) {
    if (TLDS.has(match[1])) return match[0];
  }
  return undefined;
}

/**
 * Builds the event fields of one message (names documented in README.md). Raw header values are used where their
 * exact form is evidence (trace and authentication fields); postal-mime's decoding for addresses, subject and parts.
 */
export async function messageFields(decoded: DecodedMessage): Promise<MessageView> {
  const { block, email } = decoded;
  const headers = block.headers;
  const fields: EventFields = {};
  const set = (name: string, value: string | number | boolean | undefined, limit = MAX_FIELD_CHARS): void => {
    if (value === undefined || value === '') return;
    // NUL bytes split what a filter and a mail client read; no field keeps them (RFC 5322 3.2.3 forbids them).
    fields[name] = typeof value === 'string' ? cap(value.replace(/\0/g, ''), limit) : value;
  };

  const from = senderMailbox(email?.from, firstHeader(headers, 'from') ?? '');
  const fromDomain = addressDomain(from.address);
  set('from', formatBox(from));
  set('from_address', from.address);
  set('from_domain', fromDomain);
  set('from_display_name', from.name);
  // RFC 5321 2.3.5: a domain in a mail address is a fully qualified name; one without a real top-level label
  // (`alerts@bank`, `x@y.invalid-tld`) cannot receive replies and exists only in forged headers.
  if (fromDomain) set('from_domain_valid', TLDS.has(fromDomain.slice(fromDomain.lastIndexOf('.') + 1)) && fromDomain.includes('.'));
  set('sender', mailboxes(email?.sender).map(formatBox).join(LIST));
  const replyTo = mailboxes(email?.replyTo);
  set('reply_to', replyTo.map(formatBox).join(LIST));
  const replyDomains = distinct(replyTo.map((box) => addressDomain(box.address)));
  set('reply_to_domain', replyDomains.join(LIST));
  if (replyDomains.length > 0 && fromDomain) {
    set('reply_to_other_domain', replyDomains.some((domain) => registrableDomain(domain) !== registrableDomain(fromDomain)));
  }
  const returnPath = bareAddress(email?.returnPath ?? firstHeader(headers, 'return-path') ?? '');
  set('return_path', returnPath);
  set('return_path_domain', addressDomain(returnPath));
  const to = mailboxes(email?.to);
  set('to', to.map(formatBox).join(LIST));
  set('cc', mailboxes(email?.cc).map(formatBox).join(LIST));
  const deliveredTo = bareAddress(email?.deliveredTo ?? firstHeader(headers, 'x-original-to') ?? '');
  set('delivered_to', deliveredTo);
  const subject = (email?.subject ?? firstHeader(headers, 'subject') ?? '').replace(/[\r\n]+/g, ' ');
  set('subject', subject);
  // A reply names the message it answers (RFC 5322 3.6.4); a "Re:" without either field starts a thread that never was.
  if (/^\s*(?:re|aw|res|sv|vs|antw|rif)\s*:/i.test(subject)) {
    set('reply_without_thread', !firstHeader(headers, 'in-reply-to') && !firstHeader(headers, 'references'));
  }
  set('message_id', email?.messageId ?? firstHeader(headers, 'message-id'));
  const rawDate = firstHeader(headers, 'date');
  const date = rawDate ? isoTime(rawDate) : undefined;
  set('date', date);
  set('x_mailer', firstHeader(headers, 'x-mailer') ?? firstHeader(headers, 'user-agent'));

  const receivedValues = headerValues(headers, 'received');
  const hops = receivedValues.map(parseReceived);
  set('received', receivedValues.join('\n'));
  set('received_hops', hops.length);
  set('originating_ip', originatingIp(hops));

  const auth = summarizeAuthentication(headers);
  set('authentication_results', headerValues(headers, 'authentication-results').join(LIST));
  set('received_spf', headerValues(headers, 'received-spf').join(LIST));
  set('spf_result', auth.spf);
  set('dkim_result', auth.dkim);
  set('dmarc_result', auth.dmarc);
  set('compauth_result', auth.compauth);
  set('arc_result', auth.arc);
  set('dkim_domains', auth.dkimDomains.join(LIST));
  set('sender_authenticated', senderAuthenticated(auth, fromDomain));
  const scl = firstHeader(headers, 'x-ms-exchange-organization-scl');
  if (scl && /^-?\d{1,2}$/.test(scl.trim())) set('spam_confidence_level', Number(scl.trim()));

  // Names and subjects are judged on their head: a person reads the first words, and the patterns stay cheap.
  const shownName = from.name.slice(0, MAX_NAME_CHARS);
  const shownSubject = subject.slice(0, MAX_NAME_CHARS);
  const claim = brandClaim(shownName, fromDomain);
  if (claim) {
    set('display_name_brand', claim.brand);
    set('display_name_brand_mismatch', claim.mismatch);
  }
  // `Jane (jane@corp.example) via Group <group@lists.example>` is how lists and sharing services rewrite a sender
  // (DMARC mitigation): the name then names the original author's domain on purpose.
  const nameDomain = /\bvia\b/i.test(shownName) ? undefined : domainInDisplayName(shownName);
  if (nameDomain && fromDomain) {
    set('display_name_domain', nameDomain);
    set('display_name_domain_mismatch', registrableDomain(nameDomain) !== registrableDomain(fromDomain));
  }
  const obfuscation = [
    ...obfuscationFindings(shownName).map((finding) => `from_display_name: ${finding}`),
    ...obfuscationFindings(shownSubject).map((finding) => `subject: ${finding}`),
  ];

  const attachments = listedAttachments(email?.attachments ?? []);
  const described = await summarizeAttachments(attachments);
  set('attachment_count', attachments.length);
  set('attachment_names', described.names.join(LIST));
  set('attachment_types', described.types.join(LIST));
  set('attachment_sha256', described.sha256.join(LIST));
  set('attachment_encrypted_archive', described.encryptedArchives.join(LIST));
  for (const name of described.names) {
    for (const finding of obfuscationFindings(name.slice(0, MAX_NAME_CHARS))) obfuscation.push(`attachment_names: ${finding}`);
  }
  set('obfuscated_text', obfuscation.join(LIST));
  set('attachment_active_content', described.activeContent.join(LIST));

  const html = email?.html ? scanHtml(email.html) : undefined;
  const text = email?.text ?? '';
  const links = summarizeLinks(html, [text, html?.text ?? ''], described.links, fromDomain);
  set('attachment_urls', described.links.join(LIST));
  set('urls', links.urls.join(LIST));
  set('url_domains', links.domains.join(LIST));
  set('url_count', links.urls.length);
  set('link_text_mismatch', links.textMismatches.join(LIST));
  if (html) set('html_form', html.formActions.length > 0 ? links.formActions.join(LIST) || '(no action)' : undefined);
  set('html_redirect', links.redirects.join(LIST));
  if (html && html.passwordFields > 0) set('html_password_field', html.passwordFields);
  if (html?.truncated) set('html_scan_truncated', true);
  const body = (text.trim() || html?.text || '').replace(/\0/g, '');
  set('body', body, MAX_BODY_CHARS);
  if (!decoded.bodyRead) set('body_read', false);

  const recipient = cap(deliveredTo || to[0]?.address || '', MAX_ADDRESS_CHARS);
  const host = cap(addressDomain(recipient) || hops[0]?.byHost || '', MAX_ADDRESS_CHARS);
  const sender = cap(from.address, MAX_ADDRESS_CHARS);
  return {
    fields,
    ts: date ?? hops.find((hop) => hop.time)?.time ?? null,
    host,
    user: recipient,
    message: `Mail from ${sender || '(no sender)'} to ${recipient || '(no recipient)'}: ${cap(subject, 200) || '(no subject)'}`,
  };
}
