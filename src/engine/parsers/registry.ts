import { SNIFF_BYTES } from '../limits';
import { readHead } from '../io/blob-reader';
import { SniffScore, type Parser, type ParserModule } from './types';

/**
 * Every folder under `parsers/` with an `index.ts` exporting `parser` is a format. Adding a format is adding a
 * folder; nothing here changes.
 */
const modules = import.meta.glob<ParserModule>('./*/index.ts', { eager: true });

export const parsers: readonly Parser[] = Object.values(modules)
  .map((module) => module.parser)
  .sort((a, b) => a.meta.id.localeCompare(b.meta.id));

export const FALLBACK_PARSER_ID = 'text';

export function parserById(id: string): Parser | undefined {
  return parsers.find((parser) => parser.meta.id === id);
}

/** Picks the parser most sure of the file: magic bytes, then content, then extension; text takes the rest. */
export function chooseParser(head: Uint8Array, fileName: string): Parser {
  let best: Parser | undefined;
  let bestScore: SniffScore = SniffScore.No;
  for (const parser of parsers) {
    const score = parser.sniff(head, fileName);
    if (score > bestScore) {
      best = parser;
      bestScore = score;
    }
  }
  const fallback = parserById(FALLBACK_PARSER_ID);
  if (best && bestScore > SniffScore.Fallback) return best;
  if (!fallback) throw new Error('the text parser is missing from the registry');
  return fallback;
}

export async function detectParser(blob: Blob, fileName: string): Promise<Parser> {
  return chooseParser(await readHead(blob, SNIFF_BYTES), fileName);
}
