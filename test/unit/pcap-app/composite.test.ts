import { describe, expect, it } from 'vitest';
import { ftpProtocol } from '../../../src/engine/parsers/pcap/app/cleartext/ftp';
import { smtpProtocol } from '../../../src/engine/parsers/pcap/app/cleartext/smtp';
import { createCompositeDissector } from '../../../src/engine/parsers/pcap/app/composite';
import { dnsProtocol } from '../../../src/engine/parsers/pcap/app/dns';
import { httpProtocol } from '../../../src/engine/parsers/pcap/app/http';
import { kerberosProtocol } from '../../../src/engine/parsers/pcap/app/kerberos';
import { MAX_CLAIM_ATTEMPTS, MAX_TRACKED_FLOWS } from '../../../src/engine/parsers/pcap/app/limits';
import { tlsProtocol } from '../../../src/engine/parsers/pcap/app/tls';
import type { AppEvent, ProtocolModule } from '../../../src/engine/parsers/pcap/segment';
import { randomBytes } from '../../helpers/seeded-random';
import { Conversation, ascii, tcp, udp } from './stream';

const MINE = [tlsProtocol, httpProtocol, smtpProtocol, ftpProtocol, kerberosProtocol, dnsProtocol];

/**
 * A module that claims every conversation on `port` and records what it was fed, for routing tests. With `byPortOnly`
 * it says it cannot recognise its protocol by content, so other modules' content tests go first.
 */
function portModule(name: string, port: number, fed: string[], options: { throwOn?: string; byPortOnly?: boolean } = {}): ProtocolModule {
  return {
    name,
    ...(options.byPortOnly ? { claimsByContent: () => false } : {}),
    claims: (_first, flow) => flow.dstPort === port,
    create: () => ({
      payload: (chunk) => {
        const text = new TextDecoder().decode(chunk.payload);
        if (text === options.throwOn) throw new Error('module bug');
        fed.push(`${name}:${text}`);
        return [];
      },
      arp: () => [],
      closeFlow: () => [],
      finish: () => [],
      serviceOf: () => undefined,
    }),
  };
}

describe('composite dissector', () => {
  it('lets a content test win over an earlier module’s port test', () => {
    const fed: string[] = [];
    const dissector = createCompositeDissector([portModule('by-port', 53, fed, { byPortOnly: true }), httpProtocol]);
    const conversation = new Conversation(dissector, tcp(53));
    conversation.client('GET /over-53 HTTP/1.1\r\nHost: h\r\n\r\n');
    const [event] = conversation.server('HTTP/1.1 204 No Content\r\n\r\n');
    expect(event.fields.uri).toBe('/over-53');
    expect(dissector.serviceOf(conversation.flowKey)).toBe('http');
    expect(fed).toEqual([]);
  });

  it('asks a module without a content test in its place in the list', () => {
    const fed: string[] = [];
    const dissector = createCompositeDissector([portModule('greedy', 53, fed), httpProtocol]);
    new Conversation(dissector, tcp(53)).client('GET / HTTP/1.1\r\n\r\n');
    expect(fed).toEqual(['greedy:GET / HTTP/1.1\r\n\r\n']);
  });

  it('falls back to ports, keeps the owner for the whole conversation and remembers the service after close', () => {
    const fed: string[] = [];
    const dissector = createCompositeDissector([httpProtocol, portModule('custom', 7000, fed)]);
    const conversation = new Conversation(dissector, tcp(7000));
    conversation.client('hello');
    conversation.client('GET / HTTP/1.1\r\n\r\n');
    expect(fed).toEqual(['custom:hello', 'custom:GET / HTTP/1.1\r\n\r\n']);
    conversation.close();
    expect(dissector.serviceOf(conversation.flowKey)).toBe('custom');
  });

  it(`stops trying to claim a conversation after ${MAX_CLAIM_ATTEMPTS} unrecognised payloads`, () => {
    const dissector = createCompositeDissector(MINE);
    const conversation = new Conversation(dissector, tcp(9999, 40000));
    for (let i = 0; i < MAX_CLAIM_ATTEMPTS; i++) conversation.client(`noise ${i}`);
    expect(conversation.client('GET / HTTP/1.1\r\n\r\n')).toEqual([]);
    expect(conversation.server('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')).toEqual([]);
    expect(dissector.serviceOf(conversation.flowKey)).toBeUndefined();
  });

  it('passes on the error of a module that throws, drops that conversation and keeps dissecting the others', () => {
    const fed: string[] = [];
    const dissector = createCompositeDissector([portModule('fragile', 7000, fed, { throwOn: 'boom' }), httpProtocol]);
    const broken = new Conversation(dissector, tcp(7000, 41000));
    broken.client('ok');
    // The decoder turns the error into an issue with the packet's offset: a failing module is never silent.
    expect(() => broken.client('boom')).toThrow('module bug');
    expect(broken.client('after')).toEqual([]);
    expect(fed).toEqual(['fragile:ok']);
    const web = new Conversation(dissector, tcp(80, 41001));
    web.client('GET /still HTTP/1.1\r\n\r\n');
    expect(web.server('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n').map((event) => event.fields.uri)).toEqual(['/still']);
  });

  it(`forgets the oldest of more than ${MAX_TRACKED_FLOWS} conversations, reporting what it held`, () => {
    const dissector = createCompositeDissector(MINE);
    const first = new Conversation(dissector, udp(53, 1));
    const query = Uint8Array.from([0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0x61, 0, 0, 1, 0, 1]);
    first.client(query);
    const events: AppEvent[] = [];
    for (let i = 0; i < MAX_TRACKED_FLOWS; i++) {
      const flow = { proto: 'tcp' as const, srcIp: '10.1.0.1', srcPort: 1024 + (i % 60000), dstIp: `10.2.${i >> 8 & 0xff}.${i & 0xff}`, dstPort: 80 };
      events.push(...new Conversation(dissector, flow).client('GET / HTTP/1.1\r\n'));
    }
    expect(events.map((event) => event.fields.query)).toEqual(['a']);
    expect(first.close()).toEqual([]);
  });
});

describe('robustness', () => {
  const flows = [tcp(80), tcp(443), tcp(25), tcp(21), tcp(88), udp(88), udp(53), tcp(53), udp(5353)];
  const starts = [ascii('GET / HTTP/1.1\r\n'), Uint8Array.from([22, 3, 1, 0, 200, 1]), ascii('220 x ESMTP\r\n'), ascii('220 FTP\r\n'), Uint8Array.from([0, 0, 0, 100, 0x6a]), Uint8Array.from([0x6a, 0x81]), Uint8Array.from([0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0])];

  it('never throws on random payloads, gaps and truncations in any module', () => {
    let events = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const dissector = createCompositeDissector(MINE);
      for (const [index, flow] of flows.entries()) {
        const conversation = new Conversation(dissector, flow, seed % 2 === 0);
        const start = starts[index % starts.length];
        expect(() => {
          conversation.client(new Uint8Array([...start, ...randomBytes(seed * 31 + index, 40)]));
          for (let round = 0; round < 6; round++) {
            const bytes = randomBytes(seed * 1000 + index * 10 + round, (seed * 37 + round * 101) % 1500);
            events += (round % 2 ? conversation.server(bytes, round === 3) : conversation.client(bytes)).length;
          }
          events += conversation.close().length;
        }).not.toThrow();
      }
      expect(() => dissector.finish()).not.toThrow();
    }
    // Random bytes are not messages: the dissectors must not invent records from them.
    expect(events).toBeLessThan(60 * flows.length);
  });
});
