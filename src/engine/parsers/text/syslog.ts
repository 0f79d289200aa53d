import type { EventFields } from '../../events';
import { ISO_DATE_TIME, MONTHS, isoMatchToUtc, isoToUtc, utcIso } from './timestamps';

/** RFC 5424 §6.2.1 facility names, by code. */
const FACILITIES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'ntp',
  'security', 'console', 'solaris-cron', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
];
/** RFC 5424 §6.2.1 severity names, by code. */
const SEVERITIES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];
/** RFC 5424 §6.2.1: PRI is at most 191 (facility 23, severity 7) and written in 1 to 3 digits. */
const MAX_PRI = 191;

export interface SyslogLine {
  ts: string | null;
  host: string;
  /** The TAG (RFC 3164 §4.1.3) or APP-NAME (RFC 5424 §6.2.5): the program that logged the line. */
  program: string;
  pid: string;
  /** The free-text part after the header. */
  message: string;
  fields: EventFields;
}

/** Turns the month of a yearless RFC 3164 date into a year (see `ReferenceYear`). */
export type YearForMonth = (month: number) => number;

const PRI = /^<(\d{1,3})>/;
/** RFC 3164 §4.1.2 TIMESTAMP `Mmm dd hh:mm:ss` (day space-padded), optionally followed by a year some daemons add. */
const BSD_TIMESTAMP = /^([A-Z][a-z]{2}) ([ \d]?\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?: (\d{4}))?(?= )/;
/** `prog[pid]:` or `prog:`; programs may hold `/`, `.`, `-`, `(`, `)` (e.g. `pam_unix(sshd:auth)` never starts a tag). */
const TAG = /^([^\s[\]:]{1,128})(?:\[(\d{1,10})\])?:(?: |$)/;
const HOST = /^[^\s:[\]]{1,255}$/;

function addPri(fields: EventFields, pri: number): void {
  fields.facility = FACILITIES[pri >> 3] ?? String(pri >> 3);
  fields.severity = SEVERITIES[pri & 7];
}

/**
 * Reads `HOST TAG: MSG` (RFC 3164 §4.1.3) after the timestamp. The host is optional in practice (logs written by a
 * local daemon, macOS), so a first token that itself looks like a tag is taken as the tag.
 */
function readHostAndTag(rest: string): { host: string; program: string; pid: string; message: string } {
  const body = rest.replace(/^ +/, '');
  const directTag = TAG.exec(body);
  if (directTag) {
    return { host: '', program: directTag[1], pid: directTag[2] ?? '', message: body.slice(directTag[0].length).trimStart() };
  }
  const space = body.indexOf(' ');
  const hostToken = space === -1 ? body : body.slice(0, space);
  if (!HOST.test(hostToken)) return { host: '', program: '', pid: '', message: body };
  const afterHost = space === -1 ? '' : body.slice(space + 1).replace(/^ +/, '');
  const tag = TAG.exec(afterHost);
  if (!tag) return { host: hostToken, program: '', pid: '', message: afterHost };
  return { host: hostToken, program: tag[1], pid: tag[2] ?? '', message: afterHost.slice(tag[0].length).trimStart() };
}

/** RFC 5424 §6.3 STRUCTURED-DATA: `-` or `[id name="value" ...]...`; values escape `"`, `\` and `]` with `\`. */
function readStructuredData(text: string, fields: EventFields): number {
  if (text.startsWith('-')) return 1;
  let pos = 0;
  while (text[pos] === '[') {
    const idMatch = /^\[([^\s\]=]{1,32})/.exec(text.slice(pos, pos + 34));
    if (!idMatch) return -1;
    const id = idMatch[1];
    pos += idMatch[0].length;
    for (;;) {
      if (text[pos] === ']') {
        pos++;
        break;
      }
      const param = /^ ([^\s\]="]{1,32})="/.exec(text.slice(pos, pos + 36));
      if (!param) return -1;
      pos += param[0].length;
      let value = '';
      while (pos < text.length && text[pos] !== '"') {
        if (text[pos] === '\\' && pos + 1 < text.length) pos++;
        value += text[pos];
        pos++;
      }
      if (pos >= text.length) return -1;
      pos++;
      fields[`${id}.${param[1]}`] = value;
    }
  }
  return pos > 0 ? pos : -1;
}

/** RFC 5424 §6: `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG]`, `-` for a nil value. */
function readRfc5424(pri: number, afterPri: string): SyslogLine | null {
  const header = /^1 (\S+) (\S+) (\S+) (\S+) (\S+) /.exec(afterPri);
  if (!header) return null;
  const nil = (value: string): string => (value === '-' ? '' : value);
  const fields: EventFields = {};
  addPri(fields, pri);
  const ts = header[1] === '-' ? null : isoToUtc(header[1]);
  if (header[1] !== '-' && ts === null) return null;
  const sdText = afterPri.slice(header[0].length);
  const sdLength = readStructuredData(sdText, fields);
  if (sdLength === -1) return null;
  const message = sdText.slice(sdLength).replace(/^ /, '').replace(/^\ufeff/, '');
  const msgid = nil(header[5]);
  if (msgid) fields.msgid = msgid;
  return { ts, host: nil(header[2]), program: nil(header[3]), pid: nil(header[4]), message, fields };
}

/**
 * Parses a syslog line: RFC 5424, RFC 3164 (with or without PRI and host), or the ISO-timestamp header rsyslog
 * and macOS write (`2020-03-25 08:23:20.933154-0700  host prog[pid]: msg`). Returns null for anything else.
 */
export function parseSyslog(line: string, yearForMonth: YearForMonth): SyslogLine | null {
  let rest = line;
  let pri = -1;
  const priMatch = PRI.exec(rest);
  if (priMatch) {
    pri = Number(priMatch[1]);
    if (pri > MAX_PRI) return null;
    rest = rest.slice(priMatch[0].length);
    if (rest.startsWith('1 ')) return readRfc5424(pri, rest);
  }
  const fields: EventFields = {};
  if (pri >= 0) addPri(fields, pri);

  const bsd = BSD_TIMESTAMP.exec(rest);
  if (bsd) {
    const month = MONTHS[bsd[1].toLowerCase()];
    if (!month) return null;
    const year = bsd[7] ? Number(bsd[7]) : yearForMonth(month);
    const ts = utcIso({
      year,
      month,
      day: Number(bsd[2].trim()),
      hour: Number(bsd[3]),
      minute: Number(bsd[4]),
      second: Number(bsd[5]),
      fraction: bsd[6] ?? '',
      offsetMinutes: 0,
    });
    if (ts === null) return null;
    const tail = readHostAndTag(rest.slice(bsd[0].length));
    if (!tail.program && !tail.host) return null;
    return { ts, ...tail, fields };
  }
  const iso = ISO_DATE_TIME.exec(rest);
  if (iso && rest.charCodeAt(iso[0].length) === 0x20) {
    const ts = isoMatchToUtc(iso);
    const tail = readHostAndTag(rest.slice(iso[0].length));
    // An ISO time followed by something that is not `host prog:` is some other log with a leading time.
    if (ts === null || !tail.program) return null;
    return { ts, ...tail, fields };
  }
  return null;
}
