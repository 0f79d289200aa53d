import { describe, expect, it } from 'vitest';
import { MAX_RPC_PENDING_BINDS, RpcAssociation } from '../../../src/engine/parsers/pcap/app/windows/dcerpc';
import { StubBudget } from '../../../src/engine/parsers/pcap/app/windows/emit';
import { MessageFramer } from '../../../src/engine/parsers/pcap/app/windows/framer';
import { windowsProtocols } from '../../../src/engine/parsers/pcap/app/windows';
import type { EventFields } from '../../../src/engine/events';
import { concat, Conversation, rpcBind, rpcBindAck, rpcRequest, rpcResponse, zeros } from './builders';

/** Hostile inputs the Windows dissectors must survive in bounded time and space (one test per defect found in review). */

/** A 4-byte NetBIOS session message holding only `\xFFSMB`, then one byte no NetBIOS header starts with. */
const SHORT_THEN_BROKEN = [0, 0, 0, 4, 0xff, 0x53, 0x4d, 0x42, 0x01];

function repeated(pattern: number[], times: number): Uint8Array {
  const out = new Uint8Array(pattern.length * times);
  for (let i = 0; i < times; i++) out.set(pattern, i * pattern.length);
  return out;
}

const netbiosLength = (head: Uint8Array): number | null => (head[0] === 0 ? 4 + ((head[1] << 16) | (head[2] << 8) | head[3]) : null);
const startsSmb = (probe: Uint8Array): boolean => probe.length >= 8 && probe[0] === 0 && probe[4] === 0xff && probe[5] === 0x53;

describe('the message framer', () => {
  it('cuts a piece of alternating short and broken messages in linear time', () => {
    // 4 MiB in one piece: moving the rest of the buffer down after each lost byte copies 2 MiB on average, 464,000
    // times (seconds of work; 0.7 s already for a quarter of it, four times as much for each doubling).
    const times = 464_000;
    const framer = new MessageFramer(4, netbiosLength, 256 * 1024, startsSmb);
    const frames = framer.push(repeated(SHORT_THEN_BROKEN, times));
    expect(frames).toHaveLength(times);
    expect(frames.every((frame) => frame.bytes.length === 8 && frame.bytes[4] === 0xff && !frame.truncated)).toBe(true);
  }, 5000);

  it('keeps a message split across pieces after the framing was lost', () => {
    const framer = new MessageFramer(4, netbiosLength, 256 * 1024, startsSmb);
    const message = [0, 0, 0, 6, 0xff, 0x53, 0x4d, 0x42, 7, 9];
    expect(framer.push(Uint8Array.from([0x55, 0x55, ...message.slice(0, 5)]))).toEqual([]);
    const [frame] = framer.push(Uint8Array.from(message.slice(5)));
    expect(Array.from(frame.bytes)).toEqual(message);
  });

  it('survives the same piece through the SMB dissector', () => {
    const smb = new Conversation(windowsProtocols.create());
    expect(() => smb.client(repeated(SHORT_THEN_BROKEN, 20_000))).not.toThrow();
  }, 5000);
});

describe('DCE/RPC binds', () => {
  const SVCCTL = '367abb81-9844-35f1-ad32-98f038001003';

  it(`remembers at most MAX_RPC_PENDING_BINDS unanswered binds, and still names a bound call`, () => {
    const events: EventFields[] = [];
    const rpc = new RpcAssociation(undefined, 49683, (_kind, _message, fields) => events.push(fields), new StubBudget());
    const packet = { frame: 1, offset: 0, ts: null };
    for (let callId = 1; callId <= 10_000; callId++) rpc.data(true, rpcBind(callId, [{ id: 0, uuid: SVCCTL }]), packet);
    const offered = (rpc as unknown as { offered: Map<number, number[]> }).offered;
    expect(offered.size).toBeLessThanOrEqual(MAX_RPC_PENDING_BINDS);
    rpc.data(false, rpcBindAck(10_000, '49683', [0]), packet);
    rpc.data(true, rpcRequest(10_001, 0, 12, zeros(8)), packet);
    rpc.data(false, rpcResponse(10_001, 0, concat(zeros(4))), packet);
    expect(events.at(-1)).toMatchObject({ endpoint: 'svcctl', operation: 'CreateServiceW' });
  });
});
