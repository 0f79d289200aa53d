import { describe, expect, it } from 'vitest';
import { parseDnsMessage } from '../../../src/engine/parsers/pcap/app/dns/message';
import { dnsProtocol } from '../../../src/engine/parsers/pcap/app/dns';
import { Conversation, concat, udp, tcp } from './stream';

/** RFC 1035 section 4.1 message builder: header, one question, answers given as raw record bytes. */
function dnsMessage(id: number, flags: number, name: number[], answers: number[][] = []): Uint8Array {
  const header = [id >> 8, id & 0xff, flags >> 8, flags & 0xff, 0, 1, 0, answers.length, 0, 0, 0, 0];
  return Uint8Array.from([...header, ...name, 0, 1, 0, 1, ...answers.flat()]);
}
const label = (text: string) => [text.length, ...Array.from(text, (c) => c.charCodeAt(0))];
const EXAMPLE = [...label('www'), ...label('example'), ...label('com'), 0];
/** An A record whose owner is a pointer to the question name at offset 12. */
const aRecord = (ttl: number, ip: number[]) => [0xc0, 12, 0, 1, 0, 1, ttl >> 24, (ttl >> 16) & 0xff, (ttl >> 8) & 0xff, ttl & 0xff, 0, 4, ...ip];
const QUERY = 0x0100;
const RESPONSE = 0x8180;

describe('DNS messages', () => {
  it('reads a compressed answer and the header flags', () => {
    const message = parseDnsMessage(dnsMessage(7, RESPONSE, EXAMPLE, [aRecord(300, [192, 0, 2, 1])]));
    expect(message?.question?.name).toBe('www.example.com');
    expect(message?.answers).toEqual(['192.0.2.1']);
    expect(message?.ttls).toEqual([300]);
    expect(message?.recursionAvailable).toBe(true);
  });

  it('rejects a compression pointer to itself or forward instead of looping', () => {
    const selfLoop = dnsMessage(1, RESPONSE, [0xc0, 12]);
    expect(parseDnsMessage(selfLoop)).toBeUndefined();
    const forward = dnsMessage(1, RESPONSE, [0xc0, 20, 0, 0, 0, 0, 0, 0, 0xc0, 12]);
    expect(parseDnsMessage(forward)).toBeUndefined();
    // Two pointers aimed at each other (33 -> 35 -> 33): the first jump already goes forward and is refused.
    const mutual = dnsMessage(1, RESPONSE, EXAMPLE, [[0xc0, 35, 0xc0, 33, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0]]);
    expect(parseDnsMessage(mutual)).toBeUndefined();
  });

  it('rejects truncated messages at every length without throwing', () => {
    const full = dnsMessage(9, RESPONSE, EXAMPLE, [aRecord(60, [198, 51, 100, 7])]);
    for (let length = 0; length < full.length; length++) expect(() => parseDnsMessage(full.subarray(0, length))).not.toThrow();
    expect(parseDnsMessage(full.subarray(0, full.length - 1))).toBeUndefined();
  });
});

describe('DNS dissector', () => {
  it('pairs a UDP query with its response by id and reports Zeek dns.log fields', () => {
    const conversation = new Conversation(dnsProtocol.create(), udp(53));
    expect(conversation.client(dnsMessage(0x1234, QUERY, EXAMPLE))).toEqual([]);
    const [event] = conversation.server(dnsMessage(0x1234, RESPONSE, EXAMPLE, [aRecord(300, [192, 0, 2, 1]), aRecord(60, [192, 0, 2, 2])]));
    expect(event.kind).toBe('dns');
    expect(event.fields).toMatchObject({
      trans_id: 0x1234, query: 'www.example.com', qtype_name: 'A', qclass_name: 'C_INTERNET', rcode_name: 'NOERROR',
      answers: '192.0.2.1,192.0.2.2', TTLs: '300,60', RD: true, RA: true, AA: false, TC: false,
    });
    expect(event.flow?.srcIp).toBe('10.0.0.5');
    expect(conversation.close()).toEqual([]);
  });

  it('reports a response without a captured query with the client as source', () => {
    const flow = { proto: 'udp' as const, srcIp: '4.2.2.1', srcPort: 53, dstIp: '10.0.0.5', dstPort: 53000 };
    const conversation = new Conversation(dnsProtocol.create(), flow);
    const [event] = conversation.client(dnsMessage(5, 0x8183, EXAMPLE));
    expect(event.fields.rcode_name).toBe('NXDOMAIN');
    expect(event.flow?.srcIp).toBe('10.0.0.5');
  });

  it('reports unanswered queries when the conversation closes', () => {
    const conversation = new Conversation(dnsProtocol.create(), udp(5355));
    conversation.client(dnsMessage(77, QUERY, EXAMPLE));
    const [event] = conversation.close();
    expect(event.fields.query).toBe('www.example.com');
    expect(event.fields.rcode_name).toBeUndefined();
  });

  it('reassembles length-prefixed messages over TCP split at any byte', () => {
    const query = dnsMessage(3, QUERY, EXAMPLE);
    const response = dnsMessage(3, RESPONSE, EXAMPLE, [aRecord(1, [10, 1, 2, 3])]);
    const framed = (bytes: Uint8Array) => concat(Uint8Array.from([bytes.length >> 8, bytes.length & 0xff]), bytes);
    for (const split of [1, 2, 5, 20]) {
      const conversation = new Conversation(dnsProtocol.create(), tcp(53));
      conversation.client(framed(query));
      const bytes = framed(response);
      expect(conversation.server(bytes.subarray(0, split))).toEqual([]);
      const events = conversation.server(bytes.subarray(split));
      expect(events.map((event) => event.fields.answers)).toEqual(['10.1.2.3']);
      expect(events[0].fields.proto).toBe('tcp');
    }
  });

  it('claims conversations on DNS ports only when the payload parses', () => {
    const query = dnsMessage(1, QUERY, EXAMPLE);
    expect(dnsProtocol.claims(query, udp(53), true)).toBe(true);
    expect(dnsProtocol.claims(query, udp(9999, 40000), true)).toBe(false);
    expect(dnsProtocol.claims(Uint8Array.from([1, 2, 3]), udp(53), true)).toBe(false);
  });
});
