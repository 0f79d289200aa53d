import { MAX_DNS_ANSWER_CHARS, MAX_DNS_NAME_LABELS, MAX_DNS_RECORDS_PER_SECTION } from '../limits';
import { latin1 } from '../stream-buffer';

/** A DNS message (RFC 1035 section 4.1) reduced to what dns.log records. */
export interface DnsMessage {
  id: number;
  response: boolean;
  opcode: number;
  authoritative: boolean;
  truncated: boolean;
  recursionDesired: boolean;
  recursionAvailable: boolean;
  z: number;
  rcode: number;
  question?: { name: string; qtype: number; qclass: number };
  /** Answer section rendered as Zeek does: addresses and names as text, other types by type name. */
  answers: string[];
  ttls: number[];
}

const HEADER_BYTES = 12;
const POINTER_MASK = 0xc0;

class Truncated extends Error {}

/**
 * Reads a possibly compressed name (RFC 1035 section 4.1.4). A pointer must point strictly before the place it was
 * read from, which is what a compressor produces and what makes loops impossible: every jump moves backwards. Jumps
 * are bounded like labels (a compressor never needs more than one per label), or a chain of pointers each two bytes
 * before the last would cost every name of a message thousands of steps.
 */
function readName(bytes: Uint8Array, offset: number, text = true): { name: string; next: number } {
  const labels: string[] = [];
  let labelCount = 0;
  let position = offset;
  let next = -1;
  let lowestJump = offset;
  let jumps = 0;
  while (labelCount <= MAX_DNS_NAME_LABELS && jumps <= MAX_DNS_NAME_LABELS) {
    if (position >= bytes.length) throw new Truncated();
    const length = bytes[position];
    if ((length & POINTER_MASK) === POINTER_MASK) {
      if (position + 1 >= bytes.length) throw new Truncated();
      const target = ((length & 0x3f) << 8) | bytes[position + 1];
      if (next < 0) next = position + 2;
      if (target >= lowestJump) throw new Truncated();
      lowestJump = target;
      position = target;
      jumps++;
      continue;
    }
    if (length & POINTER_MASK) throw new Truncated();
    if (length === 0) {
      if (next < 0) next = position + 1;
      return { name: labels.join('.'), next };
    }
    if (position + 1 + length > bytes.length) throw new Truncated();
    // An owner name only read to find the record after it is not built: compression lets every record of a
    // message repeat one long name, and building it hundreds of times would cost far more than the message.
    if (text) labels.push(latin1(bytes, position + 1, position + 1 + length));
    labelCount++;
    position += 1 + length;
  }
  throw new Truncated();
}

const u16 = (bytes: Uint8Array, at: number): number => {
  if (at + 2 > bytes.length) throw new Truncated();
  return (bytes[at] << 8) | bytes[at + 1];
};
const u32 = (bytes: Uint8Array, at: number): number => u16(bytes, at) * 65536 + u16(bytes, at + 2);

function ipv6Text(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  // RFC 5952 section 4.2: the longest run of two or more zero groups becomes `::`.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

function renderAnswer(bytes: Uint8Array, type: number, start: number, length: number): string {
  const data = bytes.subarray(start, start + length);
  switch (type) {
    case 1:
      return length === 4 ? Array.from(data).join('.') : '<bad A>';
    case 28:
      return length === 16 ? ipv6Text(data) : '<bad AAAA>';
    case 2:
    case 5:
    case 12:
    case 39:
      return readName(bytes, start).name;
    case 15:
      return readName(bytes, start + 2).name;
    case 33:
      return readName(bytes, start + 6).name;
    case 16: {
      const strings: string[] = [];
      for (let at = 0; at < data.length; ) {
        const size = data[at];
        strings.push(latin1(data, at + 1, Math.min(data.length, at + 1 + size)));
        at += 1 + size;
      }
      return `TXT ${strings.join(' ')}`;
    }
    default:
      return `<${type}>`;
  }
}

/** Parses one DNS message; returns undefined for bytes that are not one (truncated, bad names). */
export function parseDnsMessage(bytes: Uint8Array): DnsMessage | undefined {
  if (bytes.length < HEADER_BYTES) return undefined;
  try {
    const flags = u16(bytes, 2);
    const questions = u16(bytes, 4);
    const answerCount = u16(bytes, 6);
    const message: DnsMessage = {
      id: u16(bytes, 0),
      response: (flags & 0x8000) !== 0,
      opcode: (flags >> 11) & 0xf,
      authoritative: (flags & 0x0400) !== 0,
      truncated: (flags & 0x0200) !== 0,
      recursionDesired: (flags & 0x0100) !== 0,
      recursionAvailable: (flags & 0x0080) !== 0,
      z: (flags >> 4) & 0x7,
      rcode: flags & 0xf,
      answers: [],
      ttls: [],
    };
    let at = HEADER_BYTES;
    for (let i = 0; i < Math.min(questions, MAX_DNS_RECORDS_PER_SECTION); i++) {
      const { name, next } = readName(bytes, at, i === 0);
      const question = { name, qtype: u16(bytes, next), qclass: u16(bytes, next + 2) };
      if (i === 0) message.question = question;
      at = next + 4;
    }
    let answerChars = 0;
    for (let i = 0; i < Math.min(answerCount, MAX_DNS_RECORDS_PER_SECTION) && answerChars < MAX_DNS_ANSWER_CHARS; i++) {
      const { next } = readName(bytes, at, false);
      const type = u16(bytes, next);
      const ttl = u32(bytes, next + 4);
      const length = u16(bytes, next + 8);
      const start = next + 10;
      if (start + length > bytes.length) throw new Truncated();
      const answer = renderAnswer(bytes, type, start, length);
      answerChars += answer.length + 1;
      message.answers.push(answer);
      message.ttls.push(ttl);
      at = start + length;
    }
    return message;
  } catch (error) {
    if (error instanceof Truncated) return undefined;
    throw error;
  }
}
