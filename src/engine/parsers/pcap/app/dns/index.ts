import type { EventFields } from '../../../../events';
import type { AppEvent, StreamPayload } from '../../segment';
import type { ContentAwareModule } from '../composite';
import { clientFlow, putBounded, secondsBetween, usesPort } from '../flow';
import { LengthPrefixedMessages } from '../length-prefixed';
import { MAX_DNS_PENDING_QUERIES } from '../limits';
import { ProtocolDissector } from '../protocol-dissector';
import { parseDnsMessage, type DnsMessage } from './message';
import { qclassName, qtypeName, rcodeName } from './names';

/** DNS (53), multicast DNS (5353, RFC 6762) and LLMNR (5355, RFC 4795) share the RFC 1035 message format. */
export const DNS_PORTS: ReadonlySet<number> = new Set([53, 5353, 5355]);

/** RFC 1035 section 4.2.2: over TCP each message is preceded by its two-byte length. */
const TCP_LENGTH_PREFIX = 2;
const MAX_TCP_MESSAGE = 0xffff;
const tcpMessageLength = (prefix: Uint8Array): number => (prefix[0] << 8) | prefix[1];

interface PendingQuery {
  chunk: StreamPayload;
  message: DnsMessage;
}

function recordFields(query: DnsMessage | undefined, response: DnsMessage | undefined, proto: string): EventFields {
  const header = (query ?? response) as DnsMessage;
  const question = query?.question ?? response?.question;
  const fields: EventFields = { trans_id: header.id, proto, RD: header.recursionDesired };
  if (question) {
    Object.assign(fields, {
      query: question.name,
      qclass: question.qclass,
      qclass_name: qclassName(question.qclass),
      qtype: question.qtype,
      qtype_name: qtypeName(question.qtype),
    });
  }
  if (response) {
    Object.assign(fields, {
      rcode: response.rcode,
      rcode_name: rcodeName(response.rcode),
      AA: response.authoritative,
      TC: response.truncated,
      RA: response.recursionAvailable,
      Z: response.z,
      answers: response.answers.join(','),
      TTLs: response.ttls.join(','),
      rejected: response.rcode === 5,
    });
  }
  return fields;
}

/** The record of an exchange, at the packet of `chunk`: the answer, or the request when none came. */
function dnsEvent(chunk: StreamPayload, clientIsInitiator: boolean, fields: EventFields): AppEvent {
  const name = typeof fields.query === 'string' ? fields.query : '(no question)';
  const type = typeof fields.qtype_name === 'string' ? ` ${fields.qtype_name}` : '';
  const outcome = typeof fields.rcode_name === 'string' ? ` -> ${fields.rcode_name}${fields.answers ? ` ${fields.answers}` : ''}` : ' (no response)';
  return { kind: 'dns', packet: chunk.packet, message: `DNS${type} ${name}${outcome}`, fields, flow: clientFlow(chunk.flow, clientIsInitiator) };
}

/** Per-file DNS state: TCP message buffers and queries waiting for their responses, paired by conversation and id. */
class DnsDissector extends ProtocolDissector {
  private readonly pending = new Map<string, PendingQuery>();
  /** Keys of `pending` per conversation, so closing one does not scan every open query of the file. */
  private readonly pendingByFlow = new Map<string, Set<string>>();
  private readonly tcp = new LengthPrefixedMessages(TCP_LENGTH_PREFIX, tcpMessageLength, MAX_TCP_MESSAGE, (chunk, message) => this.message(chunk, message));

  payload(chunk: StreamPayload): AppEvent[] {
    if (chunk.flow.proto === 'udp') return this.message(chunk, chunk.payload);
    return this.tcp.cut(chunk);
  }

  private message(chunk: StreamPayload, bytes: Uint8Array): AppEvent[] {
    const message = parseDnsMessage(bytes);
    if (!message) return [];
    const key = `${chunk.flowKey}\u0000${message.id}`;
    if (!message.response) {
      const events: AppEvent[] = [];
      putBounded(this.pending, key, { chunk, message }, MAX_DNS_PENDING_QUERIES, (old) => {
        this.forget(old);
        events.push(this.unanswered(old));
      });
      const keys = this.pendingByFlow.get(chunk.flowKey) ?? new Set<string>();
      keys.add(key);
      this.pendingByFlow.set(chunk.flowKey, keys);
      return events;
    }
    const query = this.pending.get(key);
    if (query) this.forget(query);
    const clientIsInitiator = !chunk.fromInitiator;
    const fields = recordFields(query?.message, message, chunk.flow.proto);
    const rtt = query ? secondsBetween(query.chunk.packet.ts, chunk.packet.ts) : undefined;
    if (rtt !== undefined) fields.rtt = rtt;
    return [dnsEvent(chunk, clientIsInitiator, fields)];
  }

  private keyOf(query: PendingQuery): string {
    return `${query.chunk.flowKey}\u0000${query.message.id}`;
  }

  private forget(query: PendingQuery): void {
    const key = this.keyOf(query);
    this.pending.delete(key);
    const keys = this.pendingByFlow.get(query.chunk.flowKey);
    keys?.delete(key);
    if (keys?.size === 0) this.pendingByFlow.delete(query.chunk.flowKey);
  }

  private unanswered(query: PendingQuery): AppEvent {
    const fields = recordFields(query.message, undefined, query.chunk.flow.proto);
    return dnsEvent(query.chunk, query.chunk.fromInitiator, fields);
  }

  closeFlow(flowKey: string): AppEvent[] {
    this.tcp.close(flowKey);
    const events: AppEvent[] = [];
    for (const key of this.pendingByFlow.get(flowKey) ?? []) {
      const query = this.pending.get(key);
      if (query) events.push(this.unanswered(query));
      this.pending.delete(key);
    }
    this.pendingByFlow.delete(flowKey);
    return events;
  }

  finish(): AppEvent[] {
    const events = [...this.pending.values()].map((query) => this.unanswered(query));
    this.pending.clear();
    this.pendingByFlow.clear();
    this.tcp.clear();
    return events;
  }
}

export const dnsProtocol: ContentAwareModule = {
  name: 'dns',
  // A DNS header is twelve arbitrary bytes: content alone cannot tell DNS apart, the well-known port must agree.
  claimsByContent: () => false,
  claims: (first, flow) => usesPort(flow, DNS_PORTS) && parseDnsMessage(first) !== undefined,
  create: () => new DnsDissector(),
};
