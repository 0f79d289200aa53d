/**
 * Byte builders for the Windows protocol tests: each writes one structure the way its specification lays it out, so
 * the tests state their inputs as protocol steps rather than hex dumps.
 */
import type { AppDissector, AppEvent, FlowEndpoints, StreamPayload } from '../../../src/engine/parsers/pcap/segment';
import { ascii, concat } from '../pcap-app/stream';

export { ascii, concat };

export function le16(value: number): Uint8Array {
  return new Uint8Array([value & 0xff, (value >>> 8) & 0xff]);
}

export function le32(value: number): Uint8Array {
  return new Uint8Array([value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff]);
}

export function le64(value: number): Uint8Array {
  return concat(le32(value % 0x100000000), le32(Math.floor(value / 0x100000000)));
}

export function utf16(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let index = 0; index < text.length; index++) {
    out[index * 2] = text.charCodeAt(index) & 0xff;
    out[index * 2 + 1] = text.charCodeAt(index) >>> 8;
  }
  return out;
}

export function zeros(length: number): Uint8Array {
  return new Uint8Array(length);
}

/** A GUID in wire order (MS-DTYP 2.3.4.2: first three fields little-endian). */
export function guidBytes(text: string): Uint8Array {
  const hex = text.replace(/-/g, '');
  const bytes = new Uint8Array(16);
  for (let index = 0; index < 16; index++) bytes[index] = parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  return concat(bytes.subarray(0, 4).reverse(), bytes.subarray(4, 6).reverse(), bytes.subarray(6, 8).reverse(), bytes.subarray(8));
}

function pad4(bytes: Uint8Array): Uint8Array {
  return concat(bytes, zeros((4 - (bytes.length % 4)) % 4));
}

/** NDR conformant varying string, NUL-terminated, padded to 4 (C706 14.3.4.2). */
export function ndrString(text: string, wide = true): Uint8Array {
  const chars = text.length + 1;
  const body = wide ? concat(utf16(text), zeros(2)) : concat(ascii(text), zeros(1));
  return pad4(concat(le32(chars), le32(0), le32(chars), body));
}

export function ndrUniqueString(text: string | null, wide = true): Uint8Array {
  return text === null ? le32(0) : concat(le32(0x00020000), ndrString(text, wide));
}

// ---------------------------------------------------------------- DCE/RPC (C706 chapter 12)

export interface AuthVerifier {
  type: number;
  level: number;
  value: Uint8Array;
}

function rpcPdu(ptype: number, flags: number, callId: number, body: Uint8Array, auth?: AuthVerifier): Uint8Array {
  const padded = auth ? pad4(body) : body;
  const padLength = padded.length - body.length;
  const trailer = auth ? concat(new Uint8Array([auth.type, auth.level, padLength, 0]), le32(0), auth.value) : new Uint8Array(0);
  const length = 16 + padded.length + trailer.length;
  const header = concat(new Uint8Array([5, 0, ptype, flags, 0x10, 0, 0, 0]), le16(length), le16(auth ? auth.value.length : 0), le32(callId));
  return concat(header, padded, trailer);
}

export const FIRST_AND_LAST = 0x03;

export function rpcBind(callId: number, contexts: Array<{ id: number; uuid: string; version?: number }>, auth?: AuthVerifier): Uint8Array {
  const ndr = concat(guidBytes('8a885d04-1ceb-11c9-9fe8-08002b104860'), le32(2));
  const elements = contexts.map((context) => concat(le16(context.id), new Uint8Array([1, 0]), guidBytes(context.uuid), le32(context.version ?? 1), ndr));
  return rpcPdu(11, FIRST_AND_LAST, callId, concat(le16(4280), le16(4280), le32(0), new Uint8Array([contexts.length, 0, 0, 0]), ...elements), auth);
}

export function rpcBindAck(callId: number, secondaryAddress: string, results: number[]): Uint8Array {
  const address = concat(le16(secondaryAddress.length + 1), ascii(secondaryAddress), zeros(1));
  const beforeResults = 24 + address.length;
  const alignment = zeros((4 - (beforeResults % 4)) % 4);
  const resultList = results.map((result) => concat(le16(result), le16(0), guidBytes('8a885d04-1ceb-11c9-9fe8-08002b104860'), le32(2)));
  return rpcPdu(12, FIRST_AND_LAST, callId, concat(le16(4280), le16(4280), le32(0x1234), address, alignment, new Uint8Array([results.length, 0, 0, 0]), ...resultList));
}

export function rpcRequest(callId: number, contextId: number, opnum: number, stub: Uint8Array, flags = FIRST_AND_LAST, auth?: AuthVerifier): Uint8Array {
  return rpcPdu(0, flags, callId, concat(le32(stub.length), le16(contextId), le16(opnum), stub), auth);
}

export function rpcResponse(callId: number, contextId: number, stub: Uint8Array, flags = FIRST_AND_LAST): Uint8Array {
  return rpcPdu(2, flags, callId, concat(le32(stub.length), le16(contextId), new Uint8Array([0, 0]), stub));
}

export function rpcFault(callId: number, contextId: number, status: number): Uint8Array {
  return rpcPdu(3, FIRST_AND_LAST, callId, concat(le32(0), le16(contextId), new Uint8Array([0, 0]), le32(status), le32(0)));
}

export function rpcAuth3(auth: AuthVerifier): Uint8Array {
  return rpcPdu(16, FIRST_AND_LAST, 2, le32(0), auth);
}

// ---------------------------------------------------------------- NTLMSSP (MS-NLMP 2.2.1)

const NTLMSSP = ascii('NTLMSSP\0');

export function ntlmChallenge(computer: string, dnsComputer: string): Uint8Array {
  const targetName = utf16('CORP');
  const pairs = concat(le16(1), le16(computer.length * 2), utf16(computer), le16(3), le16(dnsComputer.length * 2), utf16(dnsComputer), le32(0));
  const headerLength = 56;
  return concat(NTLMSSP, le32(2), le16(targetName.length), le16(targetName.length), le32(headerLength), le32(0x00000001),
    zeros(8), zeros(8), le16(pairs.length), le16(pairs.length), le32(headerLength + targetName.length), zeros(8), targetName, pairs);
}

export function ntlmAuthenticate(user: string, domain: string, host: string, ntResponseLength: number): Uint8Array {
  const headerLength = 88;
  const payloads = [zeros(ntResponseLength === 0 ? 0 : 24), zeros(ntResponseLength), utf16(domain), utf16(user), utf16(host), zeros(0)];
  const fields: Uint8Array[] = [];
  let offset = headerLength;
  for (const payload of payloads) {
    fields.push(concat(le16(payload.length), le16(payload.length), le32(offset)));
    offset += payload.length;
  }
  return concat(NTLMSSP, le32(3), ...fields, le32(0x00000001), zeros(8), zeros(16), ...payloads);
}

/** An SPNEGO NegTokenResp-like DER prefix around a token: the decoder only needs to find the NTLMSSP signature. */
export function spnegoWrap(token: Uint8Array): Uint8Array {
  return concat(new Uint8Array([0xa1, 0x82, 0x01, 0x00, 0x30, 0x82, 0x00, 0xfc, 0xa2, 0x82, 0x00, 0xf8, 0x04, 0x82, 0x00, 0xf4]), token);
}

// ---------------------------------------------------------------- SMB2 (MS-SMB2 2.2)

export interface Smb2HeaderOptions {
  command: number;
  messageId: number;
  response?: boolean;
  status?: number;
  treeId?: number;
  nextCommand?: number;
  related?: boolean;
}

export function smb2Header(options: Smb2HeaderOptions): Uint8Array {
  const flags = (options.response ? 1 : 0) | (options.related ? 4 : 0);
  return concat(new Uint8Array([0xfe, 0x53, 0x4d, 0x42]), le16(64), le16(1), le32(options.status ?? 0), le16(options.command), le16(1),
    le32(flags), le32(options.nextCommand ?? 0), le64(options.messageId), le32(0), le32(options.treeId ?? 0), le64(0x1000), zeros(16));
}

export function netbios(message: Uint8Array): Uint8Array {
  return concat(new Uint8Array([0, (message.length >>> 16) & 0xff, (message.length >>> 8) & 0xff, message.length & 0xff]), message);
}

export const SMB2 = { sessionSetup: 1, treeConnect: 3, create: 5, close: 6, read: 8, write: 9, ioctl: 11, setInfo: 17 } as const;

export function sessionSetupRequest(messageId: number, token: Uint8Array): Uint8Array {
  return concat(smb2Header({ command: SMB2.sessionSetup, messageId }), le16(25), new Uint8Array([0, 1]), le32(0), le32(0), le16(64 + 24), le16(token.length), le64(0), token);
}

export function sessionSetupResponse(messageId: number, status: number, token: Uint8Array): Uint8Array {
  return concat(smb2Header({ command: SMB2.sessionSetup, messageId, response: true, status }), le16(9), le16(0), le16(64 + 8), le16(token.length), token);
}

export function treeConnectRequest(messageId: number, path: string): Uint8Array {
  const encoded = utf16(path);
  return concat(smb2Header({ command: SMB2.treeConnect, messageId }), le16(9), le16(0), le16(64 + 8), le16(encoded.length), encoded);
}

export function treeConnectResponse(messageId: number, treeId: number, shareType: number, status = 0): Uint8Array {
  return concat(smb2Header({ command: SMB2.treeConnect, messageId, response: true, treeId, status }), le16(16), new Uint8Array([shareType, 0]), le32(0), le32(0), le32(0x1f01ff));
}

export function createRequest(messageId: number, treeId: number, name: string, desiredAccess: number, disposition: number, header: Partial<Smb2HeaderOptions> = {}): Uint8Array {
  const encoded = utf16(name);
  const body = concat(le16(57), new Uint8Array([0, 0]), le32(2), zeros(8), zeros(8), le32(desiredAccess), le32(0x80), le32(7), le32(disposition), le32(0x40), le16(64 + 56), le16(encoded.length), le32(0), le32(0), encoded.length ? encoded : zeros(1));
  return concat(smb2Header({ command: SMB2.create, messageId, treeId, ...header }), body);
}

export function fileId(value: number): Uint8Array {
  return concat(le64(value), le64(value + 0x100));
}

export function createResponse(messageId: number, treeId: number, id: number, endOfFile: number, status = 0): Uint8Array {
  const body = status === 0
    ? concat(le16(89), new Uint8Array([0, 0]), le32(1), zeros(32), le64(endOfFile), le64(endOfFile), le32(0x80), le32(0), fileId(id), le32(0), le32(0))
    : concat(le16(9), zeros(7));
  return concat(smb2Header({ command: SMB2.create, messageId, response: true, treeId, status }), body);
}

export function writeRequest(messageId: number, treeId: number, id: number, data: Uint8Array): Uint8Array {
  return concat(smb2Header({ command: SMB2.write, messageId, treeId }), le16(49), le16(64 + 48), le32(data.length), le64(0), fileId(id), le32(0), le32(0), le16(0), le16(0), le32(0), data);
}

export function readRequest(messageId: number, treeId: number, id: number): Uint8Array {
  return concat(smb2Header({ command: SMB2.read, messageId, treeId }), le16(49), new Uint8Array([0, 0]), le32(4280), le64(0), fileId(id), le32(0), le32(0), le32(0), le16(0), le16(0), zeros(1));
}

export function readResponse(messageId: number, treeId: number, data: Uint8Array, status = 0): Uint8Array {
  return concat(smb2Header({ command: SMB2.read, messageId, response: true, treeId, status }), le16(17), new Uint8Array([64 + 16, 0]), le32(data.length), le32(0), le32(0), data);
}

export const FSCTL_PIPE_TRANSCEIVE = 0x0011c017;

export function ioctlRequest(messageId: number, treeId: number, id: number, input: Uint8Array): Uint8Array {
  return concat(smb2Header({ command: SMB2.ioctl, messageId, treeId }), le16(57), le16(0), le32(FSCTL_PIPE_TRANSCEIVE), fileId(id), le32(64 + 56), le32(input.length), le32(0), le32(0), le32(0), le32(4280), le32(1), le32(0), input);
}

export function ioctlResponse(messageId: number, treeId: number, id: number, output: Uint8Array): Uint8Array {
  return concat(smb2Header({ command: SMB2.ioctl, messageId, response: true, treeId }), le16(49), le16(0), le32(FSCTL_PIPE_TRANSCEIVE), fileId(id), le32(0), le32(0), le32(64 + 48), le32(output.length), le32(0), le32(0), output);
}

export function closeRequest(messageId: number, treeId: number, id: number, header: Partial<Smb2HeaderOptions> = {}): Uint8Array {
  return concat(smb2Header({ command: SMB2.close, messageId, treeId, ...header }), le16(24), le16(0), le32(0), fileId(id));
}

export function deleteOnCloseRequest(messageId: number, treeId: number, id: number): Uint8Array {
  return concat(smb2Header({ command: SMB2.setInfo, messageId, treeId }), le16(33), new Uint8Array([1, 13]), le32(1), le16(64 + 32), le16(0), le32(0), fileId(id), new Uint8Array([1]));
}

/** Sets NextCommand on each message but the last (8-byte aligned, MS-SMB2 3.2.4.1.4) and joins them. */
export function compound(...messages: Uint8Array[]): Uint8Array {
  const aligned = messages.map((message, index) => (index === messages.length - 1 ? message : concat(message, zeros((8 - (message.length % 8)) % 8))));
  aligned.forEach((message, index) => {
    if (index < aligned.length - 1) message.set(le32(message.length), 20);
  });
  return concat(...aligned);
}

// ---------------------------------------------------------------- feeding a dissector

export const CLIENT: FlowEndpoints = { proto: 'tcp', srcIp: '192.0.2.10', srcPort: 50123, dstIp: '192.0.2.20', dstPort: 445 };

export class Conversation {
  private frame = 0;
  readonly events: AppEvent[] = [];

  constructor(
    readonly dissector: AppDissector,
    readonly flow: FlowEndpoints = CLIENT,
    readonly flowKey = 'tcp 192.0.2.10:50123 192.0.2.20:445',
  ) {}

  send(fromClient: boolean, payload: Uint8Array, gap = false): AppEvent[] {
    this.frame++;
    const chunk: StreamPayload = {
      packet: { frame: this.frame, offset: this.frame * 100, ts: `2026-03-02T09:00:${String(this.frame % 60).padStart(2, '0')}.000000Z` },
      flow: this.flow,
      flowKey: this.flowKey,
      fromInitiator: fromClient,
      payload,
      gap,
    };
    const produced = this.dissector.payload(chunk);
    this.events.push(...produced);
    return produced;
  }

  client(payload: Uint8Array): AppEvent[] {
    return this.send(true, payload);
  }

  server(payload: Uint8Array): AppEvent[] {
    return this.send(false, payload);
  }

  finish(): AppEvent[] {
    const produced = this.dissector.finish();
    this.events.push(...produced);
    return produced;
  }

  of(kind: string): AppEvent[] {
    return this.events.filter((event) => event.kind === kind);
  }
}
