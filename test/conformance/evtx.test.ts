import { existsSync, openAsBlob, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../src/engine/events';
import { parser } from '../../src/engine/parsers/evtx';
import { filesUnder } from '../helpers/files';
import { parseAll, type ParsedFile } from '../helpers/parse-all';

/**
 * Every corpus EVTX file against its per-record reference (`*.ref.jsonl`, from evtxexport or python-evtx), compared
 * the way the project is measured (../shared/tools/conform-evtx.mjs): record count, and per record EventRecordID,
 * EventID, SystemTime to the microsecond, Computer, Channel and every EventData value, hex compared by value.
 */

const CORPUS = path.resolve(process.cwd(), '../shared/corpus/evtx');
const corpusExists = existsSync(CORPUS);
if (!corpusExists) console.warn(`evtx conformance skipped: no corpus at ${CORPUS}`);

/** The share of reference records that must match exactly (the issue's acceptance bar). */
const REQUIRED_MATCH = 0.999;

interface Reference {
  EventRecordID: number;
  EventID: number;
  SystemTime: string;
  Computer: string;
  Channel: string;
  EventData?: Record<string, string>;
}

function references(file: string): Reference[] | null {
  const text = existsSync(file + '.ref.jsonl')
    ? readFileSync(file + '.ref.jsonl', 'utf8')
    : existsSync(file + '.ref.jsonl.gz')
      ? gunzipSync(readFileSync(file + '.ref.jsonl.gz')).toString('utf8')
      : null;
  return text === null ? null : text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Reference);
}

/** Both time formats of the references, cut to microseconds. */
function micros(time: unknown): string | null {
  if (time === null || time === undefined) return null;
  const match = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.(\d+))?/.exec(String(time));
  if (!match) return String(time);
  return `${match[1]}T${match[2]}.${((match[3] ?? '') + '000000').slice(0, 6)}`;
}

/** The references zero-pad hex (`0x00001010`) where Windows writes `0x1010`. */
function norm(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value).trim().toLowerCase();
  return /^0x[0-9a-f]+$/.test(text) ? '0x' + BigInt(text).toString(16) : text;
}

const parseFile = async (file: string): Promise<ParsedFile> => parseAll(parser, await openAsBlob(file), { fileName: file, fileIndex: 0 });

function differences(event: NormalizedEvent, ref: Reference): string[] {
  const fields = event.fields;
  const diffs: string[] = [];
  if (norm(fields.EventID) !== norm(ref.EventID)) diffs.push(`EventID ${fields.EventID} != ${ref.EventID}`);
  if (micros(event.ts) !== micros(ref.SystemTime)) diffs.push(`ts ${event.ts} != ${ref.SystemTime}`);
  if (norm(fields.Computer) !== norm(ref.Computer)) diffs.push(`Computer ${fields.Computer} != ${ref.Computer}`);
  if (norm(fields.Channel) !== norm(ref.Channel)) diffs.push(`Channel ${fields.Channel} != ${ref.Channel}`);
  for (const [name, value] of Object.entries(ref.EventData ?? {})) {
    if (norm(fields[name]) !== norm(value)) diffs.push(`${name}: ${JSON.stringify(fields[name])?.slice(0, 80)} != ${JSON.stringify(value).slice(0, 80)}`);
  }
  return diffs;
}

describe.skipIf(!corpusExists)('EVTX conformance against the corpus references', () => {
  it(`matches at least ${REQUIRED_MATCH * 100}% of reference records and every record count`, async () => {
    const files = corpusExists ? filesUnder(CORPUS).filter((file) => file.endsWith('.evtx')).sort() : [];
    const report: string[] = [];
    let referenceRecords = 0;
    let parsedRecords = 0;
    let matching = 0;
    let exactFiles = 0;
    const countMismatches: string[] = [];
    for (const file of files) {
      const refs = references(file);
      if (refs === null) continue;
      const { events, issues } = await parseFile(file);
      const byRecordId = new Map(events.map((event) => [String(event.fields.EventRecordID), event]));
      referenceRecords += refs.length;
      parsedRecords += events.length;
      const name = path.relative(CORPUS, file);
      if (events.length !== refs.length) countMismatches.push(`${name}: ${events.length} records, reference ${refs.length}`);
      let fileMatching = 0;
      for (const ref of refs) {
        const event = byRecordId.get(String(ref.EventRecordID));
        const diffs = event ? differences(event, ref) : ['record missing'];
        if (diffs.length === 0) fileMatching++;
        else report.push(`${name}#${ref.EventRecordID}: ${diffs.slice(0, 3).join('; ')}`);
      }
      const errors = issues.filter((issue) => issue.severity === 'error');
      if (errors.length > 0) report.push(`${name}: ${errors.length} error issues, first: ${errors[0].reason} @${errors[0].offset}`);
      matching += fileMatching;
      if (fileMatching === refs.length && events.length === refs.length) exactFiles++;
    }
    const share = referenceRecords ? matching / referenceRecords : 0;
    console.log(
      [
        `EVTX conformance: ${files.length} files, ${exactFiles} exact; records reference ${referenceRecords}, parsed ${parsedRecords}, matching ${matching} (${(share * 100).toFixed(2)}%)`,
        ...countMismatches.map((line) => `count: ${line}`),
        ...report.slice(0, 200),
      ].join('\n'),
    );
    expect(files.length).toBeGreaterThan(0);
    expect(countMismatches).toEqual([]);
    expect(share).toBeGreaterThanOrEqual(REQUIRED_MATCH);
  });
});
