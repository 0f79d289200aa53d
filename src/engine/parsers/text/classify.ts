import type { EventFields, EventKind } from '../../events';
import { parseAccessLog, parseW3cLine, type W3cFieldsState } from './access-log';
import { parseAuthMessage } from './auth';
import { parseJsonLine } from './json-line';
import { parseApacheError, parseNginxError } from './server-error-log';
import { parseSyslog, type YearForMonth } from './syslog';
import { ISO_DATE_TIME, isoMatchToUtc } from './timestamps';

/**
 * Lines longer than this are not tried against the structured families: real auth, access and syslog lines are far
 * shorter, and it caps what any pattern can cost on a hostile line. They still become `log` events, in full.
 */
export const MAX_STRUCTURED_LINE_CHARS = 64 * 1024;

/** Which family recognized the line; `plain` is the fallback. */
export type LineFamily = 'json' | 'syslog' | 'access' | 'w3c' | 'apache-error' | 'nginx-error' | 'plain';

export interface ClassifiedLine {
  family: LineFamily;
  kind: EventKind;
  ts: string | null;
  host: string;
  user: string;
  fields: EventFields;
}

export interface LineContext {
  yearForMonth: YearForMonth;
  w3c: W3cFieldsState;
}

function plain(line: string): ClassifiedLine {
  const fields: EventFields = { message: line };
  // A line that starts with an ISO time still gets it, whatever follows.
  const iso = ISO_DATE_TIME.exec(line);
  return { family: 'plain', kind: 'log', ts: iso ? isoMatchToUtc(iso) : null, host: '', user: '', fields };
}

function webserver(family: LineFamily, ts: string | null, host: string, fields: EventFields): ClassifiedLine {
  const user = typeof fields['cs-username'] === 'string' ? fields['cs-username'] : '';
  return { family, kind: 'webserver', ts, host, user, fields };
}

const REPEATED = /^message repeated (\d{1,9}) times: \[ ?(.*)\]$/;

/** Syslog: an auth program's line becomes `authentication`, an access-log line relayed by syslog `webserver`. */
function fromSyslog(line: string, context: LineContext): ClassifiedLine | null {
  const syslog = parseSyslog(line, context.yearForMonth);
  if (!syslog) return null;
  const fields: EventFields = { ...syslog.fields };
  if (syslog.host) fields.host = syslog.host;
  if (syslog.program) fields.program = syslog.program;
  if (syslog.pid) fields.pid = syslog.pid;
  // rsyslog/syslog-ng reduce repeats to `message repeated N times: [ <message>]`; the message is still the line's.
  const repeated = REPEATED.exec(syslog.message);
  const message = repeated ? repeated[2] : syslog.message;
  if (repeated) fields.repeated = Number(repeated[1]);
  const access = parseAccessLog(message);
  if (access) return webserver('syslog', access.ts, syslog.host, { ...fields, ...access.fields });
  fields.message = message;
  const auth = syslog.program ? parseAuthMessage(syslog.program, message) : null;
  if (!auth) return { family: 'syslog', kind: 'log', ts: syslog.ts, host: syslog.host, user: '', fields };
  Object.assign(fields, auth.fields);
  fields.process = syslog.program;
  fields.event = auth.event;
  if (auth.action) fields.action = auth.action;
  if (auth.user) fields.user = auth.user;
  return { family: 'syslog', kind: 'authentication', ts: syslog.ts, host: syslog.host, user: auth.user ?? '', fields };
}

/** Tries the families from the most to the least specific; every line gets a result. */
export function classifyLine(line: string, context: LineContext): ClassifiedLine {
  if (line.length > MAX_STRUCTURED_LINE_CHARS) return plain(line);
  if (context.w3c.readDirective(line)) return { ...plain(line), family: 'w3c' };
  const json = parseJsonLine(line);
  if (json) {
    return { family: 'json', kind: json.authentication ? 'authentication' : 'log', ts: json.ts, host: json.host, user: json.user, fields: json.fields };
  }
  const syslog = fromSyslog(line, context);
  if (syslog) return syslog;
  const access = parseAccessLog(line);
  if (access) return webserver('access', access.ts, '', access.fields);
  const w3c = parseW3cLine(line, context.w3c.names);
  if (w3c) return webserver('w3c', w3c.ts, String(w3c.fields['s-computername'] ?? ''), w3c.fields);
  const apache = parseApacheError(line);
  if (apache) return { family: 'apache-error', kind: 'log', ts: apache.ts, host: '', user: '', fields: { ...apache.fields, message: apache.message } };
  const nginx = parseNginxError(line);
  if (nginx) return { family: 'nginx-error', kind: 'log', ts: nginx.ts, host: '', user: '', fields: { ...nginx.fields, message: nginx.message } };
  return plain(line);
}
