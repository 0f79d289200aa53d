import type { EventFields, EventKind } from '../../../../events';
import type { PacketRef } from '../../segment';

/** How a dissector hands over one record; the conversation's endpoints are added by whoever owns the flow. */
export type Emit = (kind: EventKind, message: string, fields: EventFields, packet: PacketRef) => void;

/** Request stub bytes held at once by all DCE/RPC calls of one file, awaiting their last fragment. */
export const MAX_HELD_STUB_BYTES = 16 * 1024 * 1024;

/**
 * The stub bytes one file's calls may hold at once. Each call is capped on its own, but a hostile capture could
 * open many pipes with many unfinished calls; past the budget, new stubs are not kept (the calls are still logged).
 */
export class StubBudget {
  private held = 0;

  constructor(private readonly limit = MAX_HELD_STUB_BYTES) {}

  take(bytes: number): boolean {
    if (this.held + bytes > this.limit) return false;
    this.held += bytes;
    return true;
  }

  give(bytes: number): void {
    this.held = Math.max(0, this.held - bytes);
  }
}
