import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeWorkPool, nodePoolSize } from '../../../src/cli/node-pool';
import type { NormalizedEvent } from '../../../src/engine/events';
import { EVTX_POOL_MIN_BYTES, parser } from '../../../src/engine/parsers/evtx';
import type { WorkPool } from '../../../src/engine/parsers/types';
import { SAMPLE_SYSTEM, eventTemplate, systemValues } from '../../helpers/evtx/fixtures';
import { v } from '../../helpers/evtx/values';
import { ChunkWriter, evtxFile } from '../../helpers/evtx/writer';

/**
 * The Node pool on real worker threads. Threads run built JavaScript, so the worker script is bundled first, the
 * way `vite build --mode cli` bundles it, into a temporary folder.
 */

let outDir = '';
let workerUrl: URL;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'evtx-pool-'));
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      ssr: true,
      outDir,
      target: 'node20',
      rollupOptions: { input: { pool: resolve('src/cli/workers/pool.ts') }, output: { format: 'es', entryFileNames: '[name].js' } },
    },
  });
  workerUrl = pathToFileURL(join(outDir, 'pool.js'));
});

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

async function events(bytes: Uint8Array<ArrayBuffer>, pool?: WorkPool): Promise<NormalizedEvent[]> {
  const all: NormalizedEvent[] = [];
  for await (const batch of parser.parse(new Blob([bytes]), { fileName: 'threads.evtx', fileIndex: 1, pool })) all.push(...batch.events);
  return all;
}

describe('NodeWorkPool', () => {
  it('decodes EVTX chunks on worker threads with the same result as inline', async () => {
    const template = eventTemplate('threads', ['N']);
    const chunks: Uint8Array[] = [];
    for (let c = 0; c < EVTX_POOL_MIN_BYTES / 65536; c++) {
      const writer = new ChunkWriter();
      for (let r = 0; r < 2; r++) writer.templateRecord(c * 2 + r + 1, template, [...systemValues({ ...SAMPLE_SYSTEM, recordId: c * 2 + r + 1 }), v.uint32(r)]);
      chunks.push(writer.finish());
    }
    const file = evtxFile(chunks);
    const pool = new NodeWorkPool(2, workerUrl);
    try {
      expect(pool.size).toBe(2);
      const pooled = await events(file, pool);
      expect(pooled).toHaveLength((EVTX_POOL_MIN_BYTES / 65536) * 2);
      expect(pooled).toEqual(await events(file));
    } finally {
      pool.close();
    }
  });

  it('rejects an unknown job without losing the thread', async () => {
    const pool = new NodeWorkPool(1, workerUrl);
    try {
      await expect(pool.run('no.such.job', {})).rejects.toThrow(/no pool job named/);
      const bytes = new Uint8Array(8);
      bytes.set(new TextEncoder().encode('ElfChnk'));
      const spans = [{ kind: 'chunk', start: 0, end: 8, cut: false }];
      await expect(pool.run('evtx.chunks', { bytes: bytes.buffer, fileOffset: 0, spans, fileName: 'x', fileIndex: 0 })).resolves.toMatchObject({
        spans: [{ kind: 'decoded', offset: 0, end: 8, eventCount: 0, issues: [expect.objectContaining({ structure: 'chunk header' })] }],
        events: { count: 0 },
      });
    } finally {
      pool.close();
    }
  });

  it('refuses work once closed', async () => {
    const pool = new NodeWorkPool(1, workerUrl);
    pool.close();
    await expect(pool.run('evtx.chunks', {})).rejects.toThrow(/closed/);
  });
});

describe('NodeWorkPool without its thread script', () => {
  it('rejects jobs instead of throwing', async () => {
    const pool = new NodeWorkPool(1, pathToFileURL(join(tmpdir(), 'no-such-dir', 'pool.js')));
    try {
      await expect(pool.run('evtx.chunks', {})).rejects.toThrow();
    } finally {
      pool.close();
    }
  });
});

describe('nodePoolSize', () => {
  it('leaves one core to the thread that drives the parse, and keeps at least one thread', () => {
    expect(nodePoolSize(8)).toBe(7);
    expect(nodePoolSize(2)).toBe(1);
    expect(nodePoolSize(1)).toBe(1);
  });
});
