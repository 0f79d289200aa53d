/** Base64 runs shorter than this are common (GUIDs, tokens, hashes); encoded commands are longer. */
export const MIN_BASE64_BLOCK = 120;
/** Characters of a command line scanned, and of a block decoded: bounds the work on hostile input. */
export const MAX_SCANNED_CHARS = 32 * 1024;
export const MAX_DECODED_CHARS = 8 * 1024;

const BASE64_RUN = new RegExp(`[A-Za-z0-9+/]{${MIN_BASE64_BLOCK},}={0,2}`);

/** What, decoded, marks a block as a payload rather than data. */
const PAYLOAD_MARKERS: readonly [RegExp, string][] = [
  [/invoke-expression|\biex\b/i, 'Invoke-Expression'],
  [/downloadstring|downloadfile|downloaddata|net\.webclient|invoke-webrequest|\biwr\b|start-bitstransfer/i, 'a download call'],
  [/frombase64string|\[convert\]/i, 'a second decoding layer'],
  [/virtualalloc|createthread|writeprocessmemory/i, 'memory-injection APIs'],
  [/https?:\/\//i, 'a URL'],
  [/-w(?:indowstyle)?\s+hidden|-nop\b|-noni/i, 'hidden-window flags'],
];

export interface EncodedPayload {
  blob: string;
  length: number;
  /** What the decoded text contains that marks it as a payload, or '' when nothing does. */
  suspicious: string;
}

function decodeBase64(blob: string): string {
  const usable = blob.slice(0, MAX_DECODED_CHARS - (MAX_DECODED_CHARS % 4)).replace(/=+$/, '');
  const padded = usable + '='.repeat((4 - (usable.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(padded.length % 4 === 1 ? padded.slice(0, -1) : padded);
  } catch {
    return '';
  }
  // PowerShell -EncodedCommand is UTF-16LE: every other byte is zero for ASCII text.
  let zeros = 0;
  for (let i = 1; i < binary.length; i += 2) if (binary.charCodeAt(i) === 0) zeros++;
  if (zeros > binary.length / 4) {
    let text = '';
    for (let i = 0; i + 1 < binary.length; i += 2) text += String.fromCharCode(binary.charCodeAt(i) | (binary.charCodeAt(i + 1) << 8));
    return text;
  }
  return binary;
}

/**
 * A long base64 block in a command line, if any. Pure hex and single-case runs are skipped: hashes and paths look
 * like that, encoded text mixes upper case, lower case and digits.
 */
export function encodedPayload(commandLine: string): EncodedPayload | null {
  const match = BASE64_RUN.exec(commandLine.slice(0, MAX_SCANNED_CHARS));
  if (!match) return null;
  const blob = match[0];
  if (!/[A-Z]/.test(blob) || !/[a-z]/.test(blob) || !/[0-9]/.test(blob)) return null;
  const decoded = decodeBase64(blob);
  const markers = PAYLOAD_MARKERS.filter(([pattern]) => pattern.test(decoded)).map(([, label]) => label);
  return { blob, length: blob.length, suspicious: markers.join(', ') };
}
