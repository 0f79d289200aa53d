import { describe, expect, it } from 'vitest';
import { APP_PROTOCOLS } from '../../../src/engine/parsers/pcap/app';
import { createCompositeDissector, type CompositeDissector } from '../../../src/engine/parsers/pcap/app/composite';
import { httpProtocol } from '../../../src/engine/parsers/pcap/app/http';
import { kerberosProtocol } from '../../../src/engine/parsers/pcap/app/kerberos';
import { windowsProtocols } from '../../../src/engine/parsers/pcap/app/windows';
import { MAX_APP_BUFFER_BYTES, MAX_TRACKED_FLOWS } from '../../../src/engine/parsers/pcap/app/limits';
import { StreamBuffer } from '../../../src/engine/parsers/pcap/app/stream-buffer';
import { parseCapture } from '../../../src/engine/parsers/pcap/parse';
import type { AppIssue, FlowEndpoints, ProtocolModule } from '../../../src/engine/parsers/pcap/segment';
import { classicPcap, ethernet, ipv4Packet, PSH, ACK, tcpSegment, type ClassicRecord } from '../pcap/capture-builder';
import { Conversation, ascii, concat, tcp } from './stream';

/** Bytes of the partial message each hostile conversation leaves; its buffer's first storage is exactly this big. */
const PARTIAL = 10_000;
/** Room for ten partial messages and a half: the eleventh conversation is the first refused. */
const BUDGET = 10 * PARTIAL + PARTIAL / 2;
const CONVERSATIONS = 15;

/** A request head that never ends (no empty line), PARTIAL bytes long. */
const partialHttpHead = (): Uint8Array => ascii(`GET /slow HTTP/1.1\r\nX-Pad: ${'a'.repeat(PARTIAL - 27)}`);

/** A Kerberos AS-REQ over TCP (RFC 4120 section 7.2.2) announcing 100,000 bytes of which PARTIAL arrive. */
const partialKerberosMessage = (): Uint8Array => concat(Uint8Array.from([0, 0x01, 0x86, 0xa0, 0x6a, 0x83, 0x01, 0x86]), new Uint8Array(PARTIAL - 8).fill(0x30));

/** A NetBIOS session frame (RFC 1002 section 4.3.1) announcing 100,000 bytes of SMB2 of which PARTIAL arrive. */
const partialSmbMessage = (): Uint8Array => concat(Uint8Array.from([0, 0x01, 0x86, 0xa0, 0xfe, 0x53, 0x4d, 0x42]), new Uint8Array(PARTIAL - 8));

const flowNumber = (i: number, dstPort: number): FlowEndpoints => ({ ...tcp(dstPort, 40_000 + i), srcIp: `10.0.1.${i + 1}` });

/** Sends one client payload with its own packet offset; returns the warnings the composite noted during the call. */
function sendAt(dissector: CompositeDissector, flow: FlowEndpoints, payload: Uint8Array, offset: number): readonly AppIssue[] {
  const chunk = new Conversation(dissector, flow).chunk(true, payload);
  chunk.packet.offset = offset;
  dissector.payload(chunk);
  return dissector.takeIssues();
}

describe('the file buffer budget', () => {
  it.each([
    ['HTTP heads', httpProtocol, 80, partialHttpHead],
    ['Kerberos messages', kerberosProtocol, 88, partialKerberosMessage],
    ['SMB messages', windowsProtocols, 445, partialSmbMessage],
  ] as const)('holds partial %s of many conversations within the budget, with one warning at the first refusal and one count at the end', (_, module, port, partial) => {
    const dissector = createCompositeDissector([module], { bufferBytes: BUDGET });
    const warned: [number, AppIssue][] = [];
    for (let i = 0; i < CONVERSATIONS; i++) {
      for (const warning of sendAt(dissector, flowNumber(i, port), partial(), 5000 + i)) warned.push([i, warning]);
      expect(dissector.buffers.held).toBeLessThanOrEqual(BUDGET);
    }
    expect(dissector.buffers.held).toBe(10 * PARTIAL);
    expect(dissector.buffers.peak).toBe(10 * PARTIAL);
    expect(dissector.buffers.refusals).toBe(CONVERSATIONS - 10);
    expect(warned.map(([index, warning]) => [index, warning.offset])).toEqual([[10, 5010]]);
    expect(warned[0][1].reason).toContain(`budget of ${BUDGET} bytes`);
    expect(warned[0][1].reason).toContain('10.0.1.11:40010 -> 10.0.0.9');
    dissector.finish();
    const [count, ...more] = dissector.takeIssues();
    expect(more).toEqual([]);
    expect(count.offset).toBe(5000 + CONVERSATIONS - 1);
    expect(count.reason).toContain(`${CONVERSATIONS - 11} more`);
    expect(dissector.buffers.held).toBe(0);
  });

  it('gives a single refusal one warning, with no count at the end', () => {
    const dissector = createCompositeDissector([httpProtocol], { bufferBytes: BUDGET });
    const warnings = Array.from({ length: 11 }, (_, i) => sendAt(dissector, flowNumber(i, 80), partialHttpHead(), 100 + i)).flat();
    dissector.finish();
    expect([...warnings, ...dissector.takeIssues()].map((warning) => warning.offset)).toEqual([110]);
  });

  it('reports the refusal as an issue of the capture, at the offset of the packet whose message was dropped', async () => {
    const records: ClassicRecord[] = [];
    const offsets: number[] = [];
    let offset = 24;
    for (let i = 0; i < CONVERSATIONS; i++) {
      const segment = tcpSegment(40_000 + i, 80, 1000, 1, PSH | ACK, partialHttpHead() as Uint8Array<ArrayBuffer>);
      const data = ethernet(0x0800, ipv4Packet(`10.0.1.${i + 1}`, '10.0.0.9', 6, segment));
      records.push({ seconds: 1000 + i, fraction: 0, data });
      offsets.push(offset);
      offset += 16 + data.length;
    }
    const dissector = createCompositeDissector(APP_PROTOCOLS, { bufferBytes: BUDGET });
    const issues = [];
    let flows = 0;
    for await (const batch of parseCapture(new Blob([classicPcap(records)]), { fileName: 'slow.pcap', fileIndex: 0 }, { dissector })) {
      issues.push(...batch.issues);
      flows += batch.events.filter((event) => event.kind === 'flow').length;
    }
    expect(flows).toBe(CONVERSATIONS);
    expect(issues.map((issue) => [issue.structure, issue.severity, issue.offset])).toEqual([
      ['application layer', 'error', offsets[10]],
      ['application layer', 'error', offsets[CONVERSATIONS - 1]],
    ]);
    expect(dissector.buffers.held).toBe(0);
  });

  it('returns the bytes of closed conversations, and dissects new ones fully after the budget was exhausted', () => {
    const dissector = createCompositeDissector([httpProtocol], { bufferBytes: BUDGET });
    const flows = Array.from({ length: CONVERSATIONS }, (_, i) => flowNumber(i, 80));
    for (const [i, flow] of flows.entries()) sendAt(dissector, flow, partialHttpHead(), i);
    expect(dissector.buffers.refusals).toBeGreaterThan(0);
    for (const flow of flows) new Conversation(dissector, flow).close();
    expect(dissector.buffers.held).toBe(0);
    const refusals = dissector.buffers.refusals;
    const web = new Conversation(dissector, tcp(80, 41_000));
    web.client(`GET /after HTTP/1.1\r\nHost: h\r\nX-Pad: ${'b'.repeat(PARTIAL)}`);
    expect(dissector.buffers.held).toBeGreaterThan(PARTIAL);
    web.client('\r\n\r\n');
    const [event] = web.server('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    expect(event.fields.uri).toBe('/after');
    expect(event.fields.status_code).toBe(200);
    expect(dissector.buffers.refusals).toBe(refusals);
  });

  it(`returns the bytes of conversations forgotten past MAX_TRACKED_FLOWS (${MAX_TRACKED_FLOWS})`, () => {
    const dissector = createCompositeDissector(APP_PROTOCOLS, { bufferBytes: BUDGET });
    for (let i = 0; i < 5; i++) sendAt(dissector, flowNumber(i, 80), partialHttpHead(), i);
    expect(dissector.buffers.held).toBe(5 * PARTIAL);
    // Unrecognised conversations take the tracked places without buffering anything.
    for (let i = 0; i < MAX_TRACKED_FLOWS; i++) {
      const flow: FlowEndpoints = { proto: 'tcp', srcIp: '10.3.0.1', srcPort: 1024 + (i % 60_000), dstIp: `10.4.${(i >> 8) & 0xff}.${i & 0xff}`, dstPort: 9999 };
      new Conversation(dissector, flow).client('noise');
    }
    expect(dissector.buffers.held).toBe(0);
  });

  it('returns the bytes of a conversation whose module threw, though the module keeps its buffer', () => {
    const kept: StreamBuffer[] = [];
    const throwing: ProtocolModule = {
      name: 'throwing',
      claims: () => true,
      create: () => ({
        payload: (chunk) => {
          const buffer = new StreamBuffer(1 << 20);
          buffer.append(chunk.payload);
          kept.push(buffer);
          throw new Error('module bug');
        },
        arp: () => [],
        closeFlow: () => [],
        finish: () => [],
        serviceOf: () => undefined,
      }),
    };
    const dissector = createCompositeDissector([throwing], { bufferBytes: BUDGET });
    expect(() => new Conversation(dissector, tcp(4444)).client(new Uint8Array(PARTIAL))).toThrow('module bug');
    expect(kept[0].length).toBe(PARTIAL);
    expect(dissector.buffers.held).toBe(0);
    expect(dissector.buffers.peak).toBe(PARTIAL);
    // The call's account stopped being the current one when it threw: growth outside the composite's calls is free.
    const outside = new StreamBuffer(1 << 20);
    outside.append(new Uint8Array(PARTIAL));
    expect(outside.length).toBe(PARTIAL);
    expect(dissector.buffers.held).toBe(0);
  });

  it('never returns bytes twice for a buffer a module keeps after its conversation was released', () => {
    // A module with its own map that ignores closeFlow: its buffers outlive the composite's accounts.
    const buffers = new Map<string, StreamBuffer>();
    const hoarding: ProtocolModule = {
      name: 'hoarding',
      claims: () => true,
      create: () => ({
        payload: (chunk) => {
          if (chunk.payload[0] === 0x21) {
            for (const buffer of buffers.values()) buffer.consume(buffer.length);
            return [];
          }
          const buffer = buffers.get(chunk.flowKey) ?? new StreamBuffer(1 << 20);
          buffers.set(chunk.flowKey, buffer);
          buffer.append(chunk.payload);
          return [];
        },
        arp: () => [],
        closeFlow: () => [],
        finish: () => [],
        serviceOf: () => undefined,
      }),
    };
    const dissector = createCompositeDissector([hoarding], { bufferBytes: MAX_APP_BUFFER_BYTES });
    const held = () => dissector.buffers.held;
    const a = new Conversation(dissector, tcp(5000, 1));
    const b = new Conversation(dissector, tcp(5000, 2));
    a.client(new Uint8Array(20_000));
    b.client(new Uint8Array(30_000));
    expect(held()).toBe(50_000);
    a.close();
    expect(held()).toBe(30_000);
    // Reopened under the same key, the conversation gets a new account; the module grows the buffer it kept, whose
    // old storage was already returned with the released account.
    a.client(new Uint8Array(30_000));
    expect(buffers.get(a.flowKey)?.length).toBe(50_000);
    expect(held()).toBe(30_000 + 50_000);
    a.close();
    expect(held()).toBe(30_000);
    // The module now drops every buffer it holds: only b's storage is still charged.
    b.client('!');
    expect(held()).toBe(0);
    dissector.finish();
    expect(held()).toBe(0);
  });

  it('lets an emptied buffer drop even its small storage while the budget is more than half used', () => {
    const dissector = createCompositeDissector([httpProtocol], { bufferBytes: BUDGET });
    const exchange = (srcPort: number): void => {
      const web = new Conversation(dissector, tcp(80, srcPort));
      web.client('GET / HTTP/1.1\r\nHost: h\r\n\r\n');
      expect(web.server('HTTP/1.1 204 No Content\r\n\r\n')).toHaveLength(1);
    };
    exchange(41_000);
    const idle = dissector.buffers.held;
    expect(idle).toBeGreaterThan(0);
    for (let i = 0; i < 6; i++) sendAt(dissector, flowNumber(i, 80), partialHttpHead(), i);
    expect(dissector.buffers.held * 2).toBeGreaterThan(BUDGET);
    const tight = dissector.buffers.held;
    exchange(41_001);
    expect(dissector.buffers.held).toBe(tight);
  });

  it('falls back to MAX_APP_BUFFER_BYTES when the budget given is 0 or not a number', () => {
    for (const bufferBytes of [0, Number.NaN, -1]) expect(createCompositeDissector([httpProtocol], { bufferBytes }).buffers.budget).toBe(MAX_APP_BUFFER_BYTES);
  });
});
