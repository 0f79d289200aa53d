import { issueFromThrown, type IssueSeverity, type ParseIssue } from '../../errors';
import { eventId, type NormalizedEvent } from '../../events';
import type { CaptureFrame, CaptureSink } from './capture';
import { HistoryGroup, tcpHistoryLetters } from './conn-state';
import { Flow, conversationKey, type FlowPacket } from './flow';
import { FlowTable } from './flow-table';
import { FragmentReassembler } from './fragments';
import { MAX_INTERFACES } from './limits';
import { isKnownLinkType } from './link';
import { appEvent, flowEvent, serviceByPort } from './normalize';
import { decodePacket, TCP_ACK, type IpPacket } from './packet';
import type { AppDissector, AppEvent, ArpPacket, PacketRef } from './segment';
import { StreamBudget, type StreamSink } from './tcp-stream';
import { IsoFormatter } from './timestamp';

/**
 * Packets whose app-event counts are remembered, so a second event from one packet gets its own id. Records come
 * from the packet being decoded or one shortly before it, so forgetting all of them past the limit is safe.
 */
const REMEMBERED_EVENT_PACKETS = 65_536;

export interface DecoderOptions {
  fileName: string;
  fileIndex: number;
  dissector: AppDissector;
  /** Flows tracked at once (MAX_OPEN_FLOWS unless a test lowers it). */
  maxFlows?: number;
}

/**
 * Turns capture frames into events: decodes each packet, keeps every conversation's counters and state, feeds
 * in-order stream bytes and datagrams to the application dissector, and emits a flow event when a conversation
 * ends, times out, is evicted, or the file ends. Events and issues collect in `events` and `issues` for the caller
 * to take.
 */
export class CaptureDecoder implements CaptureSink, StreamSink<FlowPacket> {
  events: NormalizedEvent[] = [];
  issues: ParseIssue[] = [];
  private readonly flows: FlowTable;
  private readonly fragments = new FragmentReassembler();
  private readonly budget = new StreamBudget();
  private readonly iso = new IsoFormatter();
  private readonly unknownLinks = new Set<string>();
  private readonly eventsPerPacket = new Map<number, number>();
  private lastExpirySecond = Number.NaN;

  constructor(private readonly options: DecoderOptions) {
    this.flows = new FlowTable(options.maxFlows);
  }

  issue(offset: number, structure: string, reason: string, severity: IssueSeverity = 'error'): void {
    this.issues.push({ file: this.options.fileName, offset, structure, reason, severity });
  }

  frame(frame: CaptureFrame): void {
    if (!isKnownLinkType(frame.linkType)) {
      const key = `${frame.linkType}:${frame.interfaceId}`;
      // Bounded like the interfaces themselves: a file of many sections could otherwise grow the set without end.
      if (!this.unknownLinks.has(key) && this.unknownLinks.size < MAX_INTERFACES) {
        this.unknownLinks.add(key);
        this.issue(frame.offset, 'link layer', `link type ${frame.linkType} of interface ${frame.interfaceId} is not decoded; its packets are counted as frames only`, 'warning');
      }
      return;
    }
    const decoded = decodePacket(frame, this.fragments);
    const at: FlowPacket = { frame: frame.frame, offset: frame.offset, time: frame.time };
    if (decoded && 'arp' in decoded) {
      const arp: ArpPacket = { packet: this.ref(at), ...decoded.arp };
      this.app(frame.offset, () => this.options.dissector.arp(arp));
    } else if (decoded) {
      this.ipPacket(decoded.ip, frame.originalLength, at);
    }
    if (frame.time && frame.time.seconds !== this.lastExpirySecond) {
      this.lastExpirySecond = frame.time.seconds;
      for (const flow of this.flows.expire(frame.time)) this.close(flow);
    }
  }

  /** End of file: every conversation still open is reported, then what the dissector still holds. */
  finish(): void {
    for (const flow of this.flows.drain()) this.close(flow);
    this.app(0, () => this.options.dissector.finish());
  }

  private ipPacket(packet: IpPacket, frameBytes: number, at: FlowPacket): void {
    const key = conversationKey(packet);
    let flow = this.flows.get(key);
    if (!flow) flow = new Flow(key, packet, at, this.budget, this);
    const fromOriginator = flow.fromOriginator(packet);
    flow.count(fromOriginator, frameBytes, at);
    if (packet.tcp && flow.tcp) {
      const segment = packet.tcp;
      const fresh = flow.tcp.segment(fromOriginator, segment, at);
      if (segment.flags & TCP_ACK) flow.tcp.acknowledged(!fromOriginator, segment.ack);
      tcpHistoryLetters(flow.history, flow.tcp.state, fromOriginator, segment, !fresh);
      flow.tcp.state.segment(fromOriginator, segment.flags, segment.payloadLength);
      flow.noteGaps();
    } else if (packet.udpPayload && flow.proto === 'udp') {
      const payload = packet.udpPayload;
      if (fromOriginator) flow.origDatagramBytes += payload.length;
      else flow.respDatagramBytes += payload.length;
      if (payload.length > 0) {
        flow.history.check(HistoryGroup.Data, 'D', fromOriginator);
        this.feed(flow, fromOriginator, payload.slice(), at, false);
      }
    }
    for (const evicted of this.flows.touch(flow)) this.close(evicted);
  }

  streamBytes(owner: object, fromInitiator: boolean, payload: Uint8Array, packet: FlowPacket, gap: boolean): void {
    this.feed(owner as Flow, fromInitiator, payload, packet, gap);
  }

  private feed(flow: Flow, fromOriginator: boolean, payload: Uint8Array, at: FlowPacket, gap: boolean): void {
    const endpoints = flow.endpoints;
    if (!endpoints) return;
    const packet = this.ref(at);
    this.app(at.offset, () => this.options.dissector.payload({ packet, flow: endpoints, flowKey: flow.flowKey, fromInitiator: fromOriginator, payload, gap }));
  }

  /** The dissector's view of a packet; its time text is only built for packets that reach the dissector. */
  private ref(at: FlowPacket): PacketRef {
    return { frame: at.frame, offset: at.offset, ts: this.iso.format(at.time) };
  }

  private close(flow: Flow): void {
    if (flow.tcp) {
      flow.tcp.flush();
      flow.noteGaps();
    }
    let service: string | null = null;
    if (flow.proto !== 'ip') {
      try {
        service = this.options.dissector.serviceOf(flow.flowKey) ?? null;
      } catch (thrown) {
        this.issues.push(issueFromThrown(thrown, this.options.fileName, flow.first.offset));
      }
      this.app(flow.last.offset, () => this.options.dissector.closeFlow(flow.flowKey));
    }
    this.events.push(flowEvent(flow, service ?? serviceByPort(flow), this.options.fileName, this.options.fileIndex, this.iso));
  }

  /**
   * Runs one dissector call and converts its records. A dissector that throws is a bug, not bad input; the issue
   * says so and the capture goes on.
   */
  private app(offset: number, call: () => AppEvent[]): void {
    let produced: AppEvent[];
    try {
      produced = call();
    } catch (thrown) {
      this.issues.push(issueFromThrown(thrown, this.options.fileName, offset));
      produced = [];
    }
    this.appIssues();
    for (const record of produced) this.events.push(appEvent(record, this.appEventId(record.packet.offset), this.options.fileName));
  }

  /**
   * What the dissector dropped for one of its limits (the file's buffer budget) is reported, not silent: as an error,
   * since a message was skipped (errors.ts), though no packet was malformed.
   */
  private appIssues(): void {
    const dissector = this.options.dissector;
    if (!dissector.takeIssues) return;
    for (const dropped of dissector.takeIssues()) this.issue(dropped.offset, 'application layer', dropped.reason, 'error');
  }

  /** `<file>:<offset>` for a packet's first record, `<file>:<offset>.<n>` for its n-th. */
  private appEventId(offset: number): string {
    if (this.eventsPerPacket.size >= REMEMBERED_EVENT_PACKETS) this.eventsPerPacket.clear();
    const count = (this.eventsPerPacket.get(offset) ?? 0) + 1;
    this.eventsPerPacket.set(offset, count);
    const id = eventId(this.options.fileIndex, offset);
    return count === 1 ? id : `${id}.${count}`;
  }
}
