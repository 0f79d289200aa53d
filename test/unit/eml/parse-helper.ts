/** Runs the mail parser over bytes or a fixture file and gathers every event and issue it yields. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ParseIssue } from '../../../src/engine/errors';
import type { NormalizedEvent } from '../../../src/engine/events';
import { parser } from '../../../src/engine/parsers/eml';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/eml');

export interface ParseResult {
  events: NormalizedEvent[];
  issues: ParseIssue[];
}

export async function parseBytes(bytes: Uint8Array | string, fileName = 'test.eml'): Promise<ParseResult> {
  const blob = new Blob([typeof bytes === 'string' ? new TextEncoder().encode(bytes) : (bytes as Uint8Array<ArrayBuffer>)]);
  const events: NormalizedEvent[] = [];
  const issues: ParseIssue[] = [];
  for await (const batch of parser.parse(blob, { fileName, fileIndex: 3 })) {
    events.push(...batch.events);
    issues.push(...batch.issues);
  }
  return { events, issues };
}

export function parseFixture(name: string): Promise<ParseResult> {
  return parseBytes(new Uint8Array(readFileSync(path.join(FIXTURES, name))), name);
}

/** A minimal message with the given header lines and body, CRLF line ends as on the wire. */
export function message(headers: string[], body = 'Body text.'): string {
  return [...headers, '', body].join('\r\n');
}
