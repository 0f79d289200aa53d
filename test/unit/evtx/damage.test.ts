import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../../src/engine/events';
import type { ParseIssue } from '../../../src/engine/errors';
import { parser } from '../../../src/engine/parsers/evtx';
import { SAMPLE_SYSTEM, eventTemplate, systemValues } from '../../helpers/evtx/fixtures';
import { v } from '../../helpers/evtx/values';
import { CHUNK_BYTES, ChunkWriter, FILE_HEADER_BYTES, evtxFile } from '../../helpers/evtx/writer';
import { parseAll, type ParsedFile } from '../../helpers/parse-all';

/** Damaged files: every record that can still be read is read, and each problem is an issue at its offset. */

const template = eventTemplate('damage', ['Value']);

/** A chunk of `count` records numbered from `firstId`; returns the chunk and each record's chunk offset. */
function chunkOf(firstId: number, count: number): { chunk: Uint8Array<ArrayBuffer>; offsets: number[] } {
  const writer = new ChunkWriter();
  const offsets: number[] = [];
  for (let id = firstId; id < firstId + count; id++) {
    offsets.push(writer.position);
    writer.templateRecord(id, template, [...systemValues({ ...SAMPLE_SYSTEM, recordId: id }), v.string(`value ${id}`)]);
  }
  return { chunk: writer.finish(), offsets };
}

const parse = (bytes: Uint8Array<ArrayBuffer>, fileName = 'damaged.evtx'): Promise<ParsedFile> =>
  parseAll(parser, new Blob([bytes]), { fileName, fileIndex: 2 });

const ids = (events: NormalizedEvent[]): number[] => events.map((event) => Number(event.fields.EventRecordID));
const errors = (issues: ParseIssue[]): ParseIssue[] => issues.filter((issue) => issue.severity === 'error');

describe('EVTX damage', () => {
  it('reads a clean file without issues', async () => {
    const { events, issues } = await parse(evtxFile([chunkOf(1, 3).chunk, chunkOf(4, 2).chunk]));
    expect(issues).toEqual([]);
    expect(ids(events)).toEqual([1, 2, 3, 4, 5]);
    expect(events[3]).toMatchObject({ id: `2:${FILE_HEADER_BYTES + CHUNK_BYTES + 512}`, ts: '2019-02-13T18:01:41.5938301Z', source: 'evtx' });
    expect(events[3].origin).toEqual({ file: 'damaged.evtx', offset: FILE_HEADER_BYTES + CHUNK_BYTES + 512, record: 4 });
    expect(events[3].fields.Value).toBe('value 4');
  });

  it('skips a chunk with a bad signature with an error naming its offset, and reads the others', async () => {
    const file = evtxFile([chunkOf(1, 2).chunk, chunkOf(3, 2).chunk, chunkOf(5, 2).chunk]);
    file[FILE_HEADER_BYTES + CHUNK_BYTES] = 0x58;
    const { events, issues } = await parse(file);
    expect(ids(events)).toEqual([1, 2, 5, 6]);
    expect(errors(issues)).toEqual([
      expect.objectContaining({ offset: FILE_HEADER_BYTES + CHUNK_BYTES, structure: 'chunk header', severity: 'error' }),
    ]);
  });

  it('reads records under a bad checksum and warns', async () => {
    const { chunk, offsets } = chunkOf(1, 2);
    const file = evtxFile([chunk]);
    // Flip a byte of the second record's string value ("value 2" -> "value 3"): the record stays well formed.
    const valueAt = file.lastIndexOf(0x32, FILE_HEADER_BYTES + offsets[1] + 2000);
    file[valueAt] = 0x33;
    const { events, issues } = await parse(file);
    expect(events.map((event) => event.fields.Value)).toEqual(['value 1', 'value 3']);
    expect(issues).toEqual([expect.objectContaining({ severity: 'warning', reason: 'event records checksum mismatch', offset: FILE_HEADER_BYTES + 52 })]);
  });

  it('reads what precedes the cut of a truncated file', async () => {
    const { chunk, offsets } = chunkOf(1, 3);
    const cut = evtxFile([chunk]).subarray(0, FILE_HEADER_BYTES + offsets[2] + 40);
    const { events, issues } = await parse(cut);
    expect(ids(events)).toEqual([1, 2]);
    expect(errors(issues).length).toBeGreaterThan(0);
    expect(errors(issues)[0].offset).toBeGreaterThanOrEqual(FILE_HEADER_BYTES + offsets[2]);
  });

  it('says so when the file ends inside its header block', async () => {
    const { events, issues } = await parse(evtxFile([chunkOf(1, 1).chunk]).slice(0, 3000));
    expect(events).toEqual([]);
    expect(issues).toEqual([expect.objectContaining({ offset: 3000, severity: 'error', structure: 'chunk' })]);
  });

  it('skips a record whose size copy disagrees and resumes at the next record', async () => {
    const { chunk, offsets } = chunkOf(1, 3);
    const file = evtxFile([chunk]);
    const sizeCopyAt = FILE_HEADER_BYTES + offsets[2] - 4;
    file[sizeCopyAt] ^= 0xff;
    const { events, issues } = await parse(file);
    expect(ids(events)).toEqual([1, 3]);
    expect(errors(issues)).toEqual([expect.objectContaining({ offset: FILE_HEADER_BYTES + offsets[1], structure: 'record' })]);
    expect(errors(issues)[0].reason).toMatch(/does not match its copy/);
  });

  it('skips garbage between records', async () => {
    const writer = new ChunkWriter();
    writer.templateRecord(1, template, [...systemValues({ ...SAMPLE_SYSTEM, recordId: 1 }), v.string('one')]);
    const garbageAt = writer.position;
    writer.garbage(Uint8Array.from({ length: 100 }, (_, i) => (i * 37 + 11) & 0xff));
    writer.templateRecord(2, template, [...systemValues({ ...SAMPLE_SYSTEM, recordId: 2 }), v.string('two')]);
    const { events, issues } = await parse(evtxFile([writer.finish()]));
    expect(ids(events)).toEqual([1, 2]);
    expect(errors(issues)).toEqual([expect.objectContaining({ offset: FILE_HEADER_BYTES + garbageAt, structure: 'record' })]);
    expect(errors(issues)[0].reason).toMatch(/skipped 100 bytes/);
  });

  it('reads every chunk of a dirty file whose header lists fewer', async () => {
    const file = evtxFile([chunkOf(1, 2).chunk, chunkOf(3, 2).chunk], { chunkCount: 1, dirty: true });
    const { events, issues } = await parse(file);
    expect(ids(events)).toEqual([1, 2, 3, 4]);
    expect(issues).toEqual([expect.objectContaining({ severity: 'warning', offset: 42, structure: 'file header' })]);
    expect(issues[0].reason).toMatch(/lists 1 chunks, the file holds 2.*dirty/);
  });

  it('reports slack space after the listed chunks as a warning, inside them as an error', async () => {
    const junk = Uint8Array.from({ length: CHUNK_BYTES }, (_, i) => (i * 13) & 0xff);
    const { events, issues } = await parse(evtxFile([chunkOf(1, 1).chunk, junk, junk], { chunkCount: 2 }));
    expect(ids(events)).toEqual([1]);
    expect(issues.map((issue) => [issue.offset, issue.severity])).toEqual([
      [FILE_HEADER_BYTES + CHUNK_BYTES, 'error'],
      [FILE_HEADER_BYTES + 2 * CHUNK_BYTES, 'warning'],
    ]);
  });

  it('treats all-zero chunks as unused space', async () => {
    const { events, issues } = await parse(evtxFile([chunkOf(1, 1).chunk, new Uint8Array(CHUNK_BYTES)], { chunkCount: 1 }));
    expect(ids(events)).toEqual([1]);
    expect(issues).toEqual([]);
  });

  it('never throws on input that is not EVTX at all', async () => {
    const noise = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7919) & 0xff);
    const { events, issues } = await parse(noise, 'noise.evtx');
    expect(events).toEqual([]);
    expect(issues[0]).toMatchObject({ offset: 0, structure: 'file header', severity: 'error' });
    // Consecutive signature-less chunks are one issue, not one per 64 KiB.
    expect(errors(issues)).toHaveLength(2);
    const empty = await parse(new Uint8Array(0), 'empty.evtx');
    expect(empty.events).toEqual([]);
    expect(errors(empty.issues)).toHaveLength(1);
  });

  it('reads a file of bare chunks without a file header', async () => {
    const { events, issues } = await parse(chunkOf(1, 2).chunk, 'carved.bin');
    expect(issues).toEqual([]);
    expect(ids(events)).toEqual([1, 2]);
    expect(events[0].origin.offset).toBe(512);
  });
});
