import fs from 'node:fs';
import path from 'node:path';
import type { ParseIssue } from '../../../src/engine/errors';
import type { NormalizedEvent } from '../../../src/engine/events';
import { parser } from '../../../src/engine/parsers/sysmon-xml/index';
import type { ParseBatch } from '../../../src/engine/parsers/types';

export const fixtureDir = path.resolve(__dirname, '../../fixtures/sysmon-xml');

export function fixture(name: string): Buffer {
  return fs.readFileSync(path.join(fixtureDir, name));
}

export interface ParseResult {
  events: NormalizedEvent[];
  issues: ParseIssue[];
  batches: ParseBatch[];
}

export async function parseBytes(bytes: Uint8Array | string, fileName = 'test.xml', fileIndex = 2): Promise<ParseResult> {
  const blob = new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]);
  const result: ParseResult = { events: [], issues: [], batches: [] };
  for await (const batch of parser.parse(blob, { fileName, fileIndex })) {
    result.batches.push(batch);
    for (const event of batch.events) result.events.push(event);
    for (const issue of batch.issues) result.issues.push(issue);
  }
  return result;
}

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

/** One wevtutil-style event with the given record id, EventID and EventData. */
export function wevtutilEvent(recordId: number, eventId = 1, data: Record<string, string> = { Image: 'C:\\a.exe' }): string {
  const items = Object.entries(data)
    .map(([name, value]) => `<Data Name='${name}'>${value}</Data>`)
    .join('');
  return (
    `<Event xmlns='${NS}'><System><Provider Name='Microsoft-Windows-Sysmon'/><EventID>${eventId}</EventID>` +
    `<TimeCreated SystemTime='2021-04-12T09:15:02.4812367Z'/><EventRecordID>${recordId}</EventRecordID>` +
    `<Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>WS1</Computer></System>` +
    `<EventData>${items}</EventData></Event>`
  );
}
