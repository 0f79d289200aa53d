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

/**
 * A dissector that keeps one state object per conversation: opened by the conversation's first payload, closed with
 * whatever it still has complete enough to report when the conversation ends, or at the end of the file.
 */
export abstract class ConversationDissector<Conversation> extends ProtocolDissector {
  private readonly conversations = new Map<string, Conversation>();

  /** The state of a conversation that starts with `first`; undefined when that payload cannot start one. */
  protected abstract open(first: StreamPayload): Conversation | undefined;
  protected abstract read(conversation: Conversation, chunk: StreamPayload): AppEvent[];
  protected abstract close(conversation: Conversation): AppEvent[];

  payload(chunk: StreamPayload): AppEvent[] {
    let conversation = this.conversations.get(chunk.flowKey);
    if (conversation === undefined) {
      conversation = this.open(chunk);
      if (conversation === undefined) return [];
      this.conversations.set(chunk.flowKey, conversation);
    }
    return this.read(conversation, chunk);
  }

  closeFlow(flowKey: string): AppEvent[] {
    const conversation = this.conversations.get(flowKey);
    this.conversations.delete(flowKey);
    return conversation === undefined ? [] : this.close(conversation);
  }

  finish(): AppEvent[] {
    const events = [...this.conversations.values()].flatMap((conversation) => this.close(conversation));
    this.conversations.clear();
    return events;
  }
}
