import type { EventFields } from '../../../../events';
import { MAX_HTTP_FIELD_CHARS } from '../limits';
import { capped, utf8Text } from '../stream-buffer';
import { header, type HttpHead } from './head';

/** Percent-decoding (RFC 3986 section 2.1) kept apart from the raw URI, which is what encoded-payload rules match. */
export function percentDecode(text: string): string {
  if (!text.includes('%')) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text[i] === '%' ? /^[0-9a-fA-F]{2}$/.exec(text.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else {
      // The URI was read one character per byte, so every character is one byte of the original.
      bytes.push(text.charCodeAt(i) & 0xff);
    }
  }
  return capped(utf8Text(Uint8Array.from(bytes)), MAX_HTTP_FIELD_CHARS);
}

function base64Text(encoded: string): string | undefined {
  try {
    return atob(encoded.trim());
  } catch {
    return undefined;
  }
}

/** The user name of `Authorization: Basic` (RFC 7617); the password is never kept, only that one was sent. */
function basicCredentials(head: HttpHead): { username: string; passwordSeen: boolean } | undefined {
  const value = header(head, 'authorization');
  const basic = value ? /^basic\s+(\S+)/i.exec(value) : null;
  const decoded = basic ? base64Text(basic[1]) : undefined;
  if (decoded === undefined) return undefined;
  const colon = decoded.indexOf(':');
  return { username: colon < 0 ? decoded : decoded.slice(0, colon), passwordSeen: colon >= 0 };
}

/** Splits a request target into host (absolute form), path and query (RFC 9112 section 3.2). */
function splitTarget(target: string): { authority?: string; stem: string; query: string } {
  let rest = target;
  let authority: string | undefined;
  const absolute = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)(.*)$/.exec(target);
  if (absolute) {
    authority = absolute[1];
    rest = absolute[2] || '/';
  }
  const question = rest.indexOf('?');
  return { authority, stem: question < 0 ? rest : rest.slice(0, question), query: question < 0 ? '' : rest.slice(question + 1) };
}

const hostWithoutPort = (host: string): string => (host.startsWith('[') ? host.replace(/\]:\d+$/, ']') : host.replace(/:\d+$/, ''));

/**
 * Zeek http.log names for the request, and the Sigma proxy (`c-uri`, `cs-host`, ...) and webserver (`cs-uri-stem`,
 * `c-ip`, ...) names for the same values, so rules of either category read a captured request.
 */
export function requestFields(head: HttpHead, bodyLength: number, clientIp: string): EventFields {
  const { authority, stem, query } = splitTarget(head.target);
  const host = header(head, 'host') ?? authority ?? '';
  const userAgent = header(head, 'user-agent') ?? '';
  const referrer = header(head, 'referer') ?? '';
  const extension = /\.([A-Za-z0-9]{1,10})$/.exec(stem)?.[1] ?? '';
  const fields: EventFields = {
    method: head.method,
    host,
    uri: head.target,
    uri_decoded: percentDecode(head.target),
    referrer,
    version: head.version,
    user_agent: userAgent,
    request_body_len: bodyLength,
    client_header_names: head.headers.map(([name]) => name.toUpperCase()).join(','),
    'cs-method': head.method,
    'cs-host': host,
    'r-dns': hostWithoutPort(host),
    'c-uri': head.target,
    'c-uri-stem': stem,
    'c-uri-query': query,
    'c-uri-extension': extension,
    'cs-uri-stem': stem,
    'cs-uri-query': query,
    'c-useragent': userAgent,
    'cs-user-agent': userAgent,
    'cs-referrer': referrer,
    'cs-referer': referrer,
    'cs-version': `HTTP/${head.version}`,
    'cs-bytes': bodyLength,
    'c-ip': clientIp,
  };
  const origin = header(head, 'origin');
  if (origin) fields.origin = origin;
  const credentials = basicCredentials(head);
  if (credentials) {
    fields.username = capped(credentials.username, MAX_HTTP_FIELD_CHARS);
    fields['cs-username'] = fields.username;
    fields.password_seen = credentials.passwordSeen;
  }
  return fields;
}

export function responseFields(head: HttpHead, bodyLength: number, mime: string | undefined): EventFields {
  const fields: EventFields = {
    status_code: head.status,
    status_msg: head.reason,
    response_body_len: bodyLength,
    'sc-status': head.status,
    'sc-bytes': bodyLength,
  };
  if (mime) fields.resp_mime_types = mime;
  return fields;
}
