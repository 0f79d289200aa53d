import { readSlices } from '../../io/blob-reader';
import { READ_SLICE_BYTES } from '../../limits';

/** One message's bytes within the file: `[start, end)`. */
export interface MessageRange {
  start: number;
  end: number;
}

const LF = 0x0a;
const CR = 0x0d;
const SEPARATOR = [0x46, 0x72, 0x6f, 0x6d, 0x20]; // "From "

/** Whether the file is an mbox: its first line is a `From ` separator (RFC 4155). */
export function startsWithMboxSeparator(head: Uint8Array): boolean {
  return SEPARATOR.every((byte, index) => head[index] === byte);
}

/**
 * Finds the messages of an mbox (RFC 4155): each starts at a line beginning with `From ` that follows an empty line
 * or the start of the file. Writers escape `From ` at the start of body lines (`>From `), and requiring the empty
 * line before it keeps an unescaped one inside a paragraph from splitting a message. One pass over the bytes, a
 * handful of state variables, whatever the file size.
 */
export async function* mboxMessageRanges(blob: Blob, signal?: AbortSignal): AsyncGenerator<MessageRange> {
  let messageStart = 0;
  let lineStart = 0;
  let lineLength = 0;
  let lastWasCr = false;
  let previousLineEmpty = true;
  let matched = 0;
  for await (const { bytes, offset } of readSlices(blob, READ_SLICE_BYTES, signal)) {
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (byte === LF) {
        previousLineEmpty = lineLength === 0 || (lineLength === 1 && lastWasCr);
        lineStart = offset + i + 1;
        lineLength = 0;
        matched = 0;
        lastWasCr = false;
        continue;
      }
      if (matched >= 0 && matched < SEPARATOR.length) {
        if (byte === SEPARATOR[matched]) {
          matched++;
          if (matched === SEPARATOR.length && previousLineEmpty && lineStart > messageStart) {
            yield { start: messageStart, end: lineStart };
            messageStart = lineStart;
          }
        } else {
          matched = -1;
        }
      }
      lineLength++;
      lastWasCr = byte === CR;
    }
  }
  if (blob.size > messageStart) yield { start: messageStart, end: blob.size };
}
