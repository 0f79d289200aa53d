import type { EventFields } from '../../../../events';
import type { AppEvent, StreamPayload } from '../../segment';
import type { ContentAwareModule } from '../composite';
import { clientFlow, usesPort } from '../flow';
import { LengthPrefixedMessages } from '../length-prefixed';
import { MAX_KERBEROS_MESSAGE_BYTES, MAX_KERBEROS_WAITING_REQUESTS } from '../limits';
import { ProtocolDissector } from '../protocol-dissector';
import { AS_REP, AS_REQ, KRB_ERROR, TGS_REQ, kdcMessageTag, parseKerberos, type KdcError, type KdcReply, type KdcRequest, type KerberosMessage } from './messages';
import { errorName, etypeName, paTypeName } from './names';

export const KERBEROS_PORTS: ReadonlySet<number> = new Set([88]);

/** RFC 4120 section 7.2.2: over TCP a four-byte big-endian length precedes each message; its top bit is reserved. */
const TCP_LENGTH_PREFIX = 4;
const tcpMessageLength = (prefix: Uint8Array): number => (prefix[0] & 0x7f) * 2 ** 24 + ((prefix[1] << 16) | (prefix[2] << 8) | prefix[3]);

interface SentRequest {
  request: KdcRequest;
  chunk: StreamPayload;
}

const withRealm = (name: string | undefined, realm: string): string | undefined => (name === undefined ? undefined : realm ? `${name}/${realm}` : name);

/** Zeek kerberos.log fields for one exchange, plus the request details rules need (etypes offered, padata). */
function exchangeFields(request: KdcRequest | undefined, answer: KdcReply | KdcError | undefined): EventFields {
  const fields: EventFields = {};
  if (request) {
    fields.request_type = request.type === AS_REQ ? 'AS' : 'TGS';
    const client = withRealm(request.client, request.realm);
    if (client) fields.client = client;
    if (request.service) fields.service = request.service;
    fields.realm = request.realm;
    fields.req_etypes = request.etypes.map(etypeName).join(',');
    fields.pa_types = request.padataTypes.map(paTypeName).join(',');
    fields.forwardable = request.forwardable;
    fields.renewable = request.renewable;
    if (request.till) fields.till = request.till;
  }
  if (!answer) return fields;
  // A TGS-REQ names no client (RFC 4120 section 5.4.1: cname is for AS-REQ only); the reply does.
  const answeredClient = withRealm(answer.client, answer.realm);
  if (fields.client === undefined && answeredClient) fields.client = answeredClient;
  if (answer.service && !fields.service) fields.service = answer.service;
  if (answer.type === KRB_ERROR) {
    fields.success = false;
    fields.error_code = answer.errorCode;
    fields.error_msg = errorName(answer.errorCode);
    if (answer.text) fields.error_text = answer.text;
  } else {
    fields.request_type ??= answer.type === AS_REP ? 'AS' : 'TGS';
    fields.success = true;
    if (answer.ticketEtype !== undefined) fields.cipher = etypeName(answer.ticketEtype);
    if (answer.replyEtype !== undefined) fields.reply_cipher = etypeName(answer.replyEtype);
  }
  return fields;
}

/** The record of an exchange, at the packet of `chunk`: the answer, or the request when none came. */
function kerberosEvent(chunk: StreamPayload, clientIsInitiator: boolean, fields: EventFields): AppEvent {
  const outcome = fields.success === true ? 'granted' : fields.success === false ? String(fields.error_msg) : 'no reply';
  const message = `Kerberos ${String(fields.request_type ?? '?')} ${String(fields.client ?? '?')} for ${String(fields.service ?? '?')}: ${outcome}`;
  return { kind: 'kerberos', packet: chunk.packet, message, fields, flow: clientFlow(chunk.flow, clientIsInitiator) };
}

const isRequest = (message: KerberosMessage): message is KdcRequest => message.type === AS_REQ || message.type === TGS_REQ;

class KerberosDissector extends ProtocolDissector {
  /** Requests of a conversation waiting for the KDC, in order (a client sends one and waits, RFC 4120 section 7.2). */
  private readonly waiting = new Map<string, SentRequest[]>();
  private readonly tcp = new LengthPrefixedMessages(TCP_LENGTH_PREFIX, tcpMessageLength, MAX_KERBEROS_MESSAGE_BYTES, (chunk, message) => this.message(chunk, message));

  payload(chunk: StreamPayload): AppEvent[] {
    if (chunk.flow.proto === 'udp') return this.message(chunk, chunk.payload);
    return this.tcp.cut(chunk);
  }

  private message(chunk: StreamPayload, bytes: Uint8Array): AppEvent[] {
    const message = parseKerberos(bytes);
    if (!message) return [];
    const queue = this.waiting.get(chunk.flowKey) ?? [];
    if (isRequest(message)) {
      const events = queue.length >= MAX_KERBEROS_WAITING_REQUESTS ? [this.unanswered(queue.shift() as SentRequest)] : [];
      queue.push({ request: message, chunk });
      this.waiting.set(chunk.flowKey, queue);
      return events;
    }
    const sent = queue.shift();
    return [kerberosEvent(chunk, sent ? sent.chunk.fromInitiator : !chunk.fromInitiator, exchangeFields(sent?.request, message))];
  }

  private unanswered(sent: SentRequest): AppEvent {
    return kerberosEvent(sent.chunk, sent.chunk.fromInitiator, exchangeFields(sent.request, undefined));
  }

  closeFlow(flowKey: string): AppEvent[] {
    this.tcp.close(flowKey);
    const queue = this.waiting.get(flowKey) ?? [];
    this.waiting.delete(flowKey);
    return queue.map((sent) => this.unanswered(sent));
  }

  finish(): AppEvent[] {
    const events = [...this.waiting.values()].flat().map((sent) => this.unanswered(sent));
    this.waiting.clear();
    this.tcp.clear();
    return events;
  }
}

function startsKerberos(first: Uint8Array, proto: string): boolean {
  if (proto === 'udp') return parseKerberos(first) !== undefined;
  if (first.length < TCP_LENGTH_PREFIX + 2) return false;
  const length = tcpMessageLength(first);
  return length <= MAX_KERBEROS_MESSAGE_BYTES && length >= 2 && kdcMessageTag(first.subarray(TCP_LENGTH_PREFIX)) !== undefined;
}

export const kerberosProtocol: ContentAwareModule = {
  name: 'krb',
  claimsByContent: (first, flow) => usesPort(flow, KERBEROS_PORTS) && startsKerberos(first, flow.proto),
  claims: (first, flow) => usesPort(flow, KERBEROS_PORTS) && startsKerberos(first, flow.proto),
  create: () => new KerberosDissector(),
};
