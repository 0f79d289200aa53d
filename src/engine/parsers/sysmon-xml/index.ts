import { issueFromThrown } from '../../errors';
import { eventId, type EventOrigin } from '../../events';
import { readHead, readSlices } from '../../io/blob-reader';
import { EVENTS_PER_BATCH, MAX_XML_EVENT_BYTES, READ_SLICE_BYTES } from '../../limits';
import { PendingBatch } from '../issue-cap';
import type { ParseBatch, ParseContext, Parser } from '../types';
import { normalizeWindowsEvent } from '../windows/normalize';
import { EventXmlScanner } from './event-scanner';
import { EventSplitter, type EventBytes } from './event-splitter';
import { detectXmlEncoding, sniffWindowsEventXml } from './sniff';

/** EventRecordID is a 64-bit counter; it goes into `origin.record` only while a JS number holds it exactly. */
function recordNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,15}$/.test(text.trim())) return undefined;
  return Number(text);
}

/**
 * Windows event XML as analysts export it: Event Viewer "Save as XML" (an `<Events>` root) and `wevtutil qe /f:xml`
 * (bare `<Event>` elements back to back). Any channel is accepted; Sysmon is only the common case.
 */
export const parser: Parser = {
  meta: {
    id: 'sysmon-xml',
    source: 'sysmon-xml',
    label: 'Windows event XML (Sysmon, Event Viewer, wevtutil)',
    extensions: ['.xml'],
  },
  sniff: sniffWindowsEventXml,
  parse: parseWindowsEventXml,
};

async function* parseWindowsEventXml(input: Blob, ctx: ParseContext): AsyncGenerator<ParseBatch> {
  const encoding = detectXmlEncoding(await readHead(input, 2));
  const splitter = new EventSplitter(ctx.fileName, encoding, MAX_XML_EVENT_BYTES);
  const decoder = new TextDecoder(encoding, { fatal: false });
  const scanner = new EventXmlScanner();
  const pending = new PendingBatch(ctx.fileName);

  const convert = (found: EventBytes): void => {
    try {
      const record = scanner.scan(decoder.decode(found.bytes), ctx.fileName, found.offset);
      const origin: EventOrigin = { file: ctx.fileName, offset: found.offset };
      const recordId = recordNumber(record.system.EventRecordID);
      if (recordId !== undefined) origin.record = recordId;
      pending.events.push(normalizeWindowsEvent(record, 'sysmon-xml', origin, eventId(ctx.fileIndex, found.offset)));
    } catch (thrown) {
      pending.issues.push(issueFromThrown(thrown, ctx.fileName, found.offset));
    }
  };

  let bytesDone = 0;
  for await (const { bytes, offset } of readSlices(input, READ_SLICE_BYTES, ctx.signal)) {
    const found: EventBytes[] = [];
    splitter.push(bytes, offset, found, pending.issues);
    for (const event of found) {
      convert(event);
      if (pending.events.length >= EVENTS_PER_BATCH) yield pending.take(Math.max(bytesDone, event.offset));
      if (ctx.signal?.aborted) return;
    }
    bytesDone = offset + bytes.length;
    if (pending.events.length > 0 || pending.issues.length > 0) yield pending.take(bytesDone);
  }
  if (ctx.signal?.aborted) return;
  const found: EventBytes[] = [];
  splitter.finish(found, pending.issues);
  for (const event of found) convert(event);
  yield pending.take(Math.max(bytesDone, input.size), true);
}
