/**
 * Packet timestamps. Both formats count units since 1970-01-01 UTC: classic pcap in microseconds or nanoseconds
 * (by magic), pcapng in a per-interface resolution (pcapng draft section 4.2, if_tsresol: 10^-n or 2^-n seconds)
 * plus an offset in seconds (if_tsoffset).
 */

/** A time as whole seconds plus nanoseconds, so durations and the ISO text stay exact. */
export interface CaptureTime {
  seconds: number;
  nanos: number;
  /** Fraction digits the capture carries: 6 (microseconds) or 9 (anything finer). */
  digits: 6 | 9;
}

/** JavaScript dates reach ±8.64e15 ms; a timestamp beyond is damage and the packet gets no time. */
const MAX_DATE_SECONDS = 8.64e12;

/** if_tsresol as the decoder uses it. */
export interface TimeResolution {
  /** Units per second when it is a power of ten (10^-n), else 0. */
  decimalUnits: number;
  /** n of 2^-n, when the resolution is a power of two. */
  binaryExponent: number;
  digits: 6 | 9;
}

export const MICROSECONDS: TimeResolution = { decimalUnits: 1e6, binaryExponent: 0, digits: 6 };

/**
 * Decodes if_tsresol (pcapng section 4.2): the high bit chooses base 2, the rest is the exponent. Exponents a 64-bit
 * counter cannot use (10^-20 and finer, 2^-64 and finer) fall back to the default, microseconds.
 */
export function timeResolution(tsresol: number): TimeResolution {
  const exponent = tsresol & 0x7f;
  if (tsresol & 0x80) {
    return exponent < 64 ? { decimalUnits: 0, binaryExponent: exponent, digits: exponent <= 20 ? 6 : 9 } : MICROSECONDS;
  }
  if (exponent > 19) return MICROSECONDS;
  return { decimalUnits: 10 ** exponent, binaryExponent: 0, digits: exponent <= 6 ? 6 : 9 };
}

/** Classic pcap: seconds and a sub-second count in the file's unit. */
export function classicTime(seconds: number, fraction: number, nanosecond: boolean): CaptureTime {
  const nanos = nanosecond ? fraction : fraction * 1000;
  // A sub-second field at or past one second is damage; carry it rather than print an impossible time.
  const carry = Math.floor(nanos / 1e9);
  return { seconds: seconds + carry, nanos: nanos - carry * 1e9, digits: nanosecond ? 9 : 6 };
}

const TWO_POW_32 = 4294967296;
/** Below this high word the 64-bit count fits a double exactly (2^53). */
const EXACT_HIGH_WORDS = 2 ** 21;

/** pcapng: a 64-bit count of resolution units (two 32-bit words) plus if_tsoffset seconds. */
export function pcapngTime(high: number, low: number, resolution: TimeResolution, offsetSeconds: number): CaptureTime {
  let seconds: number;
  let nanos: number;
  if (resolution.decimalUnits > 0) {
    const units = resolution.decimalUnits;
    if (high < EXACT_HIGH_WORDS) {
      const count = high * TWO_POW_32 + low;
      seconds = Math.floor(count / units);
      nanos = scaleToNanos(count - seconds * units, units);
    } else {
      const count = (BigInt(high) << 32n) | BigInt(low);
      const big = BigInt(units);
      seconds = Number(count / big);
      nanos = scaleToNanos(Number(count % big), units);
    }
  } else {
    const count = (BigInt(high) << 32n) | BigInt(low);
    const exponent = BigInt(resolution.binaryExponent);
    seconds = Number(count >> exponent);
    const fraction = count & ((1n << exponent) - 1n);
    nanos = Number((fraction * 1_000_000_000n) >> exponent);
  }
  return { seconds: seconds + offsetSeconds, nanos, digits: resolution.digits };
}

function scaleToNanos(fraction: number, units: number): number {
  return units <= 1e9 ? fraction * (1e9 / units) : Math.floor(fraction / (units / 1e9));
}

/** Seconds from `start` to `end`, exact to the nanosecond. */
export function secondsBetween(start: CaptureTime, end: CaptureTime): number {
  return end.seconds - start.seconds + (end.nanos - start.nanos) / 1e9;
}

/**
 * ISO-8601 UTC text with the capture's precision. The date part is cached per second: consecutive packets nearly
 * always share it, and building it is the costly part.
 */
export class IsoFormatter {
  private cachedSecond = Number.NaN;
  private cachedPrefix = '';

  format(time: CaptureTime | null): string | null {
    if (time === null || !Number.isFinite(time.seconds) || Math.abs(time.seconds) >= MAX_DATE_SECONDS) return null;
    if (time.seconds !== this.cachedSecond) {
      this.cachedSecond = time.seconds;
      this.cachedPrefix = new Date(time.seconds * 1000).toISOString().slice(0, -5);
    }
    const fraction = time.digits === 6 ? Math.floor(time.nanos / 1000) : time.nanos;
    return `${this.cachedPrefix}.${String(fraction).padStart(time.digits, '0')}Z`;
  }
}
