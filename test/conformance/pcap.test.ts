import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../src/engine/events';
import { parser } from '../../src/engine/parsers/pcap';
import { filesUnder } from '../helpers/files';

/**
 * Every corpus capture's conversations against tshark: `exact_flows` in `<capture>.ref.json` gives frames and bytes
 * per unordered endpoint pair (TCP, UDP, and IP for traffic without ports), computed from tshark 4.0 fields.
 */
const corpusDir = path.resolve(process.cwd(), '../shared/corpus/pcap');
const exists = existsSync(corpusDir);
if (!exists) console.warn(`pcap conformance skipped: ${corpusDir} is absent`);

interface ExactFlow {
  proto: string;
  ep1: string;
  ep1_port: string | null;
  ep2: string;
  ep2_port: string | null;
  frames: number;
  bytes: number;
}

const pairKey = (proto: string, a: string, b: string): string => [proto.toLowerCase(), ...[a, b].sort()].join(' ');

function expectedFlows(file: string): Map<string, string> {
  const flows = (JSON.parse(readFileSync(`${file}.ref.json`, 'utf8')) as { exact_flows: ExactFlow[] }).exact_flows;
  return new Map(flows.map((flow) => [pairKey(flow.proto, `${flow.ep1}:${flow.ep1_port}`, `${flow.ep2}:${flow.ep2_port}`), `${flow.frames}/${flow.bytes}`]));
}

function actualFlows(events: NormalizedEvent[]): Map<string, string> {
  const flows = new Map<string, string>();
  for (const event of events.filter((candidate) => candidate.kind === 'flow')) {
    const f = event.fields;
    const key = pairKey(String(f.proto), `${f.src_ip}:${f.src_port}`, `${f.dst_ip}:${f.dst_port}`);
    expect(flows.has(key), `one flow event per endpoint pair: ${key}`).toBe(false);
    flows.set(key, `${f.packets}/${f.bytes}`);
  }
  return flows;
}

const captures = exists ? filesUnder(corpusDir).filter((file) => /\.(pcap|pcapng|cap)$/.test(file) && existsSync(`${file}.ref.json`)).sort() : [];

describe.skipIf(!exists)('pcap conformance with tshark exact flows', () => {
  it('finds the corpus captures', () => {
    expect(captures.length).toBeGreaterThanOrEqual(20);
  });

  it.each(captures.map((file) => [path.relative(corpusDir, file), file]))('%s', async (_, file) => {
    const bytes = readFileSync(file);
    expect(parser.sniff(new Uint8Array(bytes.subarray(0, 4096)), path.basename(file))).toBe(4);
    const events: NormalizedEvent[] = [];
    const issues = [];
    for await (const batch of parser.parse(new Blob([bytes]), { fileName: path.basename(file), fileIndex: 0 })) {
      events.push(...batch.events);
      issues.push(...batch.issues);
    }
    expect(issues).toEqual([]);
    expect(actualFlows(events)).toEqual(expectedFlows(file));
  });
});
