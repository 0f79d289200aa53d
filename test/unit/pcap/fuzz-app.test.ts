import { describe, expect, it } from 'vitest';
import type { ParseIssue } from '../../../src/engine/errors';
import type { NormalizedEvent } from '../../../src/engine/events';
import { parser } from '../../../src/engine/parsers/pcap';
import { createAppDissector } from '../../../src/engine/parsers/pcap/app';
import { parseCapture } from '../../../src/engine/parsers/pcap/parse';
import { MAX_APP_FIELD_CHARS } from '../../../src/engine/parsers/pcap/limits';
import {
  netbios, rpcBind, rpcBindAck, rpcRequest, rpcResponse, sessionSetupRequest, ntlmAuthenticate, treeConnectRequest, treeConnectResponse, zeros,
} from '../pcap-windows/builders';
import {
  ACK, arpPacket, ascii, be16, classicPcap, concat, concatAll, epb, ethernet, FIN, idb, ipv4Packet, ipv6Packet, MAC_A, MAC_B, PSH, shb, SYN,
  tcpSegment, udpDatagram, type Bytes,
} from './capture-builder';
import { lcg as random } from '../../helpers/seeded-random';

/**
 * Seeded fuzzing of the whole capture parser with the real application dissectors: valid captures built in code,
 * damaged by truncation at every record boundary, bit flips, length fields set to 0 or all ones, repeated records
 * and deeply nested headers. Every damaged copy must parse without an untyped error, in bounded time, into bounded
 * output.
 */

const CLIENT = '10.1.0.5';
const SERVER = '10.1.0.9';

const bytes = (values: number[] | Uint8Array): Bytes => Uint8Array.from(values);

/** A TCP conversation: handshake, the payloads in turn (client first when `fromClient`), both FINs. */
function tcpConversation(clientPort: number, serverPort: number, exchanges: Array<[boolean, Uint8Array]>): Bytes[] {
  const frames: Bytes[] = [];
  const packet = (fromClient: boolean, seq: number, ack: number, flags: number, payload: Uint8Array = new Uint8Array(0)) =>
    frames.push(ethernet(0x0800, ipv4Packet(fromClient ? CLIENT : SERVER, fromClient ? SERVER : CLIENT, 6,
      tcpSegment(fromClient ? clientPort : serverPort, fromClient ? serverPort : clientPort, seq, ack, flags, bytes(payload))),
    fromClient ? {} : { src: MAC_B, dst: MAC_A }));
  let clientSeq = 1000;
  let serverSeq = 5000;
  packet(true, clientSeq++, 0, SYN);
  packet(false, serverSeq++, clientSeq, SYN | ACK);
  packet(true, clientSeq, serverSeq, ACK);
  for (const [fromClient, payload] of exchanges) {
    if (fromClient) {
      packet(true, clientSeq, serverSeq, PSH | ACK, payload);
      clientSeq += payload.length;
    } else {
      packet(false, serverSeq, clientSeq, PSH | ACK, payload);
      serverSeq += payload.length;
    }
  }
  packet(true, clientSeq++, serverSeq, FIN | ACK);
  packet(false, serverSeq++, clientSeq, FIN | ACK);
  packet(true, clientSeq, serverSeq, ACK);
  return frames;
}

const udp = (fromClient: boolean, clientPort: number, serverPort: number, payload: Uint8Array): Bytes =>
  ethernet(0x0800, ipv4Packet(fromClient ? CLIENT : SERVER, fromClient ? SERVER : CLIENT, 17,
    udpDatagram(fromClient ? clientPort : serverPort, fromClient ? serverPort : clientPort, bytes(payload))));

const label = (text: string) => [text.length, ...ascii(text)];
const NAME = [...label('www'), ...label('example'), ...label('com'), 0];
const dnsQuery = bytes([0, 7, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...NAME, 0, 1, 0, 1]);
const dnsResponse = bytes([0, 7, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0, ...NAME, 0, 1, 0, 1,
  0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 0xc0, 16, 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1]);

const vector16 = (values: number[]) => [...be16(values.length), ...values];
const tlsHello = (() => {
  const sni = [0, 0, ...vector16(vector16([0, ...vector16([...ascii('c2.example.net')])]))];
  const body = [3, 3, ...new Array<number>(32).fill(7), 0, ...vector16([0x13, 0x01]), 1, 0, ...vector16(sni)];
  const handshake = [1, 0, ...be16(body.length), ...body];
  return bytes([22, 3, 1, ...be16(handshake.length), ...handshake]);
})();

function tlv(identifier: number, content: number[]): number[] {
  const length = content.length < 0x80 ? [content.length] : [0x82, content.length >> 8, content.length & 0xff];
  return [identifier, ...length, ...content];
}
const kerberosRequest = (() => {
  const seq = (...items: number[][]) => tlv(0x30, items.flat());
  const str = (value: string) => tlv(0x1b, [...ascii(value)]);
  const principal = seq(tlv(0xa0, tlv(0x02, [1])), tlv(0xa1, seq(str('alice'))));
  const body = seq(tlv(0xa0, tlv(0x03, [0, 0x40, 0x80, 0, 0])), tlv(0xa1, principal), tlv(0xa2, str('CORP')), tlv(0xa8, seq(tlv(0x02, [23]))));
  return bytes(tlv(0x6a, seq(tlv(0xa1, tlv(0x02, [5])), tlv(0xa2, tlv(0x02, [10])), tlv(0xa4, body))));
})();

const SVCCTL = '367abb81-9844-35f1-ad32-98f038001003';

/** Every application protocol the dissectors read, one conversation each, and ARP. */
function applicationFrames(): Bytes[] {
  return [
    ...tcpConversation(40001, 80, [[true, ascii('GET /a?b=%41 HTTP/1.1\r\nHost: x.example\r\nUser-Agent: t\r\n\r\n')], [false, ascii('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nMZab\r\n0\r\n\r\n')]]),
    udp(true, 40002, 53, dnsQuery),
    udp(false, 40002, 53, dnsResponse),
    ...tcpConversation(40003, 53, [[true, concat(be16(dnsQuery.length), dnsQuery)], [false, concat(be16(dnsResponse.length), dnsResponse)]]),
    ...tcpConversation(40004, 443, [[true, tlsHello]]),
    udp(true, 40005, 88, kerberosRequest),
    ...tcpConversation(40006, 21, [[false, ascii('220 FTP ready\r\n')], [true, ascii('USER bob\r\n')], [false, ascii('331 pw\r\n')], [true, ascii('PASS x\r\n')], [false, ascii('230 ok\r\n')]]),
    ...tcpConversation(40007, 25, [[false, ascii('220 mx ESMTP\r\n')], [true, ascii('HELO a\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n')], [true, ascii('Subject: hi\r\n\r\nbody\r\n.\r\n')], [false, ascii('250 queued\r\n')]]),
    ...tcpConversation(40008, 445, [
      [true, netbios(sessionSetupRequest(1, ntlmAuthenticate('bob', 'CORP', 'WS1', 24)))],
      [true, netbios(treeConnectRequest(2, '\\\\srv\\IPC$'))],
      [false, netbios(treeConnectResponse(2, 7, 2))],
    ]),
    ...tcpConversation(40009, 135, [
      [true, rpcBind(1, [{ id: 0, uuid: SVCCTL, version: 2 }])],
      [false, rpcBindAck(1, '135', [0])],
      [true, rpcRequest(2, 0, 15, zeros(40))],
      [false, rpcResponse(2, 0, zeros(8))],
    ]),
    ethernet(0x0806, arpPacket(2, MAC_A, '10.1.0.1', MAC_B, '10.1.0.5')),
  ];
}

/** A DNS response whose 256 answers all name one 8 KiB name through compression pointers (14 bytes each). */
function compressionBomb(): Bytes {
  const name: number[] = [];
  for (let i = 0; i < 127; i++) name.push(63, ...new Array<number>(63).fill(0x61));
  const record = [0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 0xc0, 12];
  return bytes([0, 9, 0x81, 0x80, 0, 1, 1, 0, 0, 0, 0, 0, ...name, 0, 0, 1, 0, 1, ...new Array<number[]>(256).fill(record).flat()]);
}

/**
 * Headers nested far past any real stack: VLAN tags, IPv6 extension headers, IP in IP, GRE in GRE, and DNS names
 * nested through compression pointers.
 */
function nestedFrames(): Bytes[] {
  const inner = ipv4Packet(CLIENT, SERVER, 17, udpDatagram(1, 53, dnsQuery));
  let ipInIp: Bytes = inner;
  let greInGre: Bytes = inner;
  for (let depth = 0; depth < 64; depth++) {
    ipInIp = ipv4Packet(CLIENT, SERVER, 4, ipInIp);
    greInGre = ipv4Packet(CLIENT, SERVER, 47, concat([0, 0, 8, 0], greInGre));
  }
  const vlans = Array.from({ length: 200 }, (_, id) => ({ tpid: 0x8100, id }));
  const extensions = Array.from({ length: 100 }, () => ({ type: 0 }));
  return [
    ethernet(0x0800, inner, { vlans }),
    ethernet(0x86dd, ipv6Packet('2001:db8:0:0:0:0:0:1', '2001:db8:0:0:0:0:0:2', 17, udpDatagram(1, 53, dnsQuery), extensions)),
    ethernet(0x0800, ipInIp.subarray(0, 4000)),
    ethernet(0x0800, greInGre.subarray(0, 4000)),
    udp(false, 40010, 53, compressionBomb()),
  ];
}

interface Base {
  name: string;
  file: Bytes;
  /** Offsets where a record starts, and the fields inside records holding a length, for targeted damage. */
  boundaries: number[];
  lengthFields: number[];
}

function classicBase(frames: Bytes[]): Base {
  const file = classicPcap(frames.map((data, i) => ({ seconds: 1_700_000_000 + i, fraction: i * 1000, data })));
  const boundaries: number[] = [24];
  for (const data of frames) boundaries.push(boundaries[boundaries.length - 1] + 16 + data.length);
  const lengthFields = boundaries.slice(0, -1).flatMap((at) => [at + 8, at + 12, at + 16 + 16, at + 16 + 14 + 20 + 4]);
  return { name: 'pcap', file, boundaries, lengthFields };
}

function pcapngBase(frames: Bytes[]): Base {
  const head = concat(shb(), idb(1));
  const blocks = frames.map((data, i) => epb(0, BigInt(1_700_000_000 + i) * 1_000_000n, data));
  const boundaries: number[] = [0, head.length - idb(1).length, head.length];
  for (const block of blocks) boundaries.push(boundaries[boundaries.length - 1] + block.length);
  const lengthFields = boundaries.slice(0, -1).flatMap((at) => [at + 4, at + 20, at + 24, at + 28 + 16]);
  return { name: 'pcapng', file: concatAll([head, ...blocks]), boundaries, lengthFields };
}

function mutants(base: Base, count: number): Array<{ label: string; file: Bytes }> {
  const out: Array<{ label: string; file: Bytes }> = [];
  for (const at of base.boundaries) for (const delta of [-1, 0, 1, 7]) {
    if (at + delta > 0 && at + delta < base.file.length) out.push({ label: `${base.name} cut at ${at + delta}`, file: base.file.slice(0, at + delta) });
  }
  for (let seed = 1; seed <= count; seed++) {
    const rnd = random(seed * 7919 + base.file.length);
    const pick = (limit: number) => Math.floor(rnd() * limit);
    let file = base.file.slice();
    switch (seed % 4) {
      case 0:
        for (let k = 0; k < 1 + pick(48); k++) file[pick(file.length)] ^= 1 << pick(8);
        break;
      case 1:
        for (let k = 0; k < 1 + pick(6); k++) {
          const at = rnd() < 0.5 ? base.lengthFields[pick(base.lengthFields.length)] : pick(file.length - 4);
          const value = rnd() < 0.5 ? 0 : 0xff;
          file.fill(value, at, Math.min(file.length, at + (rnd() < 0.5 ? 2 : 4)));
        }
        break;
      case 2: {
        // One record repeated many times (retransmissions, replays), or a slice repeated once.
        const index = pick(base.boundaries.length - 1);
        const [from, to] = [base.boundaries[index], base.boundaries[index + 1]];
        const times = rnd() < 0.5 ? 200 : 1;
        const at = rnd() < 0.5 ? to : pick(file.length);
        file = concatAll([file.subarray(0, at), ...new Array<Bytes>(times).fill(file.slice(from, to)), file.subarray(at)]);
        break;
      }
      default:
        file = file.slice(0, base.boundaries[1] + pick(file.length - base.boundaries[1]));
        for (let k = 0; k < 1 + pick(8); k++) file[pick(file.length)] = pick(256);
        break;
    }
    out.push({ label: `${base.name} seed ${seed}`, file });
  }
  return out;
}

/** The parser as the registry runs it, with the read size varied so records straddle reads at many offsets. */
async function parseAll(file: Bytes, sliceBytes?: number): Promise<{ events: NormalizedEvent[]; issues: ParseIssue[] }> {
  const events: NormalizedEvent[] = [];
  const issues: ParseIssue[] = [];
  const ctx = { fileName: 'fuzz.pcap', fileIndex: 0 };
  const batches = sliceBytes === undefined ? parser.parse(new Blob([file]), ctx) : parseCapture(new Blob([file]), ctx, { dissector: createAppDissector(), sliceBytes });
  for await (const batch of batches) {
    events.push(...batch.events);
    issues.push(...batch.issues);
  }
  return { events, issues };
}

function checkOutput(label: string, file: Bytes, events: NormalizedEvent[], issues: ParseIssue[]): void {
  const internal = issues.filter((issue) => issue.reason.startsWith('internal parser error'));
  expect(internal, label).toEqual([]);
  for (const issue of issues) {
    expect(issue.offset, `${label}: ${issue.reason}`).toBeGreaterThanOrEqual(0);
    expect(issue.offset, `${label}: ${issue.reason}`).toBeLessThanOrEqual(file.length);
  }
  // Output grows with the input, never faster: a flow event per packet at most, a few records per packet.
  expect(events.length, label).toBeLessThanOrEqual(file.length / 8 + 64);
  let chars = 0;
  for (const event of events) {
    chars += event.message.length;
    for (const value of Object.values(event.fields)) {
      if (typeof value !== 'string') continue;
      expect(value.length, label).toBeLessThanOrEqual(MAX_APP_FIELD_CHARS);
      chars += value.length;
    }
  }
  expect(chars, label).toBeLessThanOrEqual(file.length * 40 + 100_000);
}

describe('fuzzing the capture parser with every application dissector', () => {
  const frames = [...applicationFrames(), ...nestedFrames()];
  const bases = [classicBase(frames), pcapngBase(frames)];

  it('parses the undamaged captures into records of every protocol', async () => {
    for (const base of bases) {
      const { events, issues } = await parseAll(base.file);
      expect(issues, base.name).toEqual([]);
      const kinds = new Set(events.map((event) => event.kind));
      for (const kind of ['flow', 'http', 'dns', 'tls', 'kerberos', 'ftp', 'smtp', 'smb', 'ntlm', 'dce_rpc', 'arp']) expect(kinds, `${base.name} ${kind}`).toContain(kind);
    }
  });

  it('survives every mutant without an untyped error, with bounded output', async () => {
    let parsed = 0;
    for (const base of bases) {
      for (const { label, file } of mutants(base, 150)) {
        const { events, issues } = await parseAll(file, parsed % 3 === 0 ? undefined : 61 + ((parsed * 997) % 8192));
        checkOutput(label, file, events, issues);
        parsed++;
      }
    }
    expect(parsed).toBeGreaterThan(300);
  }, 10_000);
});
