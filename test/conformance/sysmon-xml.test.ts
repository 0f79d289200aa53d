import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../src/engine/events';
import { parser } from '../../src/engine/parsers/sysmon-xml/index';
import { filesUnder } from '../helpers/files';
import { parseAll, type ParsedFile } from '../helpers/parse-all';

/**
 * Every Sysmon XML file of the shared corpus against its per-record reference (`.ref.jsonl`, from evtxexport /
 * python-evtx on the source EVTX), compared the way ../shared/tools/conform-evtx.mjs compares: time to the
 * microsecond, hex integers by value, text case-insensitively.
 */
const corpusDir = path.resolve(process.cwd(), '../shared/corpus/sysmon-xml');
const corpusPresent = fs.existsSync(corpusDir);
if (!corpusPresent) console.warn(`sysmon-xml conformance skipped: no corpus at ${corpusDir}`);

interface ReferenceRecord {
  EventRecordID: number;
  EventID: number;
  SystemTime: string;
  Computer: string;
  Channel: string;
  EventData?: Record<string, string>;
  UserData?: Record<string, string>;
}

function listXmlFiles(dir: string): string[] {
  return filesUnder(dir)
    .filter((file) => file.endsWith('.xml') && fs.existsSync(`${file}.ref.jsonl`))
    .sort();
}

/** `2016-06-29 15:24:34.345999` or ISO with 7 or 9 fractional digits, cut to microseconds. */
function micros(time: string | null | undefined): string | null {
  if (time === null || time === undefined) return null;
  const match = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.(\d+))?/.exec(time);
  if (!match) return time;
  return `${match[1]}T${match[2]}.${`${match[3] ?? ''}000000`.slice(0, 6)}`;
}

/** The references zero-pad hex integers (0x00001010) where Windows renders 0x1010. */
function comparable(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value).trim().toLowerCase();
  return /^0x[0-9a-f]+$/.test(text) ? `0x${BigInt(text).toString(16)}` : text;
}

function differences(event: NormalizedEvent, reference: ReferenceRecord): string[] {
  const fields = event.fields;
  const found: string[] = [];
  if (comparable(fields.EventID) !== comparable(reference.EventID)) found.push(`EventID ${fields.EventID}`);
  if (micros(event.ts) !== micros(reference.SystemTime)) found.push(`ts ${event.ts} != ${reference.SystemTime}`);
  if (comparable(fields.Computer) !== comparable(reference.Computer)) found.push('Computer');
  if (comparable(fields.Channel) !== comparable(reference.Channel)) found.push('Channel');
  for (const [name, value] of Object.entries({ ...reference.EventData, ...reference.UserData })) {
    if (comparable(fields[name]) !== comparable(value)) found.push(`${name}: ${String(fields[name]).slice(0, 60)}`);
  }
  return found;
}

const parseFile = async (file: string): Promise<ParsedFile> => parseAll(parser, await fs.openAsBlob(file), { fileName: path.basename(file), fileIndex: 3 });

describe.skipIf(!corpusPresent)('sysmon-xml conformance with the corpus references', () => {
  const files = corpusPresent ? listXmlFiles(corpusDir) : [];

  it('finds the corpus files', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each(files.map((file) => [path.relative(corpusDir, file), file]))('%s', async (_name, file) => {
    const references = fs
      .readFileSync(`${file}.ref.jsonl`, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ReferenceRecord);
    const { events, issues } = await parseFile(file);
    expect(issues).toEqual([]);
    expect(events.length).toBe(references.length);
    const byRecord = new Map(events.map((event) => [String(event.fields.EventRecordID), event]));
    const mismatches: string[] = [];
    for (const reference of references) {
      const event = byRecord.get(String(reference.EventRecordID));
      if (!event) {
        mismatches.push(`#${reference.EventRecordID} missing`);
        continue;
      }
      const found = differences(event, reference);
      if (found.length > 0) mismatches.push(`#${reference.EventRecordID}: ${found.slice(0, 3).join('; ')}`);
      expect(event.source).toBe('sysmon-xml');
      expect(event.origin.record).toBe(reference.EventRecordID);
      expect(event.id).toBe(`3:${event.origin.offset}`);
    }
    expect(mismatches).toEqual([]);
  });
});
