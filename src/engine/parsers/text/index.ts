import type { ParseIssue } from '../../errors';
import { eventId, type NormalizedEvent } from '../../events';
import { readLines, type TextLine } from '../../io/line-reader';
import { EVENTS_PER_BATCH, MAX_LINE_BYTES, MAX_LISTED_ISSUES } from '../../limits';
import { SniffScore, type ParseBatch, type ParseContext, type Parser } from '../types';
import { W3cFieldsState } from './access-log';
import { classifyLine, type LineContext } from './classify';
import { textMessage } from './message';
import { ReferenceYear } from './reference-year';

/** Bytes at the start of a file searched for a line with a full date, to date the yearless syslog lines. */
export const YEAR_PROBE_BYTES = 256 * 1024;
/** Lines of the head that sniff looks at. */
const SNIFF_LINES = 10;

/** A year the probe can never produce, so a line that needed the reference year is told apart from one with a date. */
const PROBE_SENTINEL_YEAR = 1;

/** The year of the first line in the head whose own timestamp carries one. */
async function probeFileYear(input: Blob, signal: AbortSignal | undefined): Promise<number | null> {
  const head = input.slice(0, Math.min(input.size, YEAR_PROBE_BYTES));
  const context: LineContext = { yearForMonth: () => PROBE_SENTINEL_YEAR, w3c: new W3cFieldsState() };
  for await (const line of readLines(head, { signal })) {
    const ts = classifyLine(line.text, context).ts;
    const year = ts ? Number(ts.slice(0, 4)) : NaN;
    if (year > PROBE_SENTINEL_YEAR) return year;
  }
  return null;
}

function toEvent(line: TextLine, context: LineContext, ctx: ParseContext): NormalizedEvent {
  const classified = classifyLine(line.text, context);
  if (line.truncated) classified.fields.truncated = true;
  return {
    id: eventId(ctx.fileIndex, line.offset),
    ts: classified.ts,
    source: 'text',
    kind: classified.kind,
    host: classified.host,
    user: classified.user,
    message: textMessage(line.text),
    fields: classified.fields,
    origin: { file: ctx.fileName, offset: line.offset, line: line.lineNo },
  };
}

/**
 * Raw text logs, one event per line: Linux auth logs, Apache/nginx access and error logs, W3C/IIS logs, RFC 3164 and
 * RFC 5424 syslog, JSON lines, and anything else as a plain `log` line. It is also the fallback parser for files no
 * other parser claims, so it must take any bytes: invalid UTF-8 is decoded as U+FFFD, nothing is dropped.
 */
export const parser: Parser = {
  meta: { id: 'text', source: 'text', label: 'Text log (syslog, auth, web access, JSON lines)', extensions: ['.log', '.txt', '.jsonl'] },
  sniff: sniffTextLog,
  parse: parseTextLog,
};

/** Content when most of the first lines belong to a family we know; otherwise the fallback every file gets. */
function sniffTextLog(head: Uint8Array): SniffScore {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  // The last line of the head may be cut in the middle, so it is not judged.
  const lines = text.split(/\r?\n/).slice(0, -1).filter((line) => line.trim() !== '').slice(0, SNIFF_LINES);
  if (lines.length === 0) return SniffScore.Fallback;
  const context: LineContext = { yearForMonth: () => 2000, w3c: new W3cFieldsState() };
  const known = lines.filter((line) => classifyLine(line, context).family !== 'plain').length;
  return known * 2 >= lines.length ? SniffScore.Content : SniffScore.Fallback;
}

async function* parseTextLog(input: Blob, ctx: ParseContext): AsyncGenerator<ParseBatch> {
  const year = new ReferenceYear(await probeFileYear(input, ctx.signal), new Date());
  const context: LineContext = { yearForMonth: year.yearFor, w3c: new W3cFieldsState() };
  let events: NormalizedEvent[] = [];
  let issues: ParseIssue[] = [];
  let listedIssues = 0;
  let unlistedIssues = 0;
  let bytesDone = 0;

  for await (const line of readLines(input, { signal: ctx.signal })) {
    bytesDone = line.offset;
    // Only a truly empty line is skipped (no event for it): it carries nothing, not even whitespace. A line of
    // spaces or control characters is kept, since it may be what an attacker left.
    if (line.text.length === 0 && !line.truncated) continue;
    events.push(toEvent(line, context, ctx));
    if (line.truncated) {
      if (listedIssues < MAX_LISTED_ISSUES) {
        listedIssues++;
        issues.push({
          file: ctx.fileName,
          offset: line.offset,
          reason: `line ${line.lineNo} is longer than ${MAX_LINE_BYTES} bytes; only its start was kept`,
          structure: 'line',
          severity: 'warning',
        });
      } else {
        unlistedIssues++;
      }
    }
    if (events.length >= EVENTS_PER_BATCH) {
      yield { events, issues, bytesDone };
      events = [];
      issues = [];
    }
  }
  if (ctx.signal?.aborted) return;
  if (unlistedIssues > 0) {
    issues.push({
      file: ctx.fileName,
      offset: 0,
      reason: `${unlistedIssues} more overlong lines not listed (only the first ${MAX_LISTED_ISSUES} are)`,
      structure: 'line',
      severity: 'warning',
    });
  }
  yield { events, issues, bytesDone: input.size };
}
