import fs from 'node:fs';
import path from 'node:path';
import type { ParseIssue } from '../../../src/engine/errors';
import type { NormalizedEvent } from '../../../src/engine/events';
import { parser } from '../../../src/engine/parsers/text/index';

export const fixtureDir = path.resolve(__dirname, '../../fixtures/text');

export function fixture(name: string): Buffer {
  return fs.readFileSync(path.join(fixtureDir, name));
}

export async function parseText(
  content: string | Uint8Array,
  fileName = 'test.log',
): Promise<{ events: NormalizedEvent[]; issues: ParseIssue[]; bytesDone: number[] }> {
  const blob = new Blob([typeof content === 'string' ? content : new Uint8Array(content)]);
  const events: NormalizedEvent[] = [];
  const issues: ParseIssue[] = [];
  const bytesDone: number[] = [];
  for await (const batch of parser.parse(blob, { fileName, fileIndex: 5 })) {
    for (const event of batch.events) events.push(event);
    for (const issue of batch.issues) issues.push(issue);
    bytesDone.push(batch.bytesDone);
  }
  return { events, issues, bytesDone };
}
