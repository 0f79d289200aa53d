import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVTX_POOL_MIN_BYTES, parser } from '../../src/engine/parsers/evtx';
import { CHUNK_BYTES } from '../../src/engine/parsers/evtx/chunk-header';
import type { WorkPool } from '../../src/engine/parsers/types';
import { InlinePool } from '../helpers/evtx/inline-pool';
import { evtxFile } from '../helpers/evtx/writer';
import { parseAll, type ParsedFile } from '../helpers/parse-all';
import { corpusChunks } from '../helpers/evtx/corpus-chunks';

/**
 * The pool changes where chunks are decoded, never what comes out: every chunk of the corpus (clean, dirty and
 * damaged ones), laid end to end into a file large enough for the pool, parses to the same events and issues, in the
 * same order, with a pool (jobs packed, cloned and unpacked as between threads) as without.
 */

const CORPUS = path.resolve(process.cwd(), '../shared/corpus/evtx');
const corpusExists = existsSync(CORPUS);
if (!corpusExists) console.warn(`evtx pool identity on the corpus skipped: no corpus at ${CORPUS}`);


const parse = (bytes: Uint8Array<ArrayBuffer>, pool?: WorkPool): Promise<ParsedFile> =>
  parseAll(parser, new Blob([bytes]), { fileName: 'corpus-chunks.evtx', fileIndex: 4, pool });

describe.skipIf(!corpusExists)('EVTX pool on the corpus chunks', () => {
  it('yields exactly what single-threaded parsing yields', async () => {
    const chunks = corpusChunks(CORPUS);
    const count = Math.max(chunks.length, EVTX_POOL_MIN_BYTES / CHUNK_BYTES + 8);
    const file = evtxFile(Array.from({ length: count }, (_, i) => chunks[i % chunks.length]));
    const inline = await parse(file);
    const pool = new InlinePool(1);
    const pooled = await parse(file, pool);
    expect(inline.events.length).toBeGreaterThan(1000);
    expect(pool.jobs).toBeGreaterThan(0);
    expect(pooled.events).toEqual(inline.events);
    expect(JSON.stringify(pooled.events)).toBe(JSON.stringify(inline.events));
    expect(pooled.issues).toEqual(inline.issues);
  });
});
