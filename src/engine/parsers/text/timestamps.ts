/**
 * Timestamps of the text-log families, all turned into ISO-8601 UTC (`YYYY-MM-DDTHH:MM:SS[.fraction]Z`), keeping
 * the fraction the source wrote. A time without a zone (RFC 3164 syslog, Apache error log, nginx error log) is read
 * as UTC: the log does not say, and guessing the analyst's zone would make the same file parse differently on two
 * machines.
 */

export const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

export interface TimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Fraction digits as written (no dot), '' for none. */
  fraction: string;
  /** Minutes east of UTC. */
  offsetMinutes: number;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** ISO UTC from validated parts, or null when a part is out of range (hostile or damaged lines). */
export function utcIso(parts: TimeParts): string | null {
  const { year, month, day, hour, minute, second, fraction, offsetMinutes } = parts;
  if (!(year >= 1 && year <= 9999) || !(month >= 1 && month <= 12) || !(day >= 1 && day <= daysInMonth(year, month))) {
    return null;
  }
  // Second 60 is a leap second (RFC 3339 §5.6); it is kept as written rather than rolled into the next minute.
  if (!(hour <= 23 && minute <= 59 && second <= 60) || Math.abs(offsetMinutes) > 18 * 60) return null;
  const suffix = fraction ? `.${fraction}Z` : 'Z';
  if (offsetMinutes === 0) return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${suffix}`;
  const shifted = new Date(0);
  shifted.setUTCFullYear(year, month - 1, day);
  shifted.setUTCHours(hour, minute - offsetMinutes, Math.min(second, 59), 0);
  const shiftedYear = shifted.getUTCFullYear();
  if (shiftedYear < 1 || shiftedYear > 9999) return null;
  const secondText = second === 60 ? '60' : pad(shifted.getUTCSeconds());
  return `${shifted.toISOString().slice(0, 17)}${secondText}${suffix}`;
}

/** `+0200`, `-07:00`, `Z`, `+00`; undefined when not a zone. */
export function zoneMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === '') return 0;
  if (zone === 'Z' || zone === 'z') return 0;
  const match = /^([+-])(\d\d):?(\d\d)?$/.exec(zone);
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

/** ISO 8601 / RFC 3339 date-time at the start of `text` (space or T separator, optional fraction and zone). */
export const ISO_DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(Z|z|[+-]\d\d(?::?\d\d)?)?/;

export function isoMatchToUtc(match: RegExpExecArray): string | null {
  const offsetMinutes = zoneMinutes(match[8]);
  if (offsetMinutes === undefined) return null;
  return utcIso({
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4]),
    minute: Number(match[5]),
    second: Number(match[6]),
    fraction: match[7] ?? '',
    offsetMinutes,
  });
}

export function isoToUtc(text: string): string | null {
  const match = ISO_DATE_TIME.exec(text.trim());
  return match && match[0].length === text.trim().length ? isoMatchToUtc(match) : null;
}

/** Apache / nginx access-log time: `13/Jan/2016:19:31:16 +0000` (the Common Log Format's `%t`). */
export function clfTimeToUtc(text: string): string | null {
  const match = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4}):(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))? ([+-]\d{4})$/.exec(text);
  if (!match) return null;
  const month = MONTHS[match[2].toLowerCase()];
  const offsetMinutes = zoneMinutes(match[8]);
  if (!month || offsetMinutes === undefined) return null;
  return utcIso({
    year: Number(match[3]),
    month,
    day: Number(match[1]),
    hour: Number(match[4]),
    minute: Number(match[5]),
    second: Number(match[6]),
    fraction: match[7] ?? '',
    offsetMinutes,
  });
}

/** JSON timestamps: ISO text, or epoch seconds / milliseconds as a number or digit string. */
export function jsonTimeToUtc(value: unknown): string | null {
  if (typeof value === 'string') {
    const iso = isoToUtc(value);
    if (iso) return iso;
    if (!/^\d{9,13}(?:\.\d+)?$/.test(value.trim())) return null;
    return epochToUtc(Number(value));
  }
  if (typeof value === 'number') return epochToUtc(value);
  return null;
}

/** Epoch values of 10^12 and more are milliseconds (seconds would be past year 33000). */
function epochToUtc(value: number): string | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  const millis = value >= 1e12 ? value : value * 1000;
  const date = new Date(millis);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999) return null;
  return date.toISOString();
}
