import PostalMime, { type Address, type Email } from 'postal-mime';
import { InputError, type ParseIssue } from '../../errors';
import { MAX_ATTACHED_MESSAGE_DEPTH, MAX_BOUNDARY_LINES, MAX_HEADER_BLOCK_BYTES, MAX_HEADER_FIELDS, MAX_MIME_DEPTH } from './limits';
import { readHeaderBlock, type HeaderBlock } from './headers';
import { startsWithMboxSeparator } from './split';

/** A message decoded as far as its bytes allow: the header block always, the MIME body when it could be read. */
export interface DecodedMessage {
  block: HeaderBlock;
  /** postal-mime's reading of the whole message, or of the header block alone when the body was not read. */
  email?: Email;
  /** False when only the headers were read (oversized message, or a body postal-mime rejected). */
  bodyRead: boolean;
  issues: ParseIssue[];
}

const LF = 0x0a;
const HYPHEN = 0x2d;

/** Lines of `bytes` that start with `--`, counted up to `limit + 1`: one pass from line feed to line feed. */
function countBoundaryLines(bytes: Uint8Array, limit: number): number {
  let count = 0;
  for (let start = 0; start < bytes.length && count <= limit; ) {
    if (bytes[start] === HYPHEN && bytes[start + 1] === HYPHEN) count++;
    const lineFeed = bytes.indexOf(LF, start);
    if (lineFeed < 0) break;
    start = lineFeed + 1;
  }
  return count;
}

/**
 * Decodes one message. `offset` is where `bytes` start in the file, so issues point at the right byte. A leading
 * mbox `From ` line (RFC 4155) is not a header and is skipped. postal-mime limits MIME nesting and header size itself
 * and rejects past them; a rejected body leaves the headers, read again on their own.
 */
export async function decodeMessage(bytes: Uint8Array, file: string, offset: number, readBody: boolean): Promise<DecodedMessage> {
  let start = 0;
  if (startsWithMboxSeparator(bytes)) {
    const lineEnd = bytes.indexOf(LF);
    start = lineEnd < 0 ? bytes.length : lineEnd + 1;
  }
  const message = bytes.subarray(start);
  const base = offset + start;
  const issues: ParseIssue[] = [];
  const block = readHeaderBlock(message);
  if (block.headers.length === 0) {
    issues.push(new InputError(file, base, 'no header fields: not a mail message, or its start is missing', 'header block').toIssue());
  }
  if (block.truncated) {
    issues.push(new InputError(file, base + (block.truncatedOffset ?? 0), `header block longer than ${MAX_HEADER_BLOCK_BYTES} bytes or more than ${MAX_HEADER_FIELDS} fields; the rest was not read`, 'header block').toIssue('warning'));
  }
  if (block.unterminated && message.length > 0) {
    issues.push(new InputError(file, base + message.length, 'no empty line ends the header block: the message is cut off or has no body', 'header block').toIssue('warning'));
  }
  if (block.malformedLines > 0) {
    issues.push(new InputError(file, base + (block.firstMalformedOffset ?? 0), `${block.malformedLines} header lines are neither a field nor a continuation (the first here)`, 'header field').toIssue('warning'));
  }
  const options = {
    attachmentEncoding: 'arraybuffer' as const,
    maxNestingDepth: MAX_MIME_DEPTH,
    maxHeadersSize: MAX_HEADER_BLOCK_BYTES,
    maxRfc822NestingDepth: MAX_ATTACHED_MESSAGE_DEPTH,
  };
  const boundaryLines = readBody ? countBoundaryLines(message, MAX_BOUNDARY_LINES) : 0;
  if (boundaryLines > MAX_BOUNDARY_LINES) {
    issues.push(new InputError(file, base + block.bodyOffset, `MIME body not decoded (more than ${MAX_BOUNDARY_LINES} boundary lines); headers kept`, 'MIME body').toIssue());
  } else if (readBody) {
    try {
      return { block, email: await PostalMime.parse(message, options), bodyRead: true, issues };
    } catch (thrown) {
      const reason = thrown instanceof Error ? thrown.message : String(thrown);
      issues.push(new InputError(file, base + block.bodyOffset, `MIME body not decoded (${reason}); headers kept`, 'MIME body').toIssue());
    }
  }
  try {
    // The header block again, as the capped values kept above: a block postal-mime refused for its size still parses.
    const rebuilt = new TextEncoder().encode(`${block.headers.map((header) => `${header.name}: ${header.value}`).join('\r\n')}\r\n\r\n`);
    return { block, email: await PostalMime.parse(rebuilt, options), bodyRead: false, issues };
  } catch (thrown) {
    const reason = thrown instanceof Error ? thrown.message : String(thrown);
    issues.push(new InputError(file, base, `header fields not decoded (${reason}); raw values kept`, 'header block').toIssue());
    return { block, bodyRead: false, issues };
  }
}

/** Flattens groups (RFC 5322 3.4 `name: a, b;`) into their mailboxes. */
export function mailboxes(addresses: readonly Address[] | Address | undefined): { name: string; address: string }[] {
  if (!addresses) return [];
  const list = Array.isArray(addresses) ? addresses : [addresses as Address];
  return list.flatMap((entry) => (entry.group ? entry.group : [entry])).map((box) => ({ name: box.name ?? '', address: (box.address ?? '').toLowerCase() }));
}
