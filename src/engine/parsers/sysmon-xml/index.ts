import type { ParseIssue } from '../../errors';
import { issueFromThrown } from '../../errors';
import { eventId, type EventOrigin, type NormalizedEvent } from '../../events';
import { readHead, readSlices } from '../../io/blob-reader';
import { EVENTS_PER_BATCH, MAX_LISTED_ISSUES, MAX_XML_EVENT_BYTES, READ_SLICE_BYTES } from '../../limits';
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
  let events: NormalizedEvent[] = [];
  let issues: ParseIssue[] = [];

  const convert = (found: EventBytes): void => {
    try {
      const record = scanner.scan(decoder.decode(found.bytes), ctx.fileName, found.offset);
      const origin: EventOrigin = { file: ctx.fileName, offset: found.offset };
      const recordId = recordNumber(record.system.EventRecordID);
      if (recordId !== undefined) origin.record = recordId;
      events.push(normalizeWindowsEvent(record, 'sysmon-xml', origin, eventId(ctx.fileIndex, found.offset)));
    } catch (thrown) {
      issues.push(issueFromThrown(thrown, ctx.fileName, found.offset));
    }
  };
  let listedIssues = 0;
  let unlistedIssues = 0;
  const take = (bytesDone: number): ParseBatch => {
    const room = Math.max(0, MAX_LISTED_ISSUES - listedIssues);
    if (issues.length > room) {
      unlistedIssues += issues.length - room;
      issues.length = room;
    }
    listedIssues += issues.length;
    const batch = { events, issues, bytesDone };
    events = [];
    issues = [];
    return batch;
  };

  let bytesDone = 0;
  for await (const { bytes, offset } of readSlices(input, READ_SLICE_BYTES, ctx.signal)) {
    const found: EventBytes[] = [];
    splitter.push(bytes, offset, found, issues);
    for (const event of found) {
      convert(event);
      if (events.length >= EVENTS_PER_BATCH) yield take(Math.max(bytesDone, event.offset));
      if (ctx.signal?.aborted) return;
    }
    bytesDone = offset + bytes.length;
    if (events.length > 0 || issues.length > 0) yield take(bytesDone);
  }
  if (ctx.signal?.aborted) return;
  const found: EventBytes[] = [];
  splitter.finish(found, issues);
  for (const event of found) convert(event);
  const last = take(Math.max(bytesDone, input.size));
  if (unlistedIssues > 0) {
    last.issues.push({
      file: ctx.fileName,
      offset: 0,
      reason: `${unlistedIssues} more problems not listed (only the first ${MAX_LISTED_ISSUES} are)`,
      severity: 'error',
    });
  }
  yield last;
}
