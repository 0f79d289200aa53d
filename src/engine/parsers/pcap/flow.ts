import { History, TcpConnState, tcpConnState, udpConnState } from './conn-state';
import type { ListedFlow } from './flow-table';
import { macText } from './ip';
import { NO_BYTES, TCP_SYN, type FlowClass, type IpPacket, type TcpSegment } from './packet';
import type { FlowEndpoints } from './segment';
import { TcpStreamDirection, type StreamBudget, type StreamSink } from './tcp-stream';
import type { CaptureTime } from './timestamp';

/**
 * The table key of a conversation: its class and its unordered endpoint pair, so both directions meet, as tshark
 * pairs them. `ip` conversations are keyed by addresses alone.
 */
export function conversationKey(packet: IpPacket): string {
  const a = packet.flowClass === 'ip' ? packet.srcIp : `${packet.srcIp}|${packet.srcPort}`;
  const b = packet.flowClass === 'ip' ? packet.dstIp : `${packet.dstIp}|${packet.dstPort}`;
  return a < b ? `${packet.flowClass} ${a} ${b}` : `${packet.flowClass} ${b} ${a}`;
}

/** A packet's place in the file and its time, as much of it as a flow keeps. */
export interface FlowPacket {
  frame: number;
  offset: number;
  time: CaptureTime | null;
}

/** One bidirectional conversation: counters per direction, Zeek's state and history, and for TCP its two streams. */
export class Flow implements ListedFlow {
  older?: Flow;
  newer?: Flow;
  list?: ListedFlow['list'];
  readonly proto: FlowClass;
  readonly srcIp: string;
  readonly srcPort: number;
  readonly dstIp: string;
  readonly dstPort: number;
  /** The upper-layer protocol number of the first packet (what an `ip` conversation carries). */
  readonly ipProtocol: number;
  readonly srcMac: string | null;
  readonly dstMac: string | null;
  /** Unique within the file, also for a later conversation on the same endpoints: the dissector's flow key. */
  readonly flowKey: string;
  readonly first: FlowPacket;
  last: FlowPacket;
  packets = 0;
  bytes = 0;
  origPackets = 0;
  origBytes = 0;
  respPackets = 0;
  respBytes = 0;
  /** UDP payload bytes per direction (TCP's come from its streams). */
  origDatagramBytes = 0;
  respDatagramBytes = 0;
  readonly history = new History();
  readonly tcp?: TcpFlowState;

  constructor(readonly key: string, packet: IpPacket, first: FlowPacket, budget: StreamBudget, deliver: StreamSink<FlowPacket>) {
    this.proto = packet.flowClass;
    this.srcIp = packet.srcIp;
    this.srcPort = packet.srcPort;
    this.dstIp = packet.dstIp;
    this.dstPort = packet.dstPort;
    this.ipProtocol = packet.ipProtocol;
    this.srcMac = packet.srcMacAt >= 0 ? macText(packet.frameData, packet.srcMacAt) : null;
    this.dstMac = packet.dstMacAt >= 0 ? macText(packet.frameData, packet.dstMacAt) : null;
    this.first = first;
    this.last = first;
    this.flowKey = `${key}#${first.frame}`;
    if (this.proto === 'tcp') this.tcp = new TcpFlowState(budget, deliver, this);
  }

  /** Whether a packet travels from the initiator; a conversation of an endpoint with itself is all initiator. */
  fromOriginator(packet: IpPacket): boolean {
    return packet.srcIp === this.srcIp && packet.srcPort === this.srcPort;
  }

  count(fromOriginator: boolean, frameBytes: number, at: FlowPacket): void {
    this.packets++;
    this.bytes += frameBytes;
    if (fromOriginator) {
      this.origPackets++;
      this.origBytes += frameBytes;
    } else {
      this.respPackets++;
      this.respBytes += frameBytes;
    }
    this.last = at;
  }

  /** History `G`/`g` for each content gap the streams skipped since the last call (not for a midstream start). */
  noteGaps(): void {
    if (!this.tcp) return;
    for (let gaps = this.tcp.newGaps(true); gaps > 0; gaps--) this.history.count('G', true);
    for (let gaps = this.tcp.newGaps(false); gaps > 0; gaps--) this.history.count('G', false);
  }

  get endpoints(): FlowEndpoints | undefined {
    if (this.proto === 'ip') return undefined;
    return { proto: this.proto, srcIp: this.srcIp, srcPort: this.srcPort, dstIp: this.dstIp, dstPort: this.dstPort };
  }

  get ended(): boolean {
    return this.tcp?.state.ended ?? false;
  }

  get origPayloadBytes(): number {
    return this.tcp ? this.tcp.payloadBytes(true) : this.origDatagramBytes;
  }

  get respPayloadBytes(): number {
    return this.tcp ? this.tcp.payloadBytes(false) : this.respDatagramBytes;
  }

  /** Zeek's conn_state: TCP from the endpoint states, UDP from whether the responder spoke, OTH for the rest. */
  get connState(): string {
    if (this.tcp) return tcpConnState(this.tcp.state, this.history.text, this.origPayloadBytes, this.respPayloadBytes);
    if (this.proto === 'udp') return udpConnState(this.respPackets > 0);
    return 'OTH';
  }
}

/**
 * A TCP conversation's state machine and its two streams. A stream is only built when its direction first carries
 * payload, remembering the SYN until then: most conversations of a port scan never carry any.
 */
export class TcpFlowState {
  readonly state = new TcpConnState();
  private origStream: TcpStreamDirection<FlowPacket> | undefined;
  private respStream: TcpStreamDirection<FlowPacket> | undefined;
  private origSyn = Number.NaN;
  private respSyn = Number.NaN;
  private origGapsNoted = 0;
  private respGapsNoted = 0;

  constructor(
    private readonly budget: StreamBudget,
    private readonly sink: StreamSink<FlowPacket>,
    private readonly owner: Flow,
  ) {}

  /** Feeds one segment to its direction's stream; false when it only repeated bytes already seen. */
  segment(fromOriginator: boolean, segment: TcpSegment, at: FlowPacket): boolean {
    const syn = (segment.flags & TCP_SYN) !== 0;
    let stream = fromOriginator ? this.origStream : this.respStream;
    if (!stream) {
      if (segment.payloadLength === 0) {
        if (syn && Number.isNaN(fromOriginator ? this.origSyn : this.respSyn)) {
          if (fromOriginator) this.origSyn = segment.seq;
          else this.respSyn = segment.seq;
        }
        return true;
      }
      stream = new TcpStreamDirection(this.budget, this.sink, this.owner, fromOriginator);
      const synSeq = fromOriginator ? this.origSyn : this.respSyn;
      if (!Number.isNaN(synSeq)) stream.segment(synSeq, true, NO_BYTES, 0, at);
      if (fromOriginator) this.origStream = stream;
      else this.respStream = stream;
    }
    return stream.segment(segment.seq, syn, segment.payload, segment.payloadLength, at);
  }

  /** The other direction acknowledged up to `ack` of this direction's bytes. */
  acknowledged(fromOriginator: boolean, ack: number): void {
    (fromOriginator ? this.origStream : this.respStream)?.acknowledged(ack);
  }

  flush(): void {
    this.origStream?.flush();
    this.respStream?.flush();
  }

  payloadBytes(fromOriginator: boolean): number {
    return (fromOriginator ? this.origStream : this.respStream)?.payloadBytes ?? 0;
  }

  /** Gaps skipped in a direction since the last call. */
  newGaps(fromOriginator: boolean): number {
    const gaps = (fromOriginator ? this.origStream : this.respStream)?.gaps ?? 0;
    const fresh = gaps - (fromOriginator ? this.origGapsNoted : this.respGapsNoted);
    if (fromOriginator) this.origGapsNoted = gaps;
    else this.respGapsNoted = gaps;
    return fresh;
  }
}
