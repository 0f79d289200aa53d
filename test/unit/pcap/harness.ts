import type { ParseIssue } from '../../../src/engine/errors';
import type { NormalizedEvent } from '../../../src/engine/events';
import { parseCapture } from '../../../src/engine/parsers/pcap/parse';
import type { AppDissector, AppEvent, ArpPacket, StreamPayload } from '../../../src/engine/parsers/pcap/segment';
import type { ParseBatch } from '../../../src/engine/parsers/types';

/** A test double of the application dissector: records every call, and answers with what a test scripts. */
export class RecordingDissector implements AppDissector {
  payloads: StreamPayload[] = [];
  arps: ArpPacket[] = [];
  closed: string[] = [];
  finished = 0;
  services = new Map<string, string>();
  onPayload: (chunk: StreamPayload) => AppEvent[] = () => [];

  payload(chunk: StreamPayload): AppEvent[] {
    this.payloads.push(chunk);
    return this.onPayload(chunk);
  }

  arp(packet: ArpPacket): AppEvent[] {
    this.arps.push(packet);
    return [];
  }

  closeFlow(flowKey: string): AppEvent[] {
    this.closed.push(flowKey);
    return [];
  }

  finish(): AppEvent[] {
    this.finished++;
    return [];
  }

  serviceOf(flowKey: string): string | undefined {
    return this.services.get(flowKey);
  }

  /** The bytes delivered for one direction of one conversation, joined. */
  stream(fromInitiator: boolean, flowKey?: string): string {
    return this.payloads
      .filter((chunk) => chunk.fromInitiator === fromInitiator && (flowKey === undefined || chunk.flowKey === flowKey))
      .map((chunk) => new TextDecoder().decode(chunk.payload))
      .join('');
  }
}

export interface CaptureResult {
  events: NormalizedEvent[];
  issues: ParseIssue[];
  batches: ParseBatch[];
  flows: NormalizedEvent[];
  dissector: RecordingDissector;
}

export async function parseBytes(
  bytes: Uint8Array<ArrayBuffer>,
  options: { sliceBytes?: number; maxFlows?: number; dissector?: RecordingDissector; fileName?: string } = {},
): Promise<CaptureResult> {
  const dissector = options.dissector ?? new RecordingDissector();
  const batches: ParseBatch[] = [];
  const blob = new Blob([bytes]);
  for await (const batch of parseCapture(blob, { fileName: options.fileName ?? 'test.pcap', fileIndex: 3 }, { dissector, sliceBytes: options.sliceBytes, maxFlows: options.maxFlows })) {
    batches.push(batch);
  }
  const events = batches.flatMap((batch) => batch.events);
  return { events, issues: batches.flatMap((batch) => batch.issues), batches, flows: events.filter((event) => event.kind === 'flow'), dissector };
}

/** A flow's fields by `proto src -> dst`, for compact assertions. */
export function flowSummary(flow: NormalizedEvent): string {
  const f = flow.fields;
  const port = (value: unknown): string => (value === null ? '' : `:${value}`);
  return `${f.proto} ${f.src_ip}${port(f.src_port)} -> ${f.dst_ip}${port(f.dst_port)} ${f.packets}/${f.bytes}`;
}
