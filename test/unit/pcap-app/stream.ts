/** Builders of the decoder's side of the seam, so each dissector can be driven packet by packet in a test. */
import { concatBytes } from '../../../src/engine/io/line-reader';
import type { AppDissector, AppEvent, FlowEndpoints, StreamPayload } from '../../../src/engine/parsers/pcap/segment';

export const ascii = (text: string): Uint8Array => Uint8Array.from(text, (character) => character.charCodeAt(0) & 0xff);

export const concat = (...parts: Uint8Array[]): Uint8Array => concatBytes(parts, parts.reduce((sum, part) => sum + part.length, 0));

/** One conversation: `client` and `server` send payloads, numbered as consecutive frames one millisecond apart. */
export class Conversation {
  private frame = 0;
  readonly flowKey: string;

  constructor(
    readonly dissector: AppDissector,
    readonly flow: FlowEndpoints,
    /** False when the capture's first packet came from the server (the initiator as the decoder saw it). */
    private readonly clientIsInitiator = true,
  ) {
    this.flowKey = `${flow.proto} ${flow.srcIp}:${flow.srcPort} ${flow.dstIp}:${flow.dstPort}`;
  }

  chunk(fromClient: boolean, payload: Uint8Array, gap = false): StreamPayload {
    this.frame++;
    return {
      packet: { frame: this.frame, offset: this.frame * 100, ts: new Date(Date.UTC(2026, 2, 2, 10, 0, 0, this.frame)).toISOString() },
      flow: this.flow,
      flowKey: this.flowKey,
      fromInitiator: fromClient === this.clientIsInitiator,
      payload,
      gap,
    };
  }

  client(payload: Uint8Array | string, gap = false): AppEvent[] {
    return this.dissector.payload(this.chunk(true, typeof payload === 'string' ? ascii(payload) : payload, gap));
  }

  server(payload: Uint8Array | string, gap = false): AppEvent[] {
    return this.dissector.payload(this.chunk(false, typeof payload === 'string' ? ascii(payload) : payload, gap));
  }

  close(): AppEvent[] {
    return this.dissector.closeFlow(this.flowKey);
  }
}

export const tcp = (dstPort: number, srcPort = 49_152): FlowEndpoints => ({ proto: 'tcp', srcIp: '10.0.0.5', srcPort, dstIp: '10.0.0.9', dstPort });
export const udp = (dstPort: number, srcPort = 49_152): FlowEndpoints => ({ proto: 'udp', srcIp: '10.0.0.5', srcPort, dstIp: '10.0.0.9', dstPort });

