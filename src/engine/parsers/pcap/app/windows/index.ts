import type { EventFields, EventKind } from '../../../../events';
import { InputError } from '../../../../errors';
import type { AppDissector, AppEvent, ArpPacket, FlowEndpoints, PacketRef, StreamPayload } from '../../segment';
import type { ContentAwareModule } from '../composite';
import { clientFlow, putBounded, usesPort } from '../flow';
import { startsWith } from './bytes';
import { isRpcHeader, RpcAssociation } from './dcerpc';
import { StubBudget, type Emit } from './emit';
import { MessageFramer } from './framer';
import { smbFields } from './smb-files';
import { Smb1Connection } from './smb1';
import { Smb2Connection } from './smb2';
import { compressionTransform } from './smb-transform';

/**
 * The Windows file-sharing and RPC family as one protocol module: SMB1/2/3 over NetBIOS session framing (TCP 139
 * and 445, with DCE/RPC on named pipes and NTLM in session setup), and DCE/RPC directly over TCP (135 and the
 * dynamic ports the endpoint mapper hands out).
 */

/** RFC 1002 4.3.1 / MS-SMB2 2.1: a 4-byte header; type 0 carries 24 bits of length over 445, 17 over 139. */
const NETBIOS_HEADER_BYTES = 4;
/** NetBIOS session packet types (RFC 1002 4.3): message, request, positive/negative response, retarget, keepalive. */
const NETBIOS_TYPES = new Set([0x00, 0x81, 0x82, 0x83, 0x84, 0x85]);
/** Bytes kept of one SMB message; the headers of a longer WRITE or READ are all in its head. */
export const MAX_SMB_MESSAGE_KEPT_BYTES = 256 * 1024;
/** Conversations dissected at once; the decoder closes flows, this bounds a file that never lets it. */
export const MAX_WINDOWS_FLOWS = 4096;

const SMB_PORTS = new Set([139, 445]);
const RPC_PORT = 135;
/** Server ports by which the client of a conversation is recognised when the capture began after its first packet. */
const SERVER_PORTS = new Set([...SMB_PORTS, RPC_PORT]);

const SMB1_MAGIC = [0xff, 0x53, 0x4d, 0x42];
const SMB2_MAGIC = [0xfe, 0x53, 0x4d, 0x42];
const SMB2_ENCRYPTED_MAGIC = [0xfd, 0x53, 0x4d, 0x42];
const SMB2_COMPRESSED_MAGIC = [0xfc, 0x53, 0x4d, 0x42];

function netbiosLength(head: Uint8Array): number | null {
  if (!NETBIOS_TYPES.has(head[0])) return null;
  const length = head[0] === 0 ? (head[1] << 16) | (head[2] << 8) | head[3] : ((head[1] & 1) << 16) | (head[2] << 8) | head[3];
  return NETBIOS_HEADER_BYTES + length;
}

/** A NetBIOS session message carrying SMB; also how a framer that lost its place finds the next message. */
function startsSmb(first: Uint8Array): boolean {
  if (first.length < 8 || first[0] !== 0) return false;
  return [SMB1_MAGIC, SMB2_MAGIC, SMB2_ENCRYPTED_MAGIC, SMB2_COMPRESSED_MAGIC].some((magic) => startsWith(first, 4, magic));
}

interface SmbFlow {
  type: 'smb';
  framers: { client: MessageFramer; server: MessageFramer };
  smb1: Smb1Connection;
  smb2: Smb2Connection;
  emit: Emit;
}

interface RpcFlow {
  type: 'dce_rpc';
  rpc: RpcAssociation;
}

/** `flow` has the client as its source; `clientIsInitiator` says whether the decoder's initiator is that client. */
type FlowState = (SmbFlow | RpcFlow) & { flow: FlowEndpoints; clientIsInitiator: boolean };

class WindowsDissector implements AppDissector {
  private readonly flows = new Map<string, FlowState>();
  private readonly services = new Map<string, string>();
  private readonly budget = new StubBudget();
  private events: AppEvent[] = [];

  payload(chunk: StreamPayload): AppEvent[] {
    if (chunk.flow.proto !== 'tcp') return [];
    let state = this.flows.get(chunk.flowKey);
    if (!state) {
      if (chunk.payload.length === 0) return [];
      state = this.open(chunk);
    }
    try {
      this.feed(state, chunk);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
    }
    return this.take();
  }

  arp(_packet: ArpPacket): AppEvent[] {
    return [];
  }

  closeFlow(flowKey: string): AppEvent[] {
    const state = this.flows.get(flowKey);
    if (state) {
      this.flows.delete(flowKey);
      this.finishFlow(state);
    }
    return this.take();
  }

  finish(): AppEvent[] {
    for (const state of this.flows.values()) this.finishFlow(state);
    this.flows.clear();
    return this.take();
  }

  serviceOf(flowKey: string): string | undefined {
    return this.services.get(flowKey);
  }

  private take(): AppEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  private open(chunk: StreamPayload): FlowState {
    const clientIsInitiator = initiatorIsClient(chunk);
    const flow = clientFlow(chunk.flow, clientIsInitiator);
    const emit: Emit = (kind: EventKind, message: string, fields: EventFields, packet: PacketRef) => this.events.push({ kind, message, fields, packet, flow });
    const serverPort = flow.dstPort;
    // Claimed conversations that are not SMB by content or port are DCE/RPC (135 or a port the mapper handed out).
    const rpc = isRpcHeader(chunk.payload) || (!startsSmb(chunk.payload) && !usesPort(flow, SMB_PORTS));
    const state: FlowState = rpc
      ? { type: 'dce_rpc', rpc: new RpcAssociation(undefined, serverPort, emit, this.budget), flow, clientIsInitiator }
      : {
          type: 'smb',
          framers: {
            client: new MessageFramer(NETBIOS_HEADER_BYTES, netbiosLength, MAX_SMB_MESSAGE_KEPT_BYTES, startsSmb),
            server: new MessageFramer(NETBIOS_HEADER_BYTES, netbiosLength, MAX_SMB_MESSAGE_KEPT_BYTES, startsSmb),
          },
          smb1: new Smb1Connection(serverPort, emit, this.budget),
          smb2: new Smb2Connection(serverPort, emit, this.budget),
          emit,
          flow,
          clientIsInitiator,
        };
    putBounded(this.flows, chunk.flowKey, state, MAX_WINDOWS_FLOWS, (oldest) => this.finishFlow(oldest));
    // Services outlive their flows (the decoder may ask after closing one), so they get their own bound.
    putBounded(this.services, chunk.flowKey, state.type === 'smb' ? 'smb' : 'dce_rpc', MAX_WINDOWS_FLOWS);
    return state;
  }

  private feed(state: FlowState, chunk: StreamPayload): void {
    const fromClient = chunk.fromInitiator === state.clientIsInitiator;
    if (state.type === 'dce_rpc') {
      if (chunk.gap) state.rpc.gap(fromClient);
      state.rpc.data(fromClient, chunk.payload, chunk.packet);
      return;
    }
    const framer = state.framers[fromClient ? 'client' : 'server'];
    if (chunk.gap) framer.reset();
    for (const frame of framer.push(chunk.payload)) {
      if (frame.bytes[0] !== 0) continue;
      const message = frame.bytes.subarray(NETBIOS_HEADER_BYTES);
      try {
        this.smbMessage(state, message, chunk.packet);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
      }
    }
  }

  private smbMessage(state: SmbFlow, message: Uint8Array, packet: PacketRef): void {
    if (startsWith(message, 0, SMB2_MAGIC)) state.smb2.message(message, packet);
    else if (startsWith(message, 0, SMB1_MAGIC)) state.smb1.message(message, packet);
    else if (startsWith(message, 0, SMB2_COMPRESSED_MAGIC)) {
      const transform = compressionTransform(message);
      if (transform.invalid) state.emit('smb', 'SMB compressed message whose sizes do not add up (CVE-2020-0796 pattern)', smbFields('SMB::COMPRESSED_MESSAGE', undefined, null, transform.fields), packet);
    }
    // SMB2 TRANSFORM_HEADER (\xFDSMB, MS-SMB2 2.2.41): encrypted with the session key, nothing to read.
  }

  private finishFlow(state: FlowState): void {
    if (state.type === 'dce_rpc') state.rpc.finish();
    else {
      state.smb1.finish();
      state.smb2.finish();
    }
  }
}

/**
 * Whether the decoder's initiator, whoever sent the first packet captured, is the client: it is the server when the
 * capture began mid-conversation. Zeek's `id.orig_h` is the client, and so are our `src_ip` rules.
 */
function initiatorIsClient(chunk: StreamPayload): boolean {
  const { flow } = chunk;
  const serverIsSource = SERVER_PORTS.has(flow.srcPort) && !SERVER_PORTS.has(flow.dstPort);
  const rpc = isRpcHeader(chunk.payload);
  const rpcResponseFromSource = rpc && chunk.fromInitiator && [2, 3, 12, 13, 15].includes(chunk.payload[2]);
  const rpcRequestFromDestination = rpc && !chunk.fromInitiator && [0, 11, 14, 16].includes(chunk.payload[2]);
  return !serverIsSource && !rpcResponseFromSource && !rpcRequestFromDestination;
}

export const windowsProtocols: ContentAwareModule = {
  name: 'smb',
  claimsByContent(first: Uint8Array, flow: FlowEndpoints): boolean {
    return flow.proto === 'tcp' && (startsSmb(first) || isRpcHeader(first));
  },
  claims(first: Uint8Array, flow: FlowEndpoints, fromInitiator: boolean): boolean {
    if (this.claimsByContent(first, flow, fromInitiator)) return true;
    return flow.proto === 'tcp' && usesPort(flow, SERVER_PORTS);
  },
  create(): AppDissector {
    return new WindowsDissector();
  },
};
