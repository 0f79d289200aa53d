import type { StreamPayload } from '../../segment';
import { MAX_COMMAND_LINE_BYTES } from '../limits';
import { capped, latin1, StreamBuffer } from '../stream-buffer';

/**
 * Splits one direction of a line-oriented protocol (FTP, SMTP) into lines. A line longer than
 * MAX_COMMAND_LINE_BYTES is cut at that length and the rest of it skipped, so a client that never sends a newline
 * costs a bounded buffer.
 */
export class LineReader {
  private readonly buffer = new StreamBuffer(MAX_COMMAND_LINE_BYTES * 2);
  private skipping = false;

  lines(payload: Uint8Array, gap: boolean): string[] {
    if (gap) {
      // The line in progress lost its middle; resume at the next line start.
      this.buffer.clear();
      this.skipping = true;
    }
    const lines: string[] = [];
    let at = 0;
    while (at < payload.length) {
      const newline = payload.indexOf(10, at);
      const end = newline < 0 ? payload.length : newline;
      if (!this.skipping) this.buffer.append(payload.subarray(at, Math.min(end, at + MAX_COMMAND_LINE_BYTES)));
      if (this.buffer.length >= MAX_COMMAND_LINE_BYTES && newline < 0) {
        lines.push(this.take());
        this.skipping = true;
      }
      if (newline < 0) break;
      if (!this.skipping) lines.push(this.take());
      this.skipping = false;
      at = newline + 1;
    }
    return lines;
  }

  private take(): string {
    const line = capped(latin1(this.buffer.view()).replace(/\r$/, ''), MAX_COMMAND_LINE_BYTES);
    this.buffer.clear();
    return line;
  }
}

/** A reply line (RFC 959 section 4.2, RFC 5321 section 4.2): code, whether more lines follow, text. */
export function replyLine(line: string): { code: number; more: boolean; text: string } | undefined {
  const match = /^(\d{3})([ -]?)(.*)$/.exec(line);
  return match ? { code: Number(match[1]), more: match[2] === '-', text: match[3] } : undefined;
}

export function startsWithText(bytes: Uint8Array, pattern: RegExp): boolean {
  return pattern.test(latin1(bytes, 0, 256));
}

/**
 * Whether the initiator is the client of an FTP or SMTP conversation. The server speaks first (a 220 greeting, RFC 959
 * section 5.4, RFC 5321 section 3.1), so a first payload that is a reply came from the server.
 */
export function clientIsInitiator(first: StreamPayload): boolean {
  return startsWithText(first.payload, /^\d{3}[ -]/) ? !first.fromInitiator : first.fromInitiator;
}
