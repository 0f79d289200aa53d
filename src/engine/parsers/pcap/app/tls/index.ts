import type { EventFields } from '../../../../events';
import type { AppEvent, PacketRef, StreamPayload } from '../../segment';
import type { ContentAwareModule } from '../composite';
import { clientFlow } from '../flow';
import { MAX_TLS_HANDSHAKE_BYTES } from '../limits';
import { ConversationDissector } from '../protocol-dissector';
import { StreamBuffer } from '../stream-buffer';
import { HANDSHAKE_CLIENT_HELLO, HANDSHAKE_SERVER_HELLO, parseHello, type Hello } from './hello';
import { cipherName, versionName } from './names';

/** RFC 8446 section 5.1: content type 22 is handshake; a record holds at most 2^14 bytes plus expansion. */
const CONTENT_HANDSHAKE = 22;
const RECORD_HEADER_BYTES = 5;
const MAX_RECORD_BYTES = RECORD_HEADER_BYTES + 16_384 + 2_048;
const HANDSHAKE_HEADER_BYTES = 4;

/** One direction: TLS records in, handshake bytes out, until its hello has been read. */
class HelloReader {
  private readonly records = new StreamBuffer(MAX_RECORD_BYTES);
  private readonly handshake = new StreamBuffer(MAX_TLS_HANDSHAKE_BYTES);
  hello: Hello | undefined;
  packet: PacketRef | undefined;
  /** The hello was read, or the bytes stopped being TLS records: nothing more to do. */
  finished = false;

  feed(chunk: StreamPayload): void {
    if (this.finished) return;
    if (chunk.gap) {
      this.finish();
      return;
    }
    this.records.append(chunk.payload);
    while (!this.finished && this.records.length >= RECORD_HEADER_BYTES) {
      const view = this.records.view();
      const length = (view[3] << 8) | view[4];
      if (view[1] !== 3 || RECORD_HEADER_BYTES + length > MAX_RECORD_BYTES) {
        this.finish();
        break;
      }
      if (view.length < RECORD_HEADER_BYTES + length) break;
      // Only handshake records carry the hellos; anything else before them means this is not a handshake we follow.
      if (view[0] !== CONTENT_HANDSHAKE) {
        this.finish();
        break;
      }
      this.handshake.append(view.subarray(RECORD_HEADER_BYTES, RECORD_HEADER_BYTES + length));
      this.records.consume(RECORD_HEADER_BYTES + length);
      this.readHandshake(chunk.packet);
    }
    if (this.records.overflowed || this.handshake.overflowed) this.finish();
  }

  /** Done with this direction: its buffers let go of their storage (the rest of the stream is encrypted). */
  private finish(): void {
    this.finished = true;
    this.records.release();
    this.handshake.release();
  }

  private readHandshake(packet: PacketRef): void {
    const view = this.handshake.view();
    if (view.length < HANDSHAKE_HEADER_BYTES) return;
    const type = view[0];
    const length = (view[1] << 16) | (view[2] << 8) | view[3];
    if (view.length < HANDSHAKE_HEADER_BYTES + length) return;
    if (type === HANDSHAKE_CLIENT_HELLO || type === HANDSHAKE_SERVER_HELLO) {
      this.hello = parseHello(type, view.subarray(HANDSHAKE_HEADER_BYTES, HANDSHAKE_HEADER_BYTES + length));
      this.packet = packet;
    }
    this.finish();
  }
}

class TlsConversation {
  readonly readers: [HelloReader, HelloReader] = [new HelloReader(), new HelloReader()];
  reported = false;

  constructor(readonly first: StreamPayload) {}

  /** The ssl.log record once the server has answered, or at close with the client's side alone. */
  event(atClose: boolean): AppEvent | undefined {
    if (this.reported) return undefined;
    const hellos = this.readers.map((reader) => reader.hello);
    const clientIndex = hellos.findIndex((hello) => hello?.type === 'client');
    const serverIndex = hellos.findIndex((hello) => hello?.type === 'server');
    if (serverIndex < 0 && !(atClose && clientIndex >= 0)) return undefined;
    this.reported = true;
    const client = clientIndex >= 0 ? hellos[clientIndex] : undefined;
    const server = serverIndex >= 0 ? hellos[serverIndex] : undefined;
    const clientIsInitiator = clientIndex >= 0 ? clientIndex === 0 : serverIndex === 1;
    const version = server?.version ?? client?.version ?? 0;
    const fields: EventFields = { version: versionName(version) };
    if (server?.cipher !== undefined) fields.cipher = cipherName(server.cipher);
    if (client?.serverName) fields.server_name = client.serverName;
    if (server?.alpn.length) fields.next_protocol = server.alpn[0];
    if (client?.alpn.length) fields.client_alpn = client.alpn.join(',');
    const packet = this.readers[serverIndex >= 0 ? serverIndex : clientIndex].packet ?? this.first.packet;
    const name = client?.serverName ?? '(no SNI)';
    return { kind: 'tls', packet, message: `TLS ${fields.version} ${name}${fields.cipher ? ` ${fields.cipher}` : ''}`, fields, flow: clientFlow(this.first.flow, clientIsInitiator) };
  }
}

class TlsDissector extends ConversationDissector<TlsConversation> {
  protected open(first: StreamPayload): TlsConversation {
    return new TlsConversation(first);
  }

  protected read(conversation: TlsConversation, chunk: StreamPayload): AppEvent[] {
    conversation.readers[chunk.fromInitiator ? 0 : 1].feed(chunk);
    const event = conversation.event(false);
    return event ? [event] : [];
  }

  protected close(conversation: TlsConversation): AppEvent[] {
    const event = conversation.event(true);
    return event ? [event] : [];
  }
}

/** A handshake record (type 22, version 3.x) whose first message is a ClientHello or ServerHello. */
function startsTlsHello(first: Uint8Array): boolean {
  return first.length >= 6 && first[0] === CONTENT_HANDSHAKE && first[1] === 3 && first[2] <= 4 &&
    (first[5] === HANDSHAKE_CLIENT_HELLO || first[5] === HANDSHAKE_SERVER_HELLO);
}

export const tlsProtocol: ContentAwareModule = {
  name: 'ssl',
  claimsByContent: (first, flow) => flow.proto === 'tcp' && startsTlsHello(first),
  claims: (first, flow) => flow.proto === 'tcp' && startsTlsHello(first),
  create: () => new TlsDissector(),
};
