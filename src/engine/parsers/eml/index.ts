import { InputError, issueFromThrown } from '../../errors';
import { eventId } from '../../events';
import { readHead, readRange } from '../../io/blob-reader';
import { EVENTS_PER_BATCH } from '../../limits';
import { PendingBatch } from '../issue-cap';
import type { ParseBatch, ParseContext, Parser } from '../types';
import { messageFields } from './fields';
import { MAX_HEADER_BLOCK_BYTES, MAX_MESSAGE_BYTES } from './limits';
import { decodeMessage } from './message';
import { EMAIL_EXTENSIONS, sniffEmail } from './sniff';
import { mboxMessageRanges, startsWithMboxSeparator, type MessageRange } from './split';

/** Internet mail: one `.eml` message (RFC 5322 with MIME), or an mbox file of many (RFC 4155). */
export const parser: Parser = {
  meta: { id: 'eml', source: 'eml', label: 'E-mail message (.eml, mbox)', extensions: EMAIL_EXTENSIONS },
  sniff: sniffEmail,
  parse: parseMail,
};

async function* wholeFile(input: Blob): AsyncGenerator<MessageRange> {
  if (input.size > 0) yield { start: 0, end: input.size };
}

/** Whether a range holds nothing but line breaks and blanks, as an mbox may end with. */
async function isBlank(input: Blob, range: MessageRange): Promise<boolean> {
  if (range.end - range.start > 64) return false;
  return (await readRange(input, range.start, range.end - range.start)).every((byte) => byte === 0x0a || byte === 0x0d || byte === 0x20 || byte === 0x09);
}

async function* parseMail(input: Blob, ctx: ParseContext): AsyncGenerator<ParseBatch> {
  const ranges = startsWithMboxSeparator(await readHead(input, 5)) ? mboxMessageRanges(input, ctx.signal) : wholeFile(input);
  const pending = new PendingBatch(ctx.fileName);
  let record = 0;
  for await (const range of ranges) {
    if (ctx.signal?.aborted) return;
    if (await isBlank(input, range)) continue;
    record++;
    const size = range.end - range.start;
    const oversized = size > MAX_MESSAGE_BYTES;
    if (oversized) {
      pending.issues.push(new InputError(ctx.fileName, range.start, `message of ${size} bytes exceeds ${MAX_MESSAGE_BYTES}; only its headers were read`, 'message').toIssue());
    }
    try {
      const bytes = await readRange(input, range.start, oversized ? MAX_HEADER_BLOCK_BYTES : size);
      const decoded = await decodeMessage(bytes, ctx.fileName, range.start, !oversized);
      pending.issues.push(...decoded.issues);
      const view = await messageFields(decoded);
      pending.events.push({
        id: eventId(ctx.fileIndex, range.start),
        ts: view.ts,
        source: 'eml',
        kind: 'email',
        host: view.host,
        user: view.user,
        message: view.message,
        fields: view.fields,
        origin: { file: ctx.fileName, offset: range.start, record },
      });
    } catch (thrown) {
      pending.issues.push(issueFromThrown(thrown, ctx.fileName, range.start));
    }
    if (pending.events.length >= EVENTS_PER_BATCH || pending.issues.length >= EVENTS_PER_BATCH) yield pending.take(range.end);
  }
  yield pending.take(input.size, true);
}
