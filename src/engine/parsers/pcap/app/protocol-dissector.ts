import type { AppDissector, AppEvent, StreamPayload } from '../segment';

/** What every protocol module's per-file dissector shares. */
export abstract class ProtocolDissector implements AppDissector {
  abstract payload(chunk: StreamPayload): AppEvent[];
  abstract closeFlow(flowKey: string): AppEvent[];
  abstract finish(): AppEvent[];

  /** ARP belongs to the composite, which tracks it across the file; a protocol module never receives it. */
  arp(): AppEvent[] {
    return [];
  }

  /** The module's name is the service unless a module knows better per conversation. */
  serviceOf(): string | undefined {
    return undefined;
  }
}
