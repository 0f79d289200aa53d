import { describe, expect, it } from 'vitest';
import { ArpTracker } from '../../../src/engine/parsers/pcap/app/arp';
import type { ArpPacket } from '../../../src/engine/parsers/pcap/segment';

const GATEWAY_MAC = '02:00:00:00:00:01';
const VICTIM_MAC = '02:00:00:00:00:07';
const ATTACKER_MAC = '02:00:00:00:00:66';
let frame = 0;

function arp(operation: number, senderMac: string, senderIp: string, targetIp: string, seconds = frame): ArpPacket {
  frame++;
  return {
    packet: { frame, offset: frame * 64, ts: new Date(Date.UTC(2026, 2, 2, 10, 0, seconds)).toISOString() },
    operation, senderMac, senderIp, targetMac: '00:00:00:00:00:00', targetIp, ethSrc: senderMac,
  };
}

describe('ARP tracker', () => {
  it('reports a solicited reply with the table context and stays quiet on ordinary requests', () => {
    const tracker = new ArpTracker();
    expect(tracker.observe(arp(1, VICTIM_MAC, '10.0.0.7', '10.0.0.1', 1))).toEqual([]);
    const [reply] = tracker.observe(arp(2, GATEWAY_MAC, '10.0.0.1', '10.0.0.7', 1));
    expect(reply.kind).toBe('arp');
    expect(reply.fields).toMatchObject({ operation: 'reply', src_mac: GATEWAY_MAC, src_ip: '10.0.0.1', unsolicited: false, ips_claimed_by_mac: 1, gratuitous: false });
    expect(reply.fields.previous_mac).toBeUndefined();
  });

  it('flags an unsolicited reply that moves the gateway to another MAC, and a MAC claiming a second address', () => {
    const tracker = new ArpTracker();
    tracker.observe(arp(1, VICTIM_MAC, '10.0.0.7', '10.0.0.1', 1));
    tracker.observe(arp(2, GATEWAY_MAC, '10.0.0.1', '10.0.0.7', 1));
    const [poison] = tracker.observe(arp(2, ATTACKER_MAC, '10.0.0.1', '10.0.0.7', 30));
    expect(poison.fields).toMatchObject({ unsolicited: true, previous_mac: GATEWAY_MAC, ips_claimed_by_mac: 1 });
    // The attacker asks under its own address for the real gateway: a request, but it contradicts the table.
    const [ask] = tracker.observe(arp(1, ATTACKER_MAC, '10.0.0.66', '10.0.0.1', 31));
    expect(ask.fields).toMatchObject({ operation: 'request', ips_claimed_by_mac: 2 });
  });

  it('treats a reply long after its request as unsolicited and ignores probes from 0.0.0.0', () => {
    const tracker = new ArpTracker();
    tracker.observe(arp(1, VICTIM_MAC, '10.0.0.7', '10.0.0.1', 0));
    const [late] = tracker.observe(arp(2, GATEWAY_MAC, '10.0.0.1', '10.0.0.7', 50));
    expect(late.fields.unsolicited).toBe(true);
    expect(tracker.observe(arp(1, ATTACKER_MAC, '0.0.0.0', '10.0.0.9'))).toEqual([]);
    const [announcement] = tracker.observe(arp(1, VICTIM_MAC, '10.0.0.7', '10.0.0.7'));
    expect(announcement.fields.gratuitous).toBe(true);
  });
});
