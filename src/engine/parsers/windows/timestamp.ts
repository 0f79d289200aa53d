/**
 * Windows renders `TimeCreated/@SystemTime` as ISO-8601 with 7 fractional digits (FILETIME is 100 ns); converters
 * differ (python-evtx prints `2019-02-13 18:01:41.593830`, some tools add `+00:00` or drop the `Z`). All of them
 * become `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, keeping every fractional digit the source had. Digits past the 7th
 * that are zeros are padding, not precision (evtxexport and newer Event Viewer exports print 9 digits of a 100 ns
 * FILETIME): they are dropped, so one record reads the same from its .evtx and from its XML export.
 */
const WINDOWS_TIME =
  /^\s*(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,12}))?\s*(Z|[+-]\d\d:?\d\d)?\s*$/i;

/** Days per month in a non-leap year; February is checked against the year separately. */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Length of `YYYY-MM-DDTHH:MM:SS.fffffffZ`, the form the EVTX parser writes and Windows renders. */
const CANONICAL_LENGTH = 28;
const DIGIT_0 = 48;

function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - DIGIT_0;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Whether `text` is already the canonical form of a valid UTC time, which is then its own result: one such time in
 * every EVTX record, so this spares the regular expression and its match arrays.
 */
function isCanonicalUtc(text: string): boolean {
  if (text.length !== CANONICAL_LENGTH || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':') return false;
  if (text[16] !== ':' || text[19] !== '.' || text[27] !== 'Z' || digitsAt(text, 20, 7) < 0) return false;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  const monthDays = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
  return day >= 1 && day <= monthDays;
}

/** Returns ISO-8601 UTC, or null when the text is absent or not a valid date-time. */
export function windowsTimeToIso(text: string | undefined): string | null {
  if (text === undefined) return null;
  if (isCanonicalUtc(text)) return text;
  const match = WINDOWS_TIME.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const fraction = canonicalFraction(match[7] ?? '');
  const zone = match[8];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const monthDays = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (day < 1 || day > monthDays) return null;
  const suffix = fraction ? `.${fraction}Z` : 'Z';
  const offsetMinutes = zoneOffsetMinutes(zone);
  if (offsetMinutes === 0) {
    return `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}${suffix}`;
  }
  // A non-UTC offset only moves whole minutes, so the fraction is carried over unchanged.
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  const shifted = new Date(0);
  shifted.setUTCFullYear(year, month - 1, day);
  shifted.setUTCHours(hour, minute - offsetMinutes, second, 0);
  const shiftedYear = shifted.getUTCFullYear();
  if (shiftedYear < 0 || shiftedYear > 9999) return null;
  return `${shifted.toISOString().slice(0, 19)}${suffix}`;
}

/** FILETIME precision: 7 fractional digits. */
const WINDOWS_FRACTION_DIGITS = 7;

function canonicalFraction(fraction: string): string {
  if (fraction.length <= WINDOWS_FRACTION_DIGITS || /[1-9]/.test(fraction.slice(WINDOWS_FRACTION_DIGITS))) return fraction;
  return fraction.slice(0, WINDOWS_FRACTION_DIGITS);
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}
