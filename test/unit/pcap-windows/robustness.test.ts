import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/engine/errors';
import { windowsProtocols } from '../../../src/engine/parsers/pcap/app/windows';
import { MessageFramer } from '../../../src/engine/parsers/pcap/app/windows/framer';
import { MAX_SMB_MESSAGE_KEPT_BYTES } from '../../../src/engine/parsers/pcap/app/windows';
import { findNtlmToken, ntlmFields, readNtlmMessage } from '../../../src/engine/parsers/pcap/app/windows/ntlm';
import { longestUncHost, MAX_UNC_HOST_CHARS } from '../../../src/engine/parsers/pcap/app/windows/dcerpc-stubs';
import {
  closeRequest, concat, Conversation, createRequest, createResponse, netbios, ntlmAuthenticate, ntlmChallenge, rpcBind, rpcRequest, rpcResponse, spnegoWrap,
  treeConnectRequest, treeConnectResponse, utf16, writeRequest, zeros,
} from './builders';
import { randomBytes } from '../../helpers/seeded-random';

/** A 2-byte big-endian length after a 2-byte tag: the smallest framing that shows the framer's behaviour. */
const lengthPrefixed = (head: Uint8Array) => (head[0] === 0xaa ? 4 + ((head[2] << 8) | head[3]) : null);
const message = (body: number[]) => new Uint8Array([0xaa, 0, body.length >> 8, body.length & 0xff, ...body]);

describe('MessageFramer', () => {
  it('cuts messages out of arbitrary pieces', () => {
    const framer = new MessageFramer(4, lengthPrefixed, 1024);
    const stream = concat(message([1, 2]), message([3]), message([4, 5, 6]));
    const frames = [stream.subarray(0, 5), stream.subarray(5, 9), stream.subarray(9)].flatMap((piece) => framer.push(piece));
    expect(frames.map((frame) => [...frame.bytes.subarray(4)])).toEqual([[1, 2], [3], [4, 5, 6]]);
  });

  it('keeps only the head of an oversized message, skips its rest and finds the next one', () => {
    const framer = new MessageFramer(4, lengthPrefixed, 16);
    const big = message(Array.from({ length: 100 }, (_, index) => index & 0xff));
    const frames = [big.subarray(0, 20), big.subarray(20, 70), concat(big.subarray(70), message([9]))].flatMap((piece) => framer.push(piece));
    expect(frames.map((frame) => [frame.bytes.length, frame.declaredLength, frame.truncated])).toEqual([[16, 104, true], [5, 5, false]]);
  });

  it('stops on bytes no message starts with until the stream is reset', () => {
    const framer = new MessageFramer(4, lengthPrefixed, 1024);
    expect(framer.push(new Uint8Array([0x00, 1, 2, 3, 4]))).toEqual([]);
    expect(framer.framingLost).toBe(true);
    expect(framer.push(message([1]))).toEqual([]);
    framer.reset();
    expect(framer.push(message([7])).map((frame) => frame.bytes[4])).toEqual([7]);
  });
});

describe('joining a conversation in the middle', () => {
  it('finds the first whole SMB message after the tail of one the capture missed', () => {
    const conversation = new Conversation(windowsProtocols.create());
    const missedTail = netbios(treeConnectRequest(1, '\\\\fs01\\old')).subarray(30);
    conversation.client(concat(missedTail, netbios(treeConnectRequest(2, '\\\\fs01\\IPC$'))));
    conversation.server(netbios(treeConnectResponse(2, 1, 2)));
    expect(conversation.of('smb').map((event) => event.fields.path)).toEqual(['\\\\fs01\\IPC$']);
  });

  it('finds the next DCE/RPC PDU after a gap that cut one in half', () => {
    const rpc = new Conversation(windowsProtocols.create(), { proto: 'tcp', srcIp: '192.0.2.1', srcPort: 50000, dstIp: '192.0.2.2', dstPort: 135 }, 'rpc');
    rpc.client(rpcBind(1, [{ id: 0, uuid: '367abb81-9844-35f1-ad32-98f038001003' }]));
    const cut = rpcRequest(2, 0, 12, zeros(200));
    rpc.send(true, concat(cut.subarray(100), rpcRequest(3, 0, 19, zeros(8))), true);
    rpc.server(rpcResponse(3, 0, zeros(4)));
    expect(rpc.of('dce_rpc').map((event) => event.fields.operation)).toEqual(['StartServiceW']);
  });
});

describe('NTLMSSP', () => {
  it('finds a token inside SPNEGO and reads the server names of a challenge', () => {
    const blob = spnegoWrap(ntlmChallenge('DC01', 'dc01.corp.example'));
    const at = findNtlmToken(blob);
    expect(at).toBe(16);
    expect(readNtlmMessage(blob, at)).toMatchObject({ type: 2, targetName: 'CORP', serverNbComputerName: 'DC01', serverDnsComputerName: 'dc01.corp.example' });
  });

  it('tells NTLMv1, NTLMv2 and anonymous apart by the NT response', () => {
    const read = (token: Uint8Array) => {
      const auth = readNtlmMessage(token, 0);
      if (auth?.type !== 3) throw new Error('not an AUTHENTICATE message');
      return ntlmFields(auth, undefined, true);
    };
    expect(read(ntlmAuthenticate('bob', 'CORP', 'WS01', 24))).toMatchObject({ ntlm_version: 'NTLMv1', anonymous: false });
    expect(read(ntlmAuthenticate('bob', 'CORP', 'WS01', 162))).toMatchObject({ ntlm_version: 'NTLMv2', anonymous: false });
    expect(read(ntlmAuthenticate('', '', 'WS01', 0))).toMatchObject({ ntlm_version: null, anonymous: true });
  });

  it('throws a typed error on a token whose fields point past its end', () => {
    const token = ntlmAuthenticate('bob', 'CORP', 'WS01', 24);
    expect(() => readNtlmMessage(token.subarray(0, 100), 0)).toThrow(InputError);
  });
});

describe('activation host scan', () => {
  it('stops counting at its limit', () => {
    const stub = concat(utf16('\\\\'), new Uint8Array(2 * (MAX_UNC_HOST_CHARS + 50)).fill(0x41));
    expect(longestUncHost(stub)).toBe(MAX_UNC_HOST_CHARS);
    expect(longestUncHost(zeros(64))).toBe(-1);
  });
});

describe('hostile input', () => {
  it('never throws on random bytes, truncations or bit flips of valid messages', () => {
    const valid = [
      netbios(treeConnectRequest(1, '\\\\fs01\\IPC$')),
      netbios(concat(new Uint8Array([0xff, 0x53, 0x4d, 0x42, 0x73]), zeros(60))),
      rpcBind(1, [{ id: 0, uuid: '367abb81-9844-35f1-ad32-98f038001003' }]),
      rpcRequest(2, 0, 12, zeros(80)),
    ];
    for (let seed = 1; seed <= 200; seed++) {
      const smb = new Conversation(windowsProtocols.create());
      const rpc = new Conversation(windowsProtocols.create(), { proto: 'tcp', srcIp: '192.0.2.1', srcPort: 1, dstIp: '192.0.2.2', dstPort: 135 }, 'rpc');
      const noise = randomBytes(seed, 64 + (seed % 300));
      const base = valid[seed % valid.length];
      const flipped = base.slice();
      flipped[seed % flipped.length] ^= 1 << seed % 8;
      for (const conversation of [smb, rpc]) {
        expect(() => {
          conversation.client(concat(base.subarray(0, 4), noise));
          conversation.client(flipped);
          conversation.server(base.subarray(0, seed % base.length));
          conversation.server(noise);
          conversation.finish();
        }).not.toThrow();
      }
    }
  });

  it('reads the header of a WRITE larger than it keeps, skips the data and parses the next message', () => {
    const conversation = new Conversation(windowsProtocols.create());
    conversation.client(netbios(treeConnectRequest(1, '\\\\fs01\\C$')));
    conversation.server(netbios(treeConnectResponse(1, 5, 1)));
    conversation.client(netbios(createRequest(2, 5, 'big.bin', 0x2, 2)));
    conversation.server(netbios(createResponse(2, 5, 0x9, 0)));
    const dataLength = 4 * MAX_SMB_MESSAGE_KEPT_BYTES;
    const write = netbios(writeRequest(3, 5, 0x9, new Uint8Array(dataLength)));
    for (let offset = 0; offset < write.length; offset += 60_000) conversation.client(write.subarray(offset, offset + 60_000));
    conversation.client(netbios(closeRequest(4, 5, 0x9)));
    expect(conversation.of('smb').map((event) => [event.fields.action, event.fields.bytes ?? null])).toEqual([
      ['SMB::TREE_CONNECT', null], ['SMB::FILE_OPEN', null], ['SMB::FILE_WRITE', dataLength],
    ]);
  });
});
