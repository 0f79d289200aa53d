import type { AppEvent, ArpPacket } from '../segment';
import { putBounded } from './flow';
import { ARP_REQUEST_WINDOW_SECONDS, MAX_ARP_PENDING_REQUESTS, MAX_ARP_TABLE_ENTRIES } from './limits';

const ARP_REQUEST = 1;
const ARP_REPLY = 2;
const UNSPECIFIED_IP = '0.0.0.0';

function seconds(ts: string | null): number | undefined {
  if (!ts) return undefined;
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

/**
 * The per-file ARP view (RFC 826): which MAC each IP was last announced with, which IPs each MAC has claimed, and
 * which requests are open. Poisoning tools announce someone else's IP with their own MAC, usually in replies nobody
 * asked for, so every reply and gratuitous announcement is reported with that context, and so is any request whose
 * sender binding contradicts the table.
 */
export class ArpTracker {
  private readonly macOfIp = new Map<string, string>();
  private readonly ipsOfMac = new Map<string, Set<string>>();
  /** `asker ip > asked ip` -> time of the request. */
  private readonly openRequests = new Map<string, number | undefined>();
  /** IP addresses held across all the sets of `ipsOfMac`. */
  private pairs = 0;

  observe(packet: ArpPacket): AppEvent[] {
    const { operation, senderMac, senderIp, targetMac, targetIp, ethSrc } = packet;
    if (operation !== ARP_REQUEST && operation !== ARP_REPLY) return [];
    const now = seconds(packet.packet.ts);
    // An ARP probe (RFC 5227 section 2.1.1) has sender IP 0.0.0.0: it claims nothing.
    const claims = senderIp !== UNSPECIFIED_IP;
    const gratuitous = claims && senderIp === targetIp;
    const previousMac = claims ? this.macOfIp.get(senderIp) : undefined;
    const changed = previousMac !== undefined && previousMac !== senderMac;
    const before = this.ipsOfMac.get(senderMac)?.size ?? 0;
    if (claims) this.learn(senderIp, senderMac);
    const claimed = this.ipsOfMac.get(senderMac)?.size ?? 0;

    let unsolicited: boolean | undefined;
    if (operation === ARP_REQUEST) {
      if (claims && !gratuitous) putBounded(this.openRequests, `${senderIp}>${targetIp}`, now, MAX_ARP_PENDING_REQUESTS);
    } else {
      const key = `${targetIp}>${senderIp}`;
      const asked = this.openRequests.has(key);
      const askedAt = this.openRequests.get(key);
      unsolicited = !asked || (now !== undefined && askedAt !== undefined && now - askedAt > ARP_REQUEST_WINDOW_SECONDS);
      this.openRequests.delete(key);
    }

    const noteworthy = operation === ARP_REPLY || gratuitous || changed || (claimed > 1 && claimed > before);
    if (!noteworthy) return [];
    const fields: AppEvent['fields'] = {
      operation: operation === ARP_REPLY ? 'reply' : 'request',
      src_mac: senderMac,
      src_ip: senderIp,
      dst_mac: targetMac,
      dst_ip: targetIp,
      eth_src: ethSrc,
      gratuitous,
      ips_claimed_by_mac: claimed,
    };
    if (unsolicited !== undefined) fields.unsolicited = unsolicited;
    if (changed) fields.previous_mac = previousMac;
    if (ethSrc !== senderMac) fields.eth_src_mismatch = true;
    const what = gratuitous ? 'gratuitous ARP' : operation === ARP_REPLY ? 'ARP reply' : 'ARP request';
    const change = changed ? ` (was ${previousMac})` : '';
    return [{ kind: 'arp', packet: packet.packet, message: `${what}: ${senderIp} is at ${senderMac}${change}`, fields }];
  }

  /**
   * Each map is bounded, and so are the address pairs across every MAC's set: bounding each set alone would allow
   * MAX_ARP_TABLE_ENTRIES squared of them. Past the limit the least recently seen MACs are forgotten first, so a
   * later claim is still counted.
   */
  private learn(ip: string, mac: string): void {
    putBounded(this.macOfIp, ip, mac, MAX_ARP_TABLE_ENTRIES);
    const forget = (old: Set<string>): void => {
      this.pairs -= old.size;
    };
    const ips = this.ipsOfMac.get(mac) ?? new Set<string>();
    // Re-inserted on every claim, so the oldest entry is the MAC seen least recently.
    putBounded(this.ipsOfMac, mac, ips, MAX_ARP_TABLE_ENTRIES, forget);
    if (ips.has(ip)) return;
    while (this.pairs >= MAX_ARP_TABLE_ENTRIES && this.ipsOfMac.size > 1) {
      const [oldest, set] = this.ipsOfMac.entries().next().value as [string, Set<string>];
      this.ipsOfMac.delete(oldest);
      forget(set);
    }
    if (this.pairs < MAX_ARP_TABLE_ENTRIES) {
      ips.add(ip);
      this.pairs++;
    }
  }
}
