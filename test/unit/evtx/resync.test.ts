import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../../src/engine/events';
import type { ParseIssue } from '../../../src/engine/errors';
import { MAX_LISTED_ISSUES } from '../../../src/engine/limits';
import { EVTX_POOL_MIN_BYTES, parser } from '../../../src/engine/parsers/evtx';
import type { WorkPool } from '../../../src/engine/parsers/types';
import { SAMPLE_SYSTEM, eventTemplate, systemValues } from '../../helpers/evtx/fixtures';
import { InlinePool } from '../../helpers/evtx/inline-pool';
import { insertBytes, patternBytes, removeBytes, repeatSlice } from '../../helpers/evtx/splice';
import { v } from '../../helpers/evtx/values';
import { CHUNK_BYTES, ChunkWriter, FILE_HEADER_BYTES, evtxFile } from '../../helpers/evtx/writer';
import { parseAll, type ParsedFile } from '../../helpers/parse-all';

/**
 * Bytes inserted or removed move every later chunk off the 64 KiB grid: the parser finds them again, reads every
 * record of every intact chunk, and names the offsets where the file was changed.
 */

const template = eventTemplate('resync', ['Value']);
const RECORDS_PER_CHUNK = 5;
const CHUNKS = 4;
/** Where chunk `index` starts in an undamaged file. */
const slot = (index: number): number => FILE_HEADER_BYTES + index * CHUNK_BYTES;

/** Record offsets in each chunk, chunk-relative (the same in every chunk: same template use, same value lengths). */
let recordOffsets: number[] = [];

function chunkOf(firstId: number, count: number): Uint8Array<ArrayBuffer> {
  const writer = new ChunkWriter();
  recordOffsets = [];
  for (let id = firstId; id < firstId + count; id++) {
    recordOffsets.push(writer.position);
    writer.templateRecord(id, template, [...systemValues({ ...SAMPLE_SYSTEM, recordId: id }), v.string(`value ${String(id).padStart(4, '0')}`)]);
  }
  return writer.finish();
}

function cleanFile(chunks = CHUNKS, perChunk = RECORDS_PER_CHUNK): Uint8Array<ArrayBuffer> {
  return evtxFile(Array.from({ length: chunks }, (_, c) => chunkOf(c * perChunk + 1, perChunk)));
}

const parse = (bytes: Uint8Array<ArrayBuffer>, pool?: WorkPool): Promise<ParsedFile> =>
  parseAll(parser, new Blob([bytes]), { fileName: 'moved.evtx', fileIndex: 0, pool });

const ids = (events: NormalizedEvent[]): number[] => events.map((event) => Number(event.fields.EventRecordID));
const idsOfChunks = (...chunks: number[]): number[] =>
  chunks.flatMap((c) => Array.from({ length: RECORDS_PER_CHUNK }, (_, r) => c * RECORDS_PER_CHUNK + r + 1));
const at = (issues: ParseIssue[], offset: number): ParseIssue[] => issues.filter((issue) => issue.offset === offset);
const ALL = idsOfChunks(0, 1, 2, 3);
const SIZES = [1, 7, 8, 100, 511, 512, 513, 1000, 4095, 4096];

describe('EVTX resync after bytes inserted before the chunks', () => {
  for (const size of SIZES) {
    it(`finds every chunk after ${size} bytes inserted before the first`, async () => {
      const moved = insertBytes(cleanFile(), FILE_HEADER_BYTES, patternBytes(size));
      const { events, issues } = await parse(moved);
      expect(ids(events)).toEqual(ALL);
      expect(issues).toEqual([expect.objectContaining({ offset: FILE_HEADER_BYTES, severity: 'error', structure: 'chunk header' })]);
      expect(issues[0].reason).toContain(`the next chunk starts at ${FILE_HEADER_BYTES + size}, ${size} bytes off the 64 KiB grid`);
      expect(events[0].origin.offset).toBe(FILE_HEADER_BYTES + size + 512);
    });
  }

  it('warns, and loses nothing, when the inserted bytes are zero', async () => {
    const { events, issues } = await parse(insertBytes(cleanFile(), FILE_HEADER_BYTES, new Uint8Array(300)));
    expect(ids(events)).toEqual(ALL);
    expect(issues).toEqual([expect.objectContaining({ offset: FILE_HEADER_BYTES, severity: 'warning' })]);
    expect(issues[0].reason).toMatch(/300 zero bytes where a chunk belongs; the next chunk starts at 4396, 300 bytes off/);
  });
});

describe('EVTX resync after bytes inserted inside a chunk', () => {
  for (const size of SIZES) {
    it(`reads chunk 1 up to ${size} inserted bytes and every other chunk whole`, async () => {
      const file = cleanFile();
      const damagedRecord = slot(1) + recordOffsets[2];
      const { events, issues } = await parse(insertBytes(file, damagedRecord + 10, patternBytes(size)));
      const read = ids(events);
      expect(read).toEqual(expect.arrayContaining([...idsOfChunks(0, 2, 3), 6, 7]));
      expect(read).not.toContain(8);
      expect(new Set(read).size).toBe(read.length);
      expect(at(issues, damagedRecord)).toEqual([expect.objectContaining({ severity: 'error', structure: 'record' })]);
      // Chunk 1's zero tail was pushed into slot 2: chunk 2 now starts `size` bytes late.
      expect(at(issues, slot(2))).toEqual([expect.objectContaining({ severity: 'warning', structure: 'chunk header' })]);
      expect(at(issues, slot(2))[0].reason).toContain(`${size} bytes off the 64 KiB grid`);
    });
  }

  it('reads no record of a repeated slice twice', async () => {
    const file = cleanFile();
    // Record 3's first 40 bytes are followed by a copy of records 2 and 3 from their 40th byte on.
    const { events, issues } = await parse(repeatSlice(file, slot(1) + recordOffsets[1] + 40, recordOffsets[3] - recordOffsets[1]));
    expect(ids(events)).toEqual(expect.arrayContaining(idsOfChunks(0, 2, 3)));
    // Record identifiers as the record headers give them: a header spliced onto a copied body still names itself.
    const headerIds = events.map((event) => event.origin.record);
    expect(new Set(headerIds).size).toBe(headerIds.length);
    const repeats = issues.filter((issue) => /repeats the one at/.test(issue.reason));
    expect(repeats.length).toBeGreaterThan(0);
    expect(repeats.every((issue) => issue.severity === 'warning' && issue.offset > slot(1) && issue.offset < slot(2))).toBe(true);
  });
});

describe('EVTX resync after bytes inserted between chunks', () => {
  for (const size of SIZES) {
    it(`reads every record after ${size} bytes inserted between chunks 1 and 2`, async () => {
      const { events, issues } = await parse(insertBytes(cleanFile(), slot(2), patternBytes(size)));
      expect(ids(events)).toEqual(ALL);
      expect(issues).toEqual([expect.objectContaining({ offset: slot(2), severity: 'error', structure: 'chunk header' })]);
      expect(issues[0].reason).toMatch(new RegExp(`^${size} bytes without an "ElfChnk" signature; skipped; the next chunk starts at ${slot(2) + size}`));
    });
  }

  it('reads every record when a repeated slice holds the start of a chunk', async () => {
    const { events, issues } = await parse(repeatSlice(cleanFile(), slot(2) - 100, 1500));
    expect([...new Set(ids(events))].sort((a, b) => a - b)).toEqual(ALL);
    // The copied start of chunk 2 is cut where chunk 2 starts again.
    expect(at(issues, slot(2) + 1500)).toEqual([expect.objectContaining({ structure: 'chunk' })]);
    expect(at(issues, slot(2) + 1500)[0].reason).toMatch(/next chunk starts here, 1500 bytes into this one/);
  });
});

describe('EVTX resync after bytes removed', () => {
  for (const size of [1, 8, 100, 1000, 4096]) {
    it(`finds chunk 2 starting ${size} bytes early when chunk 1's free space lost them`, async () => {
      const { events, issues } = await parse(removeBytes(cleanFile(), slot(2) - 20_000, size));
      expect(ids(events)).toEqual(ALL);
      expect(issues).toEqual([expect.objectContaining({ offset: slot(2) - size, severity: 'warning', structure: 'chunk' })]);
      expect(issues[0].reason).toMatch(/next chunk starts here, \d+ bytes into this one and off the 64 KiB grid/);
    });
  }

  it('reads the records before a cut and the chunks after it', async () => {
    const file = cleanFile();
    const { events, issues } = await parse(removeBytes(file, slot(1) + recordOffsets[3], 1000));
    const read = ids(events);
    expect(read).toEqual(expect.arrayContaining([...idsOfChunks(0, 2, 3), 6, 7, 8]));
    expect(new Set(read).size).toBe(read.length);
    expect(at(issues, slot(2) - 1000)).toHaveLength(1);
  });

  it('loses only the chunk whose header was removed', async () => {
    const { events, issues } = await parse(removeBytes(cleanFile(), slot(2) - 100, 200));
    expect(ids(events)).toEqual(idsOfChunks(0, 1, 3));
    const errors = issues.filter((issue) => issue.severity === 'error');
    expect(errors).toEqual([expect.objectContaining({ offset: slot(2), structure: 'chunk header' })]);
    expect(errors[0].reason).toContain(`the next chunk starts at ${slot(3) - 200}, ${CHUNK_BYTES - 200} bytes off the 64 KiB grid`);
  });
});

describe('EVTX duplicated chunk', () => {
  it('reads a chunk repeated on the grid twice and says the header lists fewer', async () => {
    const chunks = Array.from({ length: CHUNKS }, (_, c) => chunkOf(c * RECORDS_PER_CHUNK + 1, RECORDS_PER_CHUNK));
    const { events, issues } = await parse(evtxFile([chunks[0], chunks[1], chunks[1], chunks[2], chunks[3]], { chunkCount: CHUNKS }));
    expect(ids(events)).toEqual(idsOfChunks(0, 1, 1, 2, 3));
    expect(issues).toEqual([expect.objectContaining({ offset: 42, severity: 'warning', structure: 'file header' })]);
  });

  it('reads a chunk inserted off the grid and every chunk after it', async () => {
    const file = cleanFile();
    const { events, issues } = await parse(insertBytes(file, slot(2) + 3000, file.slice(slot(1), slot(2))));
    // Chunk 2 is cut 3000 bytes in by the copy of chunk 1 (its records past that are lost); chunk 3 is found after
    // the rest of chunk 2.
    expect(ids(events)).toEqual(expect.arrayContaining([...idsOfChunks(0, 1, 3), 11]));
    expect(ids(events).filter((id) => id >= 6 && id <= 10)).toHaveLength(2 * RECORDS_PER_CHUNK);
    expect(at(issues, slot(2) + 3000)).toEqual([expect.objectContaining({ structure: 'chunk' })]);
  });
});

describe('EVTX issues', () => {
  it('calls bytes before a chunk damage even past the chunks a dirty header lists', async () => {
    const junk = patternBytes(CHUNK_BYTES);
    const { events, issues } = await parse(evtxFile([chunkOf(1, 5), junk, chunkOf(6, 5)], { chunkCount: 1, dirty: true }));
    expect(ids(events)).toEqual(idsOfChunks(0, 1));
    expect(issues.filter((issue) => issue.severity === 'error')).toEqual([expect.objectContaining({ offset: slot(1), structure: 'chunk header' })]);
  });

  it(`lists at most MAX_LISTED_ISSUES issues and counts the rest`, async () => {
    const chunks: Uint8Array[] = [];
    for (let c = 0; c < 8; c++) {
      const writer = new ChunkWriter();
      for (let r = 0; r < 150; r++) {
        const id = c * 150 + r + 1;
        writer.templateRecord(id, template, [...systemValues({ ...SAMPLE_SYSTEM, recordId: id }), v.string('x')]);
        writer.garbage(Uint8Array.of(0x5a));
      }
      chunks.push(writer.finish());
    }
    const { events, issues } = await parse(evtxFile(chunks));
    expect(events).toHaveLength(1200);
    expect(issues).toHaveLength(MAX_LISTED_ISSUES + 1);
    expect(issues.at(-1)?.reason).toBe(`200 more problems not listed (only the first ${MAX_LISTED_ISSUES} are)`);
  });

  it('reports a broken template once, not once per record that uses it', async () => {
    const file = cleanFile(1);
    const definitionAt = new DataView(file.buffer).getUint32(slot(0) + 512 + 24 + 10, true);
    new DataView(file.buffer).setUint32(slot(0) + definitionAt + 20, 0x7fff_ffff, true);
    const { events, issues } = await parse(file);
    expect(events).toEqual([]);
    const templateErrors = issues.filter((issue) => issue.structure === 'template definition');
    expect(templateErrors).toHaveLength(1);
    expect(templateErrors[0].offset).toBe(slot(0) + definitionAt);
  });
});

describe('EVTX resync with a pool', () => {
  it('finds the same chunks, records and issues as inline when runs are cut off the grid', async () => {
    const chunks = EVTX_POOL_MIN_BYTES / CHUNK_BYTES + 40;
    let file = cleanFile(chunks, 1);
    // Across the first run boundary, inside a later run, and a repeated slice holding a chunk start.
    file = insertBytes(file, slot(15) + 30_000, patternBytes(3000));
    file = removeBytes(file, slot(40) + 20_000, 700);
    file = repeatSlice(file, slot(100) - 50, 2000);
    const inline = await parse(file);
    const pool = new InlinePool(2);
    const pooled = await parse(file, pool);
    expect(pool.jobs).toBeGreaterThan(0);
    expect(new Set(ids(inline.events)).size).toBe(chunks);
    expect(pooled.events).toEqual(inline.events);
    expect(pooled.issues).toEqual(inline.issues);
  });
});
