import { expose } from 'comlink';
import { describe, expect, it, vi } from 'vitest';
import type { NormalizedEvent } from '../../../src/engine/events';
import { EVTX_POOL_MIN_BYTES, parser } from '../../../src/engine/parsers/evtx';
import { BrowserWorkPool, browserPoolSize, type PoolThreadEndpoint } from '../../../src/engine/pool/browser-pool';
import { poolThreadApi } from '../../../src/engine/pool/thread-api';
import { SAMPLE_SYSTEM, eventTemplate, systemValues } from '../../helpers/evtx/fixtures';
import { v } from '../../helpers/evtx/values';
import { ChunkWriter, evtxFile } from '../../helpers/evtx/writer';

/**
 * The browser pool's comlink protocol, with each "worker" a MessageChannel whose far end exposes the same API as
 * workers/pool.worker.ts. Real Web Workers are exercised by the Playwright suite.
 */

function channelThread(log: string[]): PoolThreadEndpoint {
  const { port1, port2 } = new MessageChannel();
  expose(poolThreadApi, port2 as never);
  log.push('started');
  return Object.assign(port1 as unknown as PoolThreadEndpoint, {
    terminate: () => {
      log.push('terminated');
      port1.close();
      port2.close();
    },
  });
}

describe('BrowserWorkPool', () => {
  it('sizes itself to the cores but one, at least one', () => {
    try {
      vi.stubGlobal('navigator', { hardwareConcurrency: 8 });
      expect(browserPoolSize()).toBe(7);
      vi.stubGlobal('navigator', { hardwareConcurrency: 1 });
      expect(browserPoolSize()).toBe(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('runs EVTX chunk jobs through comlink and yields the inline result, starting threads only when needed', async () => {
    const template = eventTemplate('browser', ['N']);
    const chunks: Uint8Array[] = [];
    const chunkCount = EVTX_POOL_MIN_BYTES / 65536;
    for (let c = 0; c < chunkCount; c++) {
      const writer = new ChunkWriter();
      writer.templateRecord(c + 1, template, [...systemValues({ ...SAMPLE_SYSTEM, recordId: c + 1 }), v.uint32(c)]);
      chunks.push(writer.finish());
    }
    const blob = new Blob([evtxFile(chunks)]);
    const log: string[] = [];
    const pool = new BrowserWorkPool(() => channelThread(log), 3);
    expect(log).toEqual([]);
    const collect = async (withPool?: BrowserWorkPool): Promise<NormalizedEvent[]> => {
      const events: NormalizedEvent[] = [];
      for await (const batch of parser.parse(blob, { fileName: 'b.evtx', fileIndex: 0, pool: withPool })) events.push(...batch.events);
      return events;
    };
    const pooled = await collect(pool);
    expect(log).toEqual(['started', 'started', 'started']);
    expect(pooled).toHaveLength(chunkCount);
    expect(pooled).toEqual(await collect());
    pool.close();
    expect(log.filter((entry) => entry === 'terminated')).toHaveLength(3);
    await expect(pool.run('evtx.chunks', {})).rejects.toThrow(/closed/);
  });
});
