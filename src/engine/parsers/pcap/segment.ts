import type { EventFields, EventKind } from '../../events';

/**
 * The seam between the capture decoder (link, IP, TCP/UDP, flows) and the application-layer dissectors in `app/`.
 * The decoder knows packets and streams; the dissectors know protocols. Neither reaches into the other.
 */

/** Where a packet sits, so every application event points back at the bytes it came from. */
export interface PacketRef {
  /** 1-based frame number, as Wireshark counts. */
  frame: number;
  /** Byte offset of the packet record (pcap record header / pcapng block) in the file. */
  offset: number;
  /**
   * ISO-8601 UTC with the capture's precision (microseconds or nanoseconds), or null when the packet has none (a
   * pcapng Simple Packet Block carries no time).
   */
  ts: string | null;
}

/** One endpoint pair of a transport conversation, as the initiator (first packet seen) saw it. */
export interface FlowEndpoints {
  proto: 'tcp' | 'udp';
  /** IPv4 dotted quad or IPv6 in RFC 5952 form. */
  srcIp: string;
  srcPort: number;
  dstIp: string;
  dstPort: number;
}

/**
 * Payload bytes of one direction of a conversation. For TCP these arrive in sequence order with retransmissions and
 * overlaps removed; `gap` says bytes before this payload are missing (lost or not captured), so a dissector drops
 * any partial message it was assembling. For UDP each payload is one datagram.
 */
export interface StreamPayload {
  packet: PacketRef;
  flow: FlowEndpoints;
  /** A stable key of the conversation within the file (both directions share it). */
  flowKey: string;
  /** True when the bytes travel from the initiator (flow.src*) to the responder. */
  fromInitiator: boolean;
  /** A copy owned by the dissector: it may keep it across calls. */
  payload: Uint8Array;
  gap: boolean;
}

/** An ARP packet as it appeared on the wire (RFC 826), hardware addresses as lower-case `aa:bb:cc:dd:ee:ff`. */
export interface ArpPacket {
  packet: PacketRef;
  /** 1 request, 2 reply. */
  operation: number;
  senderMac: string;
  senderIp: string;
  targetMac: string;
  targetIp: string;
  /** The Ethernet source address, which may differ from senderMac in crafted packets. */
  ethSrc: string;
}

/** An application-layer record; the decoder turns it into a NormalizedEvent with source 'pcap'. */
export interface AppEvent {
  kind: EventKind;
  /** The packet that completed the record (its offset becomes the event id). */
  packet: PacketRef;
  /** One human-readable line. */
  message: string;
  /** Zeek-style field names for the record (see app/README.md); the decoder adds src_ip/src_port/dst_ip/dst_port/proto. */
  fields: EventFields;
  /** The endpoints the record belongs to; absent for ARP. */
  flow?: FlowEndpoints;
}

/** Per-file application dissection state. The decoder creates one per file and feeds it in packet order. */
export interface AppDissector {
  payload(chunk: StreamPayload): AppEvent[];
  arp(packet: ArpPacket): AppEvent[];
  /** A conversation ended (FIN/RST both ways, idle timeout or eviction): drop its buffers. */
  closeFlow(flowKey: string): AppEvent[];
  /** End of file: whatever is still complete enough to report. */
  finish(): AppEvent[];
  /** The protocol recognised in a conversation by its content (`http`, `dns`, `smb`, ...): conn.log's `service`. */
  serviceOf(flowKey: string): string | undefined;
  /**
   * Data the dissector dropped for one of its limits since the last call (not for malformed input), each at the
   * offset of the packet it concerns. The decoder drains them after every call and reports them as issues.
   */
  takeIssues?(): readonly AppIssue[];
}

/** Something the analyst must know about the dissection of a file, though no packet was malformed. */
export interface AppIssue {
  offset: number;
  reason: string;
}

/**
 * One application protocol (or family, such as SMB with DCE/RPC and NTLM inside it). The composite dissector in
 * `app/index.ts` gives each conversation to the first module that claims it, then feeds that module its payloads.
 */
export interface ProtocolModule {
  /** conn.log `service` name for the conversations it claims. */
  name: string;
  /** Judged from the conversation's endpoints and its first non-empty payload (either direction). */
  claims(first: Uint8Array, flow: FlowEndpoints, fromInitiator: boolean): boolean;
  /** One dissector per file. */
  create(): AppDissector;
}
