import { MAX_HTTP_FIELD_CHARS } from '../limits';
import { capped, latin1 } from '../stream-buffer';

/** A request or status line with its header fields (RFC 9112 sections 3, 4 and 5). */
export interface HttpHead {
  kind: 'request' | 'response';
  /** Request: method, target, version. Response: version, status code, reason. */
  method: string;
  target: string;
  version: string;
  status: number;
  reason: string;
  /** Header fields in order, names lower-cased; repeated fields keep every occurrence. */
  headers: Array<[string, string]>;
  /** Bytes of the head including the empty line that ends it. */
  length: number;
}

const REQUEST_LINE = /^([A-Za-z][A-Za-z_-]{0,23}) +(\S+)(?: +HTTP\/(\d\.\d))? *$/;
const STATUS_LINE = /^HTTP\/(\d\.\d) +(\d{3})(?: (.*))?$/;

/** Methods of RFC 9110 and WebDAV (RFC 4918) that a first payload may start with. */
export const KNOWN_METHODS = [
  'GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'PATCH', 'PROPFIND', 'PROPPATCH', 'MKCOL',
  'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'REPORT',
];
const MESSAGE_START = new RegExp(`^(?:(?:${KNOWN_METHODS.join('|')}) [!-~]|HTTP/1\\.[01] \\d)`);

const MESSAGE_PREFIXES = [...KNOWN_METHODS.map((method) => `${method} `), 'HTTP/1.'];
const LONGEST_PREFIX = Math.max(...MESSAGE_PREFIXES.map((prefix) => prefix.length));

/** Whether bytes begin like an HTTP/1.x request or response: the test for claiming a conversation. */
export function startsHttpMessage(bytes: Uint8Array): boolean {
  return MESSAGE_START.test(latin1(bytes, 0, 24));
}

/**
 * The test for resuming after a gap or a mid-message start: a message start, or a payload too short to tell that is
 * the beginning of one (TCP segments need not align with messages, so `GE` may be followed by `T /`).
 */
export function mayStartHttpMessage(bytes: Uint8Array): boolean {
  if (startsHttpMessage(bytes)) return true;
  const text = latin1(bytes, 0, LONGEST_PREFIX);
  return text.length < LONGEST_PREFIX && text.length > 0 && MESSAGE_PREFIXES.some((prefix) => prefix.startsWith(text));
}

/**
 * End of the head: the offset just past the empty line. RFC 9112 section 2.2 lets a recipient accept a bare LF as a
 * line end, so `\n\n` counts as well as `\r\n\r\n`. `from` skips bytes already searched, so a head arriving a byte
 * per segment costs linear time.
 */
export function headLength(bytes: Uint8Array, from = 0): number {
  for (let i = Math.max(0, from); i + 1 < bytes.length; i++) {
    if (bytes[i] !== 10) continue;
    if (bytes[i + 1] === 10) return i + 2;
    if (bytes[i + 1] === 13 && bytes[i + 2] === 10) return i + 3;
  }
  return -1;
}

/** Parses a complete head (`bytes` ends with the empty line); undefined when the first line is neither form. */
export function parseHead(bytes: Uint8Array): HttpHead | undefined {
  const lines = latin1(bytes).split(/\r?\n/);
  const first = lines[0] ?? '';
  const head: HttpHead = { kind: 'request', method: '', target: '', version: '', status: 0, reason: '', headers: [], length: bytes.length };
  const status = STATUS_LINE.exec(first);
  if (status) {
    head.kind = 'response';
    head.version = status[1];
    head.status = Number(status[2]);
    head.reason = capped(status[3] ?? '', MAX_HTTP_FIELD_CHARS);
  } else {
    const request = REQUEST_LINE.exec(first);
    if (!request) return undefined;
    head.method = request[1].toUpperCase();
    head.target = capped(request[2], MAX_HTTP_FIELD_CHARS);
    head.version = request[3] ?? '0.9';
  }
  for (const line of lines.slice(1)) {
    if (!line) continue;
    // RFC 9112 section 5.2: obsolete line folding continues the previous field value.
    if ((line[0] === ' ' || line[0] === '\t') && head.headers.length) {
      const last = head.headers[head.headers.length - 1];
      last[1] = capped(`${last[1]} ${line.trim()}`, MAX_HTTP_FIELD_CHARS);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    head.headers.push([line.slice(0, colon).trim().toLowerCase(), capped(line.slice(colon + 1).trim(), MAX_HTTP_FIELD_CHARS)]);
  }
  return head;
}

export function header(head: HttpHead, name: string): string | undefined {
  return head.headers.find(([field]) => field === name)?.[1];
}
