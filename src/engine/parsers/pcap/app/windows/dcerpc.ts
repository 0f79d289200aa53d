import type { EventFields } from '../../../../events';
import { InputError } from '../../../../errors';
import { concatBytes } from '../../../../io/line-reader';
import type { PacketRef } from '../../segment';
import { putBounded, secondsBetween } from '../flow';
import { guid, u16, u32, u8 } from './bytes';
import { inferUnboundInterface, interfaceOf, operationName, pipeInterfaceUuid } from './dcerpc-interfaces';
import { readRequestStub } from './dcerpc-stubs';
import { MessageFramer } from './framer';
import { emitNtlmLogon, ntlmTokenIn, type NtlmChallenge } from './ntlm';
import type { Emit, StubBudget } from './emit';

/**
 * Connection-oriented DCE/RPC (C706 chapter 12, MS-RPCE 2.2.2) over one transport: a TCP conversation or one SMB
 * named-pipe open. Binds map presentation context ids to interfaces; requests and responses are matched by call id
 * and reassembled from fragments; one `dce_rpc` event per call, like a line of Zeek's dce_rpc.log.
 */

/** C706 12.6.3.1: the common header every connection-oriented PDU starts with. */
export const RPC_HEADER_BYTES = 16;
/** frag_length is 16 bits, so no PDU is longer. */
const MAX_RPC_PDU_BYTES = 0xffff;
/** Stub bytes reassembled per call; a larger call is still logged, its parameters are not read. */
export const MAX_RPC_STUB_BYTES = 1024 * 1024;
/** Calls awaiting their response per association; past it the oldest is logged without one. */
export const MAX_RPC_PENDING_CALLS = 256;
/** Presentation contexts remembered per association (a bind offers a handful). */
export const MAX_RPC_CONTEXTS = 64;
/** Binds awaiting their bind_ack per association (a client waits for each); past it the oldest offer is forgotten. */
export const MAX_RPC_PENDING_BINDS = 64;
/** Calls on a context whose bind was not captured, held until the end to name their interface. */
export const MAX_RPC_UNBOUND_CALLS = 512;

/** C706 12.6.4: connection-oriented PDU types. */
const PTYPE = { request: 0, response: 2, fault: 3, bind: 11, bindAck: 12, bindNak: 13, alterContext: 14, alterContextResp: 15, auth3: 16 } as const;
const CONNECTION_PTYPES = new Set([0, 2, 3, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
/** C706 12.6.3.1 pfc_flags. */
const PFC_FIRST_FRAG = 0x01;
const PFC_LAST_FRAG = 0x02;
const PFC_OBJECT_UUID = 0x80;
/** MS-RPCE 2.2.1.1.8: at RPC_C_AUTHN_LEVEL_PKT_PRIVACY the stub is encrypted. */
const AUTHN_LEVEL_PKT_PRIVACY = 6;

/** True when the 16 bytes can be a connection-oriented PDU header of DCE/RPC 5.0 or 5.1. */
export function isRpcHeader(head: Uint8Array): boolean {
  if (head.length < RPC_HEADER_BYTES || head[0] !== 5 || head[1] > 1 || !CONNECTION_PTYPES.has(head[2])) return false;
  // C706 14.1 packed_drep: integer and character representation flags (0 or 1 each), a float format 0-3, two zeros.
  if ((head[4] & 0xee) !== 0 || head[5] > 3 || head[6] !== 0 || head[7] !== 0) return false;
  return rpcPduLength(head) !== null;
}

function littleEndianOf(head: Uint8Array): boolean {
  return (head[4] & 0x10) !== 0;
}

function rpcPduLength(head: Uint8Array): number | null {
  if (head[0] !== 5 || head[1] > 1 || !CONNECTION_PTYPES.has(head[2])) return null;
  const length = u16(head, 8, 'DCE/RPC frag_length', littleEndianOf(head));
  return length >= RPC_HEADER_BYTES ? length : null;
}

interface Context {
  uuid: string;
}

interface Call {
  callId: number;
  contextId: number;
  opnum: number;
  packet: PacketRef;
  stub: Uint8Array[];
  /** Stub bytes the request carried; only the first `MAX_RPC_STUB_BYTES` are kept. */
  stubBytes: number;
  keptBytes: number;
  stubComplete: boolean;
  sealed: boolean;
  littleEndian: boolean;
  responseBytes: number;
  /** The last four bytes of the response stub seen so far: every MS-RPC method returns its status last. */
  responseTail: Uint8Array;
  responseSealed: boolean;
}

interface FinishedCall {
  call: Call;
  packet: PacketRef;
  fault: string | null;
  responded: boolean;
}

/** MS-RPCE 2.2.2.11 sec_trailer: where the auth verifier starts and what it says. */
interface AuthTrailer {
  level: number;
  padLength: number;
  value: Uint8Array;
}

export class RpcAssociation {
  private readonly framers = {
    client: new MessageFramer(RPC_HEADER_BYTES, rpcPduLength, MAX_RPC_PDU_BYTES, isRpcHeader),
    server: new MessageFramer(RPC_HEADER_BYTES, rpcPduLength, MAX_RPC_PDU_BYTES, isRpcHeader),
  };
  private readonly contexts = new Map<number, Context>();
  private readonly offered = new Map<number, number[]>();
  private readonly calls = new Map<number, Call>();
  private readonly unbound: FinishedCall[] = [];
  private secondaryAddress: string | undefined;
  private challenge: NtlmChallenge | undefined;

  /**
   * `pipe`: the SMB named pipe as opened (`svcctl`), or undefined over TCP. `named_pipe` is the bind_ack's secondary
   * address when seen (Zeek's choice), else `\PIPE\<pipe>` or the server port.
   */
  constructor(
    private readonly pipe: string | undefined,
    private readonly serverPort: number,
    private readonly emit: Emit,
    private readonly budget: StubBudget,
  ) {}

  data(fromClient: boolean, bytes: Uint8Array, packet: PacketRef): void {
    for (const frame of this.framers[fromClient ? 'client' : 'server'].push(bytes)) {
      try {
        this.pdu(frame.bytes, packet);
      } catch (error) {
        // A malformed PDU is skipped; the framer already knows where the next one starts.
        if (!(error instanceof InputError)) throw error;
      }
    }
  }

  gap(fromClient: boolean): void {
    this.framers[fromClient ? 'client' : 'server'].reset();
  }

  /** Logs calls still waiting for a response and the calls whose bind was not seen. */
  finish(): void {
    for (const call of this.calls.values()) this.finished({ call, packet: call.packet, fault: null, responded: false });
    this.calls.clear();
    const inferred = inferUnboundInterface(this.unbound.map((finished) => finished.call.opnum));
    for (const finished of this.unbound.splice(0)) this.log(finished, inferred, inferred !== undefined);
  }

  private pdu(pdu: Uint8Array, packet: PacketRef): void {
    const littleEndian = littleEndianOf(pdu);
    const ptype = pdu[2];
    const flags = pdu[3];
    const callId = u32(pdu, 12, 'DCE/RPC call_id', littleEndian);
    const trailer = authTrailer(pdu, littleEndian);
    if (ptype === PTYPE.bind || ptype === PTYPE.alterContext) this.bind(pdu, callId, littleEndian);
    else if (ptype === PTYPE.bindAck || ptype === PTYPE.alterContextResp) this.bindAck(pdu, callId, littleEndian, ptype === PTYPE.bindAck);
    else if (ptype === PTYPE.bindNak) this.offered.delete(callId);
    else if (ptype === PTYPE.request) this.request(pdu, flags, callId, trailer, littleEndian, packet);
    else if (ptype === PTYPE.response) this.response(pdu, flags, callId, trailer, packet);
    else if (ptype === PTYPE.fault) this.fault(pdu, callId, littleEndian, packet);
    if (trailer && (ptype === PTYPE.bind || ptype === PTYPE.bindAck || ptype === PTYPE.alterContext || ptype === PTYPE.alterContextResp || ptype === PTYPE.auth3)) {
      this.authentication(trailer.value, packet);
    }
  }

  /** C706 12.6.4.3 bind / 12.6.4.1 alter_context: p_context_elem after max_xmit, max_recv and assoc_group. */
  private bind(pdu: Uint8Array, callId: number, littleEndian: boolean): void {
    const count = u8(pdu, 24, 'DCE/RPC p_context_elem');
    const ids: number[] = [];
    let offset = 28;
    for (let index = 0; index < count; index++) {
      const contextId = u16(pdu, offset, 'DCE/RPC p_cont_elem', littleEndian);
      const transfers = u8(pdu, offset + 2, 'DCE/RPC p_cont_elem');
      const uuid = guid(pdu, offset + 4, 'DCE/RPC abstract_syntax', littleEndian);
      if (this.contexts.size < MAX_RPC_CONTEXTS || this.contexts.has(contextId)) this.contexts.set(contextId, { uuid });
      ids.push(contextId);
      offset += 24 + 20 * transfers;
    }
    putBounded(this.offered, callId, ids, MAX_RPC_PENDING_BINDS);
  }

  /** C706 12.6.4.4 bind_ack: the secondary address, then one result per offered context, in order. */
  private bindAck(pdu: Uint8Array, callId: number, littleEndian: boolean, hasAddress: boolean): void {
    const addressLength = u16(pdu, 24, 'DCE/RPC sec_addr', littleEndian);
    if (hasAddress && addressLength > 1) {
      this.secondaryAddress = new TextDecoder('latin1').decode(pdu.subarray(26, Math.min(pdu.length, 26 + addressLength - 1)));
    }
    let offset = 26 + addressLength;
    offset += (4 - (offset % 4)) % 4;
    const results = u8(pdu, offset, 'DCE/RPC p_result_list');
    const ids = this.offered.get(callId) ?? [];
    this.offered.delete(callId);
    for (let index = 0; index < results && index < ids.length; index++) {
      const result = u16(pdu, offset + 4 + 24 * index, 'DCE/RPC p_result', littleEndian);
      if (result !== 0) this.contexts.delete(ids[index]);
    }
  }

  private request(pdu: Uint8Array, flags: number, callId: number, trailer: AuthTrailer | null, littleEndian: boolean, packet: PacketRef): void {
    const contextId = u16(pdu, 20, 'DCE/RPC p_cont_id', littleEndian);
    const opnum = u16(pdu, 22, 'DCE/RPC opnum', littleEndian);
    const stubStart = 24 + (flags & PFC_OBJECT_UUID ? 16 : 0);
    const stubEnd = stubLimit(pdu, trailer);
    let call = this.calls.get(callId);
    if (flags & PFC_FIRST_FRAG || !call) {
      if (call) this.finished({ call, packet: call.packet, fault: null, responded: false });
      call = { callId, contextId, opnum, packet, stub: [], stubBytes: 0, keptBytes: 0, stubComplete: false, sealed: trailer?.level === AUTHN_LEVEL_PKT_PRIVACY, littleEndian, responseBytes: 0, responseTail: new Uint8Array(0), responseSealed: false };
      this.track(call);
    }
    const length = stubEnd - stubStart;
    // A stub that cannot be kept whole is not kept at all: parameters are read only from complete stubs.
    if (length > 0 && !call.sealed && call.keptBytes === call.stubBytes && call.stubBytes + length <= MAX_RPC_STUB_BYTES && this.budget.take(length)) {
      call.stub.push(pdu.slice(stubStart, stubEnd));
      call.keptBytes += length;
    }
    if (length > 0) call.stubBytes += length;
    if (flags & PFC_LAST_FRAG) call.stubComplete = call.keptBytes === call.stubBytes;
  }

  private track(call: Call): void {
    if (this.calls.size >= MAX_RPC_PENDING_CALLS) {
      const oldest = this.calls.values().next().value as Call;
      this.calls.delete(oldest.callId);
      this.finished({ call: oldest, packet: oldest.packet, fault: null, responded: false });
    }
    this.calls.set(call.callId, call);
  }

  private response(pdu: Uint8Array, flags: number, callId: number, trailer: AuthTrailer | null, packet: PacketRef): void {
    const call = this.calls.get(callId);
    if (!call) return;
    const stubEnd = stubLimit(pdu, trailer);
    call.responseBytes += Math.max(0, stubEnd - 24);
    call.responseSealed ||= trailer?.level === AUTHN_LEVEL_PKT_PRIVACY;
    if (stubEnd > 24) {
      const joined = new Uint8Array([...call.responseTail, ...pdu.subarray(Math.max(24, stubEnd - 4), stubEnd)]);
      call.responseTail = joined.subarray(Math.max(0, joined.length - 4));
    }
    if (!(flags & PFC_LAST_FRAG)) return;
    this.calls.delete(callId);
    this.finished({ call, packet, fault: null, responded: true });
  }

  /** C706 12.6.4.7 fault: the status is an nca_s_* or Win32 code, logged in hex. */
  private fault(pdu: Uint8Array, callId: number, littleEndian: boolean, packet: PacketRef): void {
    const call = this.calls.get(callId);
    if (!call) return;
    this.calls.delete(callId);
    const status = u32(pdu, 24, 'DCE/RPC fault status', littleEndian);
    this.finished({ call, packet, fault: `0x${status.toString(16).padStart(8, '0')}`, responded: true });
  }

  private finished(finished: FinishedCall): void {
    this.budget.give(finished.call.keptBytes);
    if (this.contexts.has(finished.call.contextId)) {
      this.log(finished, this.contexts.get(finished.call.contextId)?.uuid, false);
      return;
    }
    const fromPipe = this.pipe === undefined ? undefined : pipeInterfaceUuid(this.pipe);
    if (fromPipe) this.log(finished, fromPipe, true);
    else if (this.unbound.length < MAX_RPC_UNBOUND_CALLS) {
      // Held only for their opnums: the interfaces inferred from call order have no parameters we read.
      finished.call.stub = [];
      finished.call.stubComplete = false;
      this.unbound.push(finished);
    } else this.log(finished, undefined, false);
  }

  private log({ call, packet, fault, responded }: FinishedCall, uuid: string | undefined, inferred: boolean): void {
    const rpcInterface = uuid ? interfaceOf(uuid) : undefined;
    const endpoint = rpcInterface?.endpoint ?? 'unknown';
    const operation = rpcInterface ? operationName(rpcInterface, call.opnum) : `unknown-${call.opnum}`;
    const namedPipe = this.secondaryAddress ?? (this.pipe === undefined ? String(this.serverPort) : `\\PIPE\\${this.pipe}`);
    const fields: EventFields = {
      endpoint,
      operation,
      opnum: call.opnum,
      named_pipe: namedPipe,
      rtt: responded ? roundTrip(call.packet.ts, packet.ts) : null,
      interface_uuid: uuid ?? null,
      endpoint_inferred: inferred,
      stub_sealed: call.sealed,
      request_stub_bytes: call.stubBytes,
      response_stub_bytes: responded ? call.responseBytes : null,
      return_code: responded && !fault && !call.responseSealed && call.responseTail.length === 4 ? returnCode(call.responseTail, call.littleEndian) : null,
      fault,
    };
    if (!call.sealed && call.stubComplete) Object.assign(fields, stubFields(endpoint, operation, call));
    const outcome = fault ? ` fault ${fault}` : responded ? '' : ' (no response seen)';
    this.emit('dce_rpc', `DCE/RPC ${endpoint} ${operation} on ${namedPipe}${outcome}`, fields, packet);
  }

  /** NTLMSSP inside an auth verifier (auth_type 10, or SPNEGO 9 wrapping it). */
  private authentication(value: Uint8Array, packet: PacketRef): void {
    const message = ntlmTokenIn(value);
    if (message?.type === 2) this.challenge = message;
    if (message?.type === 3) emitNtlmLogon(this.emit, message, this.challenge, null, packet);
  }
}

function stubFields(endpoint: string, operation: string, call: Call): EventFields {
  try {
    return readRequestStub(endpoint, operation, concatBytes(call.stub, call.keptBytes), call.littleEndian);
  } catch (error) {
    if (error instanceof InputError) return {};
    throw error;
  }
}

/** MS-RPCE 2.2.2.11: sec_trailer sits auth_length + 8 bytes before the end; the stub was padded before it. */
function authTrailer(pdu: Uint8Array, littleEndian: boolean): AuthTrailer | null {
  const authLength = u16(pdu, 10, 'DCE/RPC auth_length', littleEndian);
  if (authLength === 0) return null;
  const start = pdu.length - authLength - 8;
  if (start < RPC_HEADER_BYTES) return null;
  return { level: pdu[start + 1], padLength: pdu[start + 2], value: pdu.subarray(start + 8) };
}

function stubLimit(pdu: Uint8Array, trailer: AuthTrailer | null): number {
  if (!trailer) return pdu.length;
  return pdu.length - trailer.value.length - 8 - trailer.padLength;
}

/** The method's return value (a Win32 error or NTSTATUS), in hex like `fault`. */
function returnCode(tail: Uint8Array, littleEndian: boolean): string {
  return `0x${u32(tail, 0, 'DCE/RPC return value', littleEndian).toString(16).padStart(8, '0')}`;
}

/** Seconds from request to response; a response stamped before its request (clock steps) counts as 0. */
function roundTrip(from: string | null, to: string | null): number | null {
  const seconds = secondsBetween(from, to);
  return seconds === undefined ? null : Math.max(0, seconds);
}
