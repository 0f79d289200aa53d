import { describe, expect, it } from 'vitest';
import { ArpTracker } from '../../../src/engine/parsers/pcap/app/arp';
import { createCompositeDissector } from '../../../src/engine/parsers/pcap/app/composite';
import { parseDnsMessage } from '../../../src/engine/parsers/pcap/app/dns/message';
import { MAX_ARP_TABLE_ENTRIES, MAX_DNS_ANSWER_CHARS, MAX_DNS_NAME_LABELS } from '../../../src/engine/parsers/pcap/app/limits';
import { MAX_APP_FIELD_CHARS } from '../../../src/engine/parsers/pcap/limits';
import { appEvent } from '../../../src/engine/parsers/pcap/normalize';
import type { AppEvent, ArpPacket, ProtocolModule } from '../../../src/engine/parsers/pcap/segment';
import { Conversation, tcp } from './stream';

/** Hostile inputs the dissectors must survive in bounded time and space (one test per defect found in review). */

const RESPONSE = 0x8180;

/**
 * A DNS response whose question name is 127 labels of 63 bytes (8 KiB of text) and whose answers are all CNAMEs
 * owned by and pointing at that name through compression pointers: 14 bytes per record, 8 KiB of text each.
 */
function amplifyingResponse(answers: number): Uint8Array {
  const name: number[] = [];
  for (let i = 0; i < MAX_DNS_NAME_LABELS; i++) name.push(63, ...new Array<number>(63).fill(0x61));
  name.push(0);
  const header = [0, 1, RESPONSE >> 8, RESPONSE & 0xff, 0, 1, answers >> 8, answers & 0xff, 0, 0, 0, 0];
  const record = [0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 0xc0, 12];
  return Uint8Array.from([...header, ...name, 0, 1, 0, 1, ...Array.from({ length: answers }, () => record).flat()]);
}

describe('DNS against amplification', () => {
  it('stops rendering answers at MAX_DNS_ANSWER_CHARS when compression repeats a long name', () => {
    const message = parseDnsMessage(amplifyingResponse(256));
    expect(message?.question?.name.length).toBe(MAX_DNS_NAME_LABELS * 64 - 1);
    const text = message?.answers.join(',') ?? '';
    // One name past the budget at most, instead of 256 names (2 MB from a 5 KB message).
    expect(text.length).toBeLessThanOrEqual(MAX_DNS_ANSWER_CHARS + MAX_DNS_NAME_LABELS * 64);
    expect(message?.answers.length).toBe(message?.ttls.length);
  });

  it('refuses a name that chains more pointers than a name has labels', () => {
    // Answer 1 (owner: root, type 99) carries in its data a root label at 30, then pointers at 31, 33, 35 ... each
    // aimed at the one before it; answer 2's owner is the last of them, 254 jumps from its end.
    const links = 2 * MAX_DNS_NAME_LABELS;
    const chain: number[] = [0];
    for (let i = 0; i < links; i++) {
      const target = i === 0 ? 30 : 29 + 2 * i;
      chain.push(0xc0 | (target >> 8), target & 0xff);
    }
    const last = 31 + 2 * (links - 1);
    const header = [0, 1, RESPONSE >> 8, RESPONSE & 0xff, 0, 1, 0, 2, 0, 0, 0, 0];
    const question = [1, 0x61, 0, 0, 1, 0, 1];
    const first = [0, 0, 99, 0, 1, 0, 0, 0, 1, chain.length >> 8, chain.length & 0xff, ...chain];
    const second = [0xc0 | (last >> 8), last & 0xff, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 1, 2, 3, 4];
    const withAnswer = Uint8Array.from([...header, ...question, ...first, ...second]);
    // Within the limit the same layout parses: the defect is only the chain's length.
    const short = Uint8Array.from([...header, ...question, 0, 0, 99, 0, 1, 0, 0, 0, 1, 0, 3, 0, 0xc0, 30, 0xc0, 31, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 1, 2, 3, 4]);
    expect(parseDnsMessage(short)?.answers).toEqual(['<99>', '1.2.3.4']);
    expect(parseDnsMessage(withAnswer)).toBeUndefined();
  });
});

describe('the composite dissector', () => {
  it('tells a module that threw to release the conversation it loses', () => {
    const closed: string[] = [];
    const held = new Set<string>();
    const fragile: ProtocolModule = {
      name: 'fragile',
      claims: () => true,
      create: () => ({
        payload: (chunk) => {
          held.add(chunk.flowKey);
          if (chunk.payload[0] === 0x21) throw new Error('module bug');
          return [];
        },
        arp: () => [],
        closeFlow: (flowKey) => {
          closed.push(flowKey);
          held.delete(flowKey);
          return [];
        },
        finish: () => [],
        serviceOf: () => undefined,
      }),
    };
    const conversation = new Conversation(createCompositeDissector([fragile]), tcp(4444));
    conversation.client('hello');
    expect(() => conversation.client('!')).toThrow('module bug');
    expect(closed).toEqual([conversation.flowKey]);
    expect(held.size).toBe(0);
    // The conversation is given up: later payloads do not reach the module again.
    conversation.client('more');
    expect(held.size).toBe(0);
  });
});

describe('application events', () => {
  it(`cut every text field and the message at MAX_APP_FIELD_CHARS`, () => {
    const long = 'x'.repeat(MAX_APP_FIELD_CHARS * 64);
    const record: AppEvent = {
      kind: 'tls',
      packet: { frame: 1, offset: 24, ts: null },
      message: `TLS ${long}`,
      fields: { server_name: long, version: 'TLSv12', count: 3, seen: true, none: null },
      flow: tcp(443),
    };
    const event = appEvent(record, '0:24', 'x.pcap');
    expect((event.fields.server_name as string).length).toBe(MAX_APP_FIELD_CHARS);
    expect(event.message.length).toBe(MAX_APP_FIELD_CHARS);
    expect(event.fields).toMatchObject({ version: 'TLSv12', count: 3, seen: true, none: null, dst_port: 443 });
  });
});

describe('the ARP tracker', () => {
  it('holds at most MAX_ARP_TABLE_ENTRIES address pairs across all MACs, and still counts a new claim', () => {
    const tracker = new ArpTracker();
    const ip = (n: number) => `10.${(n >> 16) & 0xff}.${(n >> 8) & 0xff}.${n & 0xff}`;
    const mac = (n: number) => `02:00:00:00:${((n >> 8) & 0xff).toString(16).padStart(2, '0')}:${(n & 0xff).toString(16).padStart(2, '0')}`;
    const reply = (senderMac: string, senderIp: string): ArpPacket => ({
      packet: { frame: 1, offset: 0, ts: null }, operation: 2, senderMac, senderIp, targetMac: '02:00:00:00:ff:ff', targetIp: '10.255.255.255', ethSrc: senderMac,
    });
    // Three MACs each claim MAX_ARP_TABLE_ENTRIES / 2 addresses: 1.5 times the limit in pairs.
    const perMac = MAX_ARP_TABLE_ENTRIES / 2;
    for (let m = 0; m < 3; m++) for (let i = 0; i < perMac; i++) tracker.observe(reply(mac(m), ip(m * perMac + i)));
    const sets = (tracker as unknown as { ipsOfMac: Map<string, Set<string>> }).ipsOfMac;
    const pairs = [...sets.values()].reduce((sum, set) => sum + set.size, 0);
    expect(pairs).toBeLessThanOrEqual(MAX_ARP_TABLE_ENTRIES);
    const [event] = tracker.observe(reply(mac(9), '10.254.0.1'));
    const [second] = tracker.observe(reply(mac(9), '10.254.0.2'));
    expect(event.fields.ips_claimed_by_mac).toBe(1);
    expect(second.fields.ips_claimed_by_mac).toBe(2);
  });
});
