import type { AppEvent, PacketRef, StreamPayload } from '../../segment';
import { clientFlow } from '../flow';
import { MAX_HTTP_HEADER_BYTES, MAX_HTTP_PENDING_REQUESTS } from '../limits';
import { StreamBuffer } from '../stream-buffer';
import { BodyReader, sniffMime, type BodyFraming } from './body';
import { requestFields, responseFields } from './fields';
import { header, headLength, mayStartHttpMessage, parseHead, type HttpHead } from './head';

interface InFlight {
  head: HttpHead;
  body: BodyReader;
  packet: PacketRef;
  chunk: StreamPayload;
}

/** A request whose body is complete, waiting for its response. */
interface Request {
  head: HttpHead;
  bodyLength: number;
  chunk: StreamPayload;
}

/** One direction of the conversation: its unparsed bytes and the message being read. */
class Direction {
  // Room for a full head plus the largest TCP payload that can arrive while part of one is buffered.
  readonly buffer = new StreamBuffer(MAX_HTTP_HEADER_BYTES + MAX_TCP_PAYLOAD_BYTES);
  current: InFlight | undefined;
  /** Lost after a gap or garbage: bytes are skipped until a payload starts with a new message. */
  lost: boolean;
  /** How much of the buffered head has been searched for its end already. */
  searched = 0;

  constructor(startsLost: boolean) {
    this.lost = startsLost;
  }
}

const MAX_TCP_PAYLOAD_BYTES = 0xffff;

const NO_BYTES = new Uint8Array(0);

const NO_BODY_STATUS = (status: number) => (status >= 100 && status < 200) || status === 204 || status === 304;

function requestFraming(head: HttpHead): BodyFraming {
  if (/chunked/i.test(header(head, 'transfer-encoding') ?? '')) return { kind: 'chunked' };
  const length = Number(header(head, 'content-length'));
  return Number.isSafeInteger(length) && length > 0 ? { kind: 'length', length } : { kind: 'none' };
}

/** RFC 9112 section 6.3: the request method and status decide before the headers do. */
function responseFraming(head: HttpHead, request: Request | undefined): BodyFraming {
  if (request?.head.method === 'HEAD' || NO_BODY_STATUS(head.status)) return { kind: 'none' };
  if (/chunked/i.test(header(head, 'transfer-encoding') ?? '')) return { kind: 'chunked' };
  const declared = header(head, 'content-length');
  const length = Number(declared);
  if (declared !== undefined && Number.isSafeInteger(length) && length >= 0) return { kind: 'length', length };
  return { kind: 'close' };
}

/**
 * HTTP/1.x over one TCP conversation: requests and responses read from their directions and paired in order
 * (pipelining keeps them in sequence, RFC 9112 section 9.3.2). One `http` event per exchange, emitted when the
 * response ends; requests left without a response are reported when the conversation closes.
 */
export class HttpConversation {
  private readonly directions: [Direction, Direction];
  private readonly waiting: Request[] = [];
  private clientIsInitiator: boolean | undefined;
  /** After a CONNECT is accepted the bytes are a tunnel, not HTTP. */
  private tunnelled = false;

  constructor(first: StreamPayload) {
    const lost = !mayStartHttpMessage(first.payload);
    this.directions = [new Direction(lost), new Direction(lost)];
  }

  payload(chunk: StreamPayload): AppEvent[] {
    if (this.tunnelled) return [];
    const direction = this.directions[chunk.fromInitiator ? 0 : 1];
    const events: AppEvent[] = [];
    if (chunk.gap) {
      events.push(...this.abandon(direction));
      direction.lost = true;
    }
    if (direction.lost) {
      if (!mayStartHttpMessage(chunk.payload)) return events;
      direction.lost = false;
    }
    direction.buffer.append(chunk.payload);
    if (direction.buffer.overflowed) {
      events.push(...this.abandon(direction));
      direction.lost = true;
      return events;
    }
    events.push(...this.drain(direction, chunk));
    return events;
  }

  /** Reads every complete head and body now buffered in one direction. */
  private drain(direction: Direction, chunk: StreamPayload): AppEvent[] {
    const events: AppEvent[] = [];
    while (!direction.lost && !this.tunnelled) {
      if (direction.current) {
        const view = direction.buffer.view();
        const used = direction.current.body.read(view);
        direction.buffer.consume(used);
        // The body reader keeps only a count, so the buffer never holds more than a partial chunk line.
        if (!direction.current.body.done) break;
        const finished = direction.current;
        direction.current = undefined;
        finished.packet = chunk.packet;
        events.push(...this.complete(finished));
        if (finished.body.malformed) direction.lost = true;
        continue;
      }
      const view = direction.buffer.view();
      if (view.length === 0) break;
      // The end marker is at most three bytes long, so a search resumes three bytes before where the last one stopped.
      const end = headLength(view, direction.searched - 3);
      if (end < 0) {
        direction.searched = view.length;
        if (view.length > MAX_HTTP_HEADER_BYTES) {
          events.push(...this.abandon(direction));
          direction.lost = true;
        }
        break;
      }
      direction.searched = 0;
      const head = parseHead(view.subarray(0, end));
      direction.buffer.consume(end);
      if (!head) {
        direction.buffer.clear();
        direction.lost = true;
        break;
      }
      const framing = head.kind === 'request' ? requestFraming(head) : responseFraming(head, this.waiting[0]);
      direction.current = { head, body: new BodyReader(framing), packet: chunk.packet, chunk };
    }
    return events;
  }

  private complete(message: InFlight): AppEvent[] {
    const { head } = message;
    if (head.kind === 'request') {
      this.clientIsInitiator ??= message.chunk.fromInitiator;
      const events: AppEvent[] = [];
      if (this.waiting.length >= MAX_HTTP_PENDING_REQUESTS) {
        const oldest = this.waiting.shift();
        if (oldest) events.push(this.exchange(oldest, undefined, message.packet));
      }
      this.waiting.push({ head, bodyLength: message.body.length, chunk: message.chunk });
      return events;
    }
    // An interim response (100 Continue, RFC 9110 section 15.2) precedes the real one for the same request.
    if (head.status >= 100 && head.status < 200 && head.status !== 101) return [];
    this.clientIsInitiator ??= !message.chunk.fromInitiator;
    const request = this.waiting.shift();
    if (head.status === 101 || (request?.head.method === 'CONNECT' && head.status >= 200 && head.status < 300)) this.tunnelled = true;
    return [this.exchange(request, message, message.packet)];
  }

  private exchange(request: Request | undefined, response: InFlight | undefined, packet: PacketRef): AppEvent {
    const anchor = request?.chunk ?? (response as InFlight).chunk;
    const clientIsInitiator = this.clientIsInitiator ?? (request ? anchor.fromInitiator : !anchor.fromInitiator);
    const flow = clientFlow(anchor.flow, clientIsInitiator);
    const fields = request ? requestFields(request.head, request.bodyLength, flow.srcIp) : { 'c-ip': flow.srcIp };
    if (response) {
      const encoded = header(response.head, 'content-encoding') !== undefined;
      const declared = header(response.head, 'content-type');
      // A content-coded body starts with its coding's magic (gzip), not the content's.
      const mime = sniffMime(encoded ? NO_BYTES : response.body.head, declared);
      Object.assign(fields, responseFields(response.head, response.body.length, mime));
    }
    const line = request ? `${request.head.method} ${String(fields.host ?? '')}${request.head.target}` : 'response without a captured request';
    const status = response ? ` -> ${response.head.status}` : ' (no response)';
    return { kind: 'http', packet, message: `HTTP ${line}${status}`, fields, flow };
  }

  /** A gap or overflow in one direction: whatever was complete enough is reported, the partial rest dropped. */
  private abandon(direction: Direction): AppEvent[] {
    direction.buffer.clear();
    direction.searched = 0;
    const current = direction.current;
    direction.current = undefined;
    if (!current) return [];
    return this.complete(current);
  }

  /** The conversation ended: a body read until close is complete now, and unanswered requests are reported. */
  close(): AppEvent[] {
    const events: AppEvent[] = [];
    for (const direction of this.directions) {
      const current = direction.current;
      direction.current = undefined;
      if (current) events.push(...this.complete(current));
    }
    for (const request of this.waiting.splice(0)) events.push(this.exchange(request, undefined, request.chunk.packet));
    return events;
  }
}
