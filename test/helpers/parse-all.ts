import type { ParseIssue } from '../../src/engine/errors';
import type { NormalizedEvent } from '../../src/engine/events';
import type { ParseContext, Parser } from '../../src/engine/parsers/types';

/** Everything one parse yields, batches joined: the events, the issues, and `bytesDone` after each batch. */
export interface ParsedFile {
  events: NormalizedEvent[];
  issues: ParseIssue[];
  progress: number[];
}

export async function parseAll(parser: Parser, input: Blob, ctx: ParseContext): Promise<ParsedFile> {
  const parsed: ParsedFile = { events: [], issues: [], progress: [] };
  for await (const batch of parser.parse(input, ctx)) {
    parsed.events.push(...batch.events);
    parsed.issues.push(...batch.issues);
    parsed.progress.push(batch.bytesDone);
  }
  return parsed;
}
