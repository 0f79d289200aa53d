import type { AppEvent, StreamPayload } from '../../segment';
import type { ContentAwareModule } from '../composite';
import { usesPort } from '../flow';
import { ConversationDissector } from '../protocol-dissector';
import { HttpConversation } from './conversation';
import { startsHttpMessage } from './head';

/** Ports where a conversation is taken as HTTP even when the capture starts in the middle of a message. */
export const HTTP_PORTS: ReadonlySet<number> = new Set([80, 8000, 8008, 8080, 8888, 3128]);

class HttpDissector extends ConversationDissector<HttpConversation> {
  /** An empty payload cannot tell whether the conversation starts with a message; the next one can. */
  protected open(first: StreamPayload): HttpConversation | undefined {
    return first.flow.proto === 'tcp' && first.payload.length > 0 ? new HttpConversation(first) : undefined;
  }

  protected read(conversation: HttpConversation, chunk: StreamPayload): AppEvent[] {
    return conversation.payload(chunk);
  }

  protected close(conversation: HttpConversation): AppEvent[] {
    return conversation.close();
  }
}

export const httpProtocol: ContentAwareModule = {
  name: 'http',
  claimsByContent: (first, flow) => flow.proto === 'tcp' && startsHttpMessage(first),
  claims: (first, flow) => flow.proto === 'tcp' && (startsHttpMessage(first) || usesPort(flow, HTTP_PORTS)),
  create: () => new HttpDissector(),
};
