import { closeSync, existsSync, mkdtempSync, openAsBlob, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppDissector } from '../src/engine/parsers/pcap/app';
import type { CaptureFrame, CaptureReader, CaptureSink } from '../src/engine/parsers/pcap/capture';
import { ClassicPcapReader } from '../src/engine/parsers/pcap/classic-reader';
import { parseCapture } from '../src/engine/parsers/pcap/parse';
import { PcapngReader } from '../src/engine/parsers/pcap/pcapng-reader';
import type { AppDissector } from '../src/engine/parsers/pcap/segment';
import { captureFormat } from '../src/engine/parsers/pcap/sniff';
import { filesUnder } from '../test/helpers/files';

/**
 * Capture throughput: every packet of the corpus captures, rewritten into one pcapng of at least BENCH_BYTES (one
 * interface per link type, nanosecond timestamps). Each repetition moves the IPv4 addresses of Ethernet frames and
 * the clock by two hours, so it is new conversations rather than retransmissions of the first, and earlier ones time
 * out as the file goes on. Parsed from a file-backed Blob with the application dissectors and with a dissector that
 * does nothing, to separate the decoder's cost from theirs; both once more without the two port-scan captures,
 * whose one-packet conversations make the corpus mix far richer in flows than ordinary traffic. Prints MB/s,
 * packets/s and peak RSS.
 */

export const BENCH_BYTES = 128 * 1024 * 1024;
/** Parsed once, untimed, first: the JavaScript is compiled while it runs. */
export const WARMUP_BYTES = 16 * 1024 * 1024;
/** Beyond FLOW_IDLE_SECONDS, so one repetition's conversations have timed out when the next begins. */
const REPETITION_SECONDS = 2n * 3600n;
const MB = 1024 * 1024;

interface Packet {
  linkType: number;
  data: Uint8Array;
  originalLength: number;
  nanos: bigint;
}

/** Port scans: a conversation per packet or two. */
const SCAN_CAPTURES = /(synscan|portscan)\.pcap/;

/** Every packet of every capture under `dir` (but scans when `withoutScans`), read with the parser's own readers. */
function corpusPackets(dir: string, withoutScans: boolean): Packet[] {
  const packets: Packet[] = [];
  const captures = filesUnder(dir).filter((path) => /\.(pcap|pcapng|cap)$/.test(path) && !(withoutScans && SCAN_CAPTURES.test(path)));
  for (const file of captures.sort()) {
    const bytes = new Uint8Array(readFileSync(file));
    const sink: CaptureSink = {
      frame: (frame: CaptureFrame) => {
        const nanos = frame.time ? BigInt(frame.time.seconds) * 1_000_000_000n + BigInt(frame.time.nanos) : 0n;
        packets.push({ linkType: frame.linkType, data: frame.data.slice(), originalLength: frame.originalLength, nanos });
      },
      issue: () => undefined,
    };
    const format = captureFormat(bytes);
    const reader: CaptureReader | undefined = format === 'pcap' ? new ClassicPcapReader(sink) : format === 'pcapng' ? new PcapngReader(sink, bytes.length) : undefined;
    reader?.consume(bytes, 0, true);
  }
  return packets;
}

function block(type: number, body: Uint8Array): Uint8Array {
  const padded = (body.length + 3) & ~3;
  const out = new Uint8Array(padded + 12);
  const view = new DataView(out.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, out.length, true);
  out.set(body, 8);
  view.setUint32(out.length - 4, out.length, true);
  return out;
}

function sectionHeader(linkTypes: number[]): Uint8Array[] {
  const shb = new Uint8Array(16);
  const view = new DataView(shb.buffer);
  view.setUint32(0, 0x1a2b3c4d, true);
  view.setUint16(4, 1, true);
  view.setBigInt64(8, -1n, true);
  const interfaces = linkTypes.map((linkType) => {
    const body = new Uint8Array(16);
    const idb = new DataView(body.buffer);
    idb.setUint16(0, linkType, true);
    // if_tsresol = 9 (nanoseconds), then opt_endofopt.
    idb.setUint32(8, 0x0001_0009, true);
    body[12] = 9;
    return block(1, body);
  });
  return [block(0x0a0d0d0a, shb), ...interfaces];
}

function enhancedPacket(interfaceId: number, packet: Packet, repetition: number): Uint8Array {
  const body = new Uint8Array(20 + packet.data.length);
  const view = new DataView(body.buffer);
  const nanos = packet.nanos + BigInt(repetition) * REPETITION_SECONDS * 1_000_000_000n;
  view.setUint32(0, interfaceId, true);
  view.setUint32(4, Number(nanos >> 32n), true);
  view.setUint32(8, Number(nanos & 0xffff_ffffn), true);
  view.setUint32(12, packet.data.length, true);
  view.setUint32(16, packet.originalLength, true);
  body.set(packet.data, 20);
  // Ethernet carrying IPv4: the second octet of both addresses names the repetition.
  if (packet.linkType === 1 && packet.data.length >= 34 && packet.data[12] === 0x08 && packet.data[13] === 0x00) {
    body[20 + 27] ^= repetition & 0xff;
    body[20 + 31] ^= repetition & 0xff;
    body[20 + 28] ^= (repetition >> 8) & 0xff;
  }
  return block(6, body);
}

function writeBenchCapture(packets: Packet[], target: string, size: number): { packets: number } {
  const linkTypes = [...new Set(packets.map((packet) => packet.linkType))];
  const fd = openSync(target, 'w');
  let written = 0;
  let count = 0;
  try {
    for (const part of sectionHeader(linkTypes)) written += writeSync(fd, part);
    for (let repetition = 0; written < size; repetition++) {
      for (const packet of packets) {
        written += writeSync(fd, enhancedPacket(linkTypes.indexOf(packet.linkType), packet, repetition));
        count++;
      }
    }
  } finally {
    closeSync(fd);
  }
  return { packets: count };
}

const idleDissector = (): AppDissector => ({ payload: () => [], arp: () => [], closeFlow: () => [], finish: () => [], serviceOf: () => undefined });

async function timeParse(file: string, dissector: AppDissector): Promise<{ seconds: number; cpuSeconds: number; events: number; flows: number; issues: number; peakRssMb: number; size: number }> {
  const blob = await openAsBlob(file);
  const started = performance.now();
  const cpu = process.cpuUsage();
  let events = 0;
  let flows = 0;
  let issues = 0;
  let peakRss = process.memoryUsage().rss;
  for await (const batch of parseCapture(blob, { fileName: 'bench.pcapng', fileIndex: 0 }, { dissector })) {
    events += batch.events.length;
    flows += batch.events.filter((event) => event.kind === 'flow').length;
    issues += batch.issues.length;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, events, flows, issues, peakRssMb: peakRss / MB, size: blob.size };
}

export async function bench(corpusDir: string): Promise<void> {
  const pcapDir = join(corpusDir, 'pcap');
  if (!existsSync(pcapDir)) {
    console.log(`pcap bench skipped: no ${pcapDir}`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'pcap-bench-'));
  try {
    for (const withoutScans of [false, true]) {
      const packets = corpusPackets(pcapDir, withoutScans);
      const file = join(dir, 'bench.pcapng');
      const warmup = join(dir, 'warmup.pcapng');
      const { packets: count } = writeBenchCapture(packets, file, BENCH_BYTES);
      writeBenchCapture(packets, warmup, WARMUP_BYTES);
      const mix = withoutScans ? 'corpus without the port scans' : 'all corpus captures';
      console.log(`pcap bench, ${mix}: ${packets.length} packets repeated into ${count} (untimed ${WARMUP_BYTES / MB} MB warm-up first)`);
      const runs = [['with the application dissectors', createAppDissector], ['decoder only (idle dissector)', idleDissector]] as const;
      for (const [label, make] of runs) {
        await timeParse(warmup, make());
        const run = await timeParse(file, make());
        const megabytes = run.size / MB;
        console.log(
          `pcap ${label}: ${megabytes.toFixed(0)} MB in ${run.seconds.toFixed(2)} s (${run.cpuSeconds.toFixed(2)} s CPU) = ` +
            `${(megabytes / run.seconds).toFixed(1)} MB/s, ${Math.round(count / run.seconds)} packets/s ` +
            `(by CPU time ${(megabytes / run.cpuSeconds).toFixed(1)} MB/s); ${run.events} events (${run.flows} flows), ${run.issues} issues, ` +
            `peak RSS ${run.peakRssMb.toFixed(0)} MB`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
