import type { AppEvent, StreamPayload } from '../../segment';
import type { ContentAwareModule } from '../composite';
import { usesPort } from '../flow';
import { ProtocolDissector } from '../protocol-dissector';
import { HttpConversation } from './conversation';
import { startsHttpMessage } from './head';

/** Ports where a conversation is taken as HTTP even when the capture starts in the middle of a message. */
export const HTTP_PORTS: ReadonlySet<number> = new Set([80, 8000, 8008, 8080, 8888, 3128]);

class HttpDissector extends ProtocolDissector {
  private readonly conversations = new Map<string, HttpConversation>();

  payload(chunk: StreamPayload): AppEvent[] {
    if (chunk.flow.proto !== 'tcp') return [];
    let conversation = this.conversations.get(chunk.flowKey);
    if (!conversation) {
      if (chunk.payload.length === 0) return [];
      conversation = new HttpConversation(chunk);
      this.conversations.set(chunk.flowKey, conversation);
    }
    return conversation.payload(chunk);
  }

  closeFlow(flowKey: string): AppEvent[] {
    const conversation = this.conversations.get(flowKey);
    this.conversations.delete(flowKey);
    return conversation ? conversation.close() : [];
  }

  finish(): AppEvent[] {
    const events = [...this.conversations.values()].flatMap((conversation) => conversation.close());
    this.conversations.clear();
    return events;
  }
}

export const httpProtocol: ContentAwareModule = {
  name: 'http',
  claimsByContent: (first, flow) => flow.proto === 'tcp' && startsHttpMessage(first),
  claims: (first, flow) => flow.proto === 'tcp' && (startsHttpMessage(first) || usesPort(flow, HTTP_PORTS)),
  create: () => new HttpDissector(),
};
