import type { EventFields } from '../../events';
import { MONTHS, utcIso } from './timestamps';

/** Apache httpd and nginx error logs: `log` events with the level, module, pid and client they name. */

export interface ServerErrorLine {
  ts: string | null;
  fields: EventFields;
  /** The text after the bracketed header. */
  message: string;
}

/** Apache 2.4 ErrorLogFormat default `[%{u}t] [%-m:%l] [pid %P] %F: %E: [client %a] %M`; 2.2 writes `[%t] [%l] ...`. */
const APACHE_TIME = /^\[(?:[A-Z][a-z]{2}) ([A-Z][a-z]{2}) ([ \d]?\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))? (\d{4})\] /;
const BRACKETED = /^\[([^\]]{1,200})\] ?/;

/**
 * Reads the bracketed header fields of an Apache error line. The time is optional because some collectors strip it
 * (`[error] [client 1.2.3.4] File does not exist: ...`), but then the level must be a known Apache level.
 */
export function parseApacheError(line: string): ServerErrorLine | null {
  let rest = line;
  let ts: string | null = null;
  const time = APACHE_TIME.exec(rest);
  if (time) {
    const month = MONTHS[time[1].toLowerCase()];
    if (!month) return null;
    ts = utcIso({
      year: Number(time[7]),
      month,
      day: Number(time[2].trim()),
      hour: Number(time[3]),
      minute: Number(time[4]),
      second: Number(time[5]),
      fraction: time[6] ?? '',
      offsetMinutes: 0,
    });
    rest = rest.slice(time[0].length);
  }
  const level = BRACKETED.exec(rest);
  if (!level) return null;
  const [module, severity] = level[1].includes(':') ? level[1].split(':', 2) : ['', level[1]];
  if (!APACHE_LEVELS.has(severity)) return null;
  const fields: EventFields = { level: severity };
  if (module) fields.module = module;
  rest = rest.slice(level[0].length);
  for (let part = BRACKETED.exec(rest); part; part = BRACKETED.exec(rest)) {
    const inner = part[1];
    if (inner.startsWith('pid ')) {
      const [pid, tid] = inner.slice(4).split(':tid ');
      fields.pid = pid;
      if (tid) fields.tid = tid;
    } else if (inner.startsWith('client ')) {
      const client = inner.slice(7);
      const port = /^(.*):(\d{1,5})$/.exec(client);
      // `[client 1.2.3.4:5678]` (2.4) or `[client 1.2.3.4]` (2.2); a bare IPv6 address has colons but no port.
      if (port && (port[1].includes('.') || port[1].startsWith('['))) {
        fields.src_ip = port[1].replace(/^\[|\]$/g, '');
        fields.src_port = port[2];
      } else {
        fields.src_ip = client;
      }
    } else {
      break;
    }
    rest = rest.slice(part[0].length);
  }
  return { ts, fields, message: rest };
}

/** RFC 5424-like level names Apache uses (mod_log_config LogLevel), plus `trace1`..`trace8`. */
const APACHE_LEVELS = new Set([
  'emerg', 'alert', 'crit', 'error', 'warn', 'notice', 'info', 'debug',
  'trace1', 'trace2', 'trace3', 'trace4', 'trace5', 'trace6', 'trace7', 'trace8',
]);

/** nginx `ngx_log_error_core`: `YYYY/MM/DD HH:MM:SS [level] pid#tid: *cid message`. */
const NGINX_ERROR = /^(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) \[([a-z]{1,10})\] (?:(\d+)[#:](\d+):? ?)?/;

export function parseNginxError(line: string): ServerErrorLine | null {
  const match = NGINX_ERROR.exec(line);
  if (!match) return null;
  const ts = utcIso({
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4]),
    minute: Number(match[5]),
    second: Number(match[6]),
    fraction: '',
    offsetMinutes: 0,
  });
  const fields: EventFields = { level: match[7] };
  if (match[8]) fields.pid = match[8];
  if (match[9]) fields.tid = match[9];
  const message = line.slice(match[0].length);
  const client = /, client: ([0-9A-Fa-f.:]+)/.exec(message);
  if (client) fields.src_ip = client[1];
  return { ts, fields, message };
}
