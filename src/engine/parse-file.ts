import { issueFromThrown } from './errors';
import { detectParser } from './parsers/registry';
import type { ParseBatch, ParseContext, Parser } from './parsers/types';

export interface FileParse {
  parser: Parser;
  batches: AsyncIterable<ParseBatch>;
}

/**
 * Sniffs a file and streams its batches. A parser that throws (a bug, since bad input must become issues) still
 * leaves the analyst every record read before the throw, plus an issue saying where it stopped.
 */
export async function parseFile(blob: Blob, ctx: ParseContext, parser?: Parser): Promise<FileParse> {
  const chosen = parser ?? (await detectParser(blob, ctx.fileName));
  return { parser: chosen, batches: guarded(chosen, blob, ctx) };
}

async function* guarded(parser: Parser, blob: Blob, ctx: ParseContext): AsyncGenerator<ParseBatch> {
  let bytesDone = 0;
  try {
    for await (const batch of parser.parse(blob, ctx)) {
      bytesDone = batch.bytesDone;
      yield batch;
      if (ctx.signal?.aborted) return;
    }
  } catch (thrown) {
    yield { events: [], issues: [issueFromThrown(thrown, ctx.fileName, bytesDone)], bytesDone };
  }
}
