import type { EventFields } from '../../events';
import { clfTimeToUtc, utcIso } from './timestamps';

/**
 * Web server access logs into Sigma's `webserver` names (W3C Extended Log File Format, the names IIS writes).
 * Apache/nginx Common and Combined Log Format (Apache mod_log_config: `%h %l %u %t "%r" %>s %b "%{Referer}i"
 * "%{User-agent}i"`, optionally preceded by `%v:%p` as in `vhost_combined`) are read with a hand-written scanner
 * rather than one large regex, so a hostile line costs time linear in its length.
 */

export interface AccessLine {
  ts: string | null;
  fields: EventFields;
}

/** Tokens before `[time]`: `%h %l %u` plus an optional vhost and the odd extra identity column some setups log. */
const MAX_PREFIX_TOKENS = 5;
const MIN_PREFIX_TOKENS = 3;
const VHOST = /^[A-Za-z0-9.-]+:\d{1,5}$/;
const STATUS_AND_BYTES = /" (\d{3}|-) (\d+|-)(?= |$)/g;

/** Reads `"..."` at `pos` honouring `\"` escapes (mod_log_config escapes quotes and backslashes in `%r` and headers). */
function readQuoted(line: string, pos: number): { value: string; end: number } | null {
  if (line[pos] !== '"') return null;
  let value = '';
  let at = pos + 1;
  while (at < line.length) {
    const char = line[at];
    if (char === '\\' && at + 1 < line.length) {
      value += line[at + 1];
      at += 2;
      continue;
    }
    if (char === '"') return { value, end: at + 1 };
    value += char;
    at++;
  }
  return null;
}

/** `%r`, the request line: `METHOD target HTTP/x.y`; target split at `?` into stem and query (W3C cs-uri-stem / -query). */
function addRequest(fields: EventFields, request: string): void {
  const firstSpace = request.indexOf(' ');
  if (request === '-' || firstSpace === -1) {
    if (request !== '-' && request !== '') fields['cs-method'] = request;
    return;
  }
  fields['cs-method'] = request.slice(0, firstSpace);
  let target = request.slice(firstSpace + 1);
  const version = /\s(HTTP\/\d(?:\.\d)?)\s*$/.exec(target);
  if (version) {
    fields['cs-version'] = version[1];
    target = target.slice(0, version.index);
  }
  const question = target.indexOf('?');
  fields['cs-uri-stem'] = question === -1 ? target : target.slice(0, question);
  fields['cs-uri-query'] = question === -1 ? '' : target.slice(question + 1);
  fields['cs-uri'] = target;
}

export function parseAccessLog(line: string): AccessLine | null {
  const open = line.indexOf(' [');
  if (open <= 0) return null;
  const prefix = line.slice(0, open).split(' ').filter((token) => token !== '');
  if (prefix.length < MIN_PREFIX_TOKENS || prefix.length > MAX_PREFIX_TOKENS) return null;
  const close = line.indexOf('] "', open + 2);
  if (close === -1) return null;
  const ts = clfTimeToUtc(line.slice(open + 2, close));
  if (ts === null) return null;

  const requestStart = close + 2;
  STATUS_AND_BYTES.lastIndex = requestStart + 1;
  const tail = STATUS_AND_BYTES.exec(line);
  if (!tail) return null;
  const fields: EventFields = {};
  const tokens = [...prefix];
  if (tokens.length > MIN_PREFIX_TOKENS && VHOST.test(tokens[0])) {
    const vhost = tokens.shift() as string;
    const colon = vhost.lastIndexOf(':');
    fields['cs-host'] = vhost.slice(0, colon);
    fields['s-port'] = vhost.slice(colon + 1);
  }
  fields['c-ip'] = tokens[0];
  const user = tokens[tokens.length - 1];
  if (user !== '-') fields['cs-username'] = user;
  addRequest(fields, line.slice(requestStart + 1, tail.index));
  if (tail[1] !== '-') fields['sc-status'] = tail[1];
  fields['sc-bytes'] = tail[2] === '-' ? '0' : tail[2];

  let pos = tail.index + tail[0].length;
  const quoted: string[] = [];
  while (quoted.length < 2 && line[pos] === ' ') {
    while (line[pos] === ' ') pos++;
    const value = readQuoted(line, pos);
    if (!value) break;
    quoted.push(value.value);
    pos = value.end;
  }
  if (quoted.length > 0 && quoted[0] !== '-') fields['cs-referer'] = quoted[0];
  if (quoted.length > 1 && quoted[1] !== '-') fields['cs-user-agent'] = quoted[1];
  return { ts, fields };
}

/**
 * W3C Extended Log File Format (W3C WD-logfile-960323): `#Fields:` names the columns of the lines that follow,
 * space-separated, `-` for none. IIS writes these names, which are Sigma's webserver names already.
 */
const W3C_DIRECTIVE = /^#(?:Version|Fields|Software|Start-Date|End-Date|Date|Remark):/;

export class W3cFieldsState {
  /** Columns of the last `#Fields:` directive. */
  names: string[] | null = null;

  /** Handles a W3C directive line (`#Fields:`, `#Software:`...); returns true when the line was one. */
  readDirective(line: string): boolean {
    if (!W3C_DIRECTIVE.test(line)) return false;
    if (line.startsWith('#Fields:')) this.names = line.slice(8).trim().split(/\s+/).filter(Boolean);
    return true;
  }
}

/**
 * IIS's default W3C columns, for lines that come without their header (copied out of a larger log): the header
 * IIS 7+ writes by default.
 */
export const IIS_DEFAULT_FIELDS = [
  'date', 'time', 's-ip', 'cs-method', 'cs-uri-stem', 'cs-uri-query', 's-port', 'cs-username', 'c-ip',
  'cs(User-Agent)', 'cs(Referer)', 'sc-status', 'sc-substatus', 'sc-win32-status', 'time-taken',
];

/** IIS writes `cs(User-Agent)`; Sigma's webserver taxonomy names it `cs-user-agent`. */
const W3C_TO_SIGMA: ReadonlyMap<string, string> = new Map([
  ['cs(user-agent)', 'cs-user-agent'],
  ['cs(referer)', 'cs-referer'],
  ['cs(cookie)', 'cs-cookie'],
  ['cs(host)', 'cs-host'],
]);

const W3C_DATA_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d /;

export function parseW3cLine(line: string, names: readonly string[] | null): AccessLine | null {
  const columns = names ?? (W3C_DATA_LINE.test(line) ? IIS_DEFAULT_FIELDS : null);
  if (!columns) return null;
  const values = line.split(' ');
  if (values.length !== columns.length) return null;
  const fields: EventFields = {};
  columns.forEach((name, index) => {
    const value = values[index];
    if (value === '-') return;
    // W3C encodes spaces in values as `+` (cs(User-Agent)); they are kept as written, as IIS logs show them.
    fields[W3C_TO_SIGMA.get(name.toLowerCase()) ?? name] = value;
  });
  if (!fields['cs-method'] && !fields['sc-status']) return null;
  const date = /^(\d{4})-(\d\d)-(\d\d)$/.exec(String(fields.date ?? ''));
  const time = /^(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?$/.exec(String(fields.time ?? ''));
  // W3C §"Fields": date and time are in GMT.
  const ts =
    date && time
      ? utcIso({
          year: Number(date[1]),
          month: Number(date[2]),
          day: Number(date[3]),
          hour: Number(time[1]),
          minute: Number(time[2]),
          second: Number(time[3]),
          fraction: time[4] ?? '',
          offsetMinutes: 0,
        })
      : null;
  return { ts, fields };
}
