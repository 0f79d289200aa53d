/**
 * The application dissectors behind the real capture decoder on the dev corpus: each capture yields the records its
 * label is about. The expected counts were taken from the packets of each capture (one KDC exchange per UDP port, ...).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../../src/engine/events';
import { parser } from '../../../src/engine/parsers/pcap';

const corpusDir = path.resolve(process.cwd(), '../shared/corpus/pcap');
const hasCorpus = existsSync(corpusDir);
if (!hasCorpus) console.warn(`pcap-app: ${corpusDir} absent, skipping the application records of the dev captures`);

async function eventsOf(relative: string): Promise<NormalizedEvent[]> {
  const bytes = readFileSync(path.join(corpusDir, relative));
  const events: NormalizedEvent[] = [];
  for await (const batch of parser.parse(new Blob([bytes]), { fileName: relative, fileIndex: 0 })) events.push(...batch.events);
  return events;
}

const ofKind = (events: NormalizedEvent[], kind: string) => events.filter((event) => event.kind === kind);

describe.skipIf(!hasCorpus)('application records of the dev captures', () => {
  it('kerbrute: ten principals tried from one source, unknown names and failed pre-authentication told apart', async () => {
    const kerberos = ofKind(await eventsOf('PCAP-ATTACK/CredAccess/CA_kerbrute_passwordspray_kerberos_AS-REQ.pcapng'), 'kerberos');
    expect(new Set(kerberos.map((event) => event.fields.client)).size).toBe(10);
    expect(kerberos.filter((event) => event.fields.error_msg === 'KDC_ERR_C_PRINCIPAL_UNKNOWN')).toHaveLength(7);
    expect(kerberos.filter((event) => event.fields.error_msg === 'KDC_ERR_PREAUTH_FAILED')).toHaveLength(2);
    expect(kerberos.filter((event) => event.fields.success === true)).toHaveLength(1);
  });

  it('skeleton key: the AS-REP is sealed with RC4 although AES was offered', async () => {
    const kerberos = ofKind(await eventsOf('PCAP-ATTACK/Lateral_Movement/lm_mimikazt_skeleton_kerberos_rc4_etype.pcapng'), 'kerberos');
    const granted = kerberos.find((event) => event.fields.request_type === 'AS' && event.fields.success === true);
    expect(granted?.fields.reply_cipher).toBe('rc4-hmac');
    expect(String(granted?.fields.req_etypes)).toMatch(/^aes256/);
  });

  it('CryptoWall: three POSTs with browser User-Agent and no browser headers, each paired with its response', async () => {
    const http = ofKind(await eventsOf('chrissanders-packets/cryptowall4_c2.pcapng'), 'http');
    expect(http.map((event) => [event.fields.method, event.fields.status_code])).toEqual([['POST', 200], ['POST', 200], ['POST', 200]]);
    expect(http.every((event) => !String(event.fields.client_header_names).includes('ACCEPT-LANGUAGE'))).toBe(true);
  });

  it('DNS responses without their queries, and ARP poisoning announced by one MAC for two addresses', async () => {
    const dns = ofKind(await eventsOf('chrissanders-packets/dns.pcap'), 'dns');
    expect(dns).toHaveLength(7);
    expect(dns[0].fields).toMatchObject({ query: 'www.espn.com', rcode_name: 'NOERROR', src_ip: '172.16.16.154' });
    const arp = ofKind(await eventsOf('chrissanders-packets/arppoison.pcapng'), 'arp');
    expect(arp.some((event) => Number(event.fields.ips_claimed_by_mac) >= 2)).toBe(true);
  });

  it('FTP and SMTP: the login without its password, the message with its subject; Blaster’s shell named', async () => {
    const ftp = ofKind(await eventsOf('markofu-pcaps/ftp.pcap'), 'ftp');
    expect(ftp.find((event) => event.fields.command === 'PASS')?.fields).toMatchObject({ user: 'csanders', password_seen: true });
    expect(JSON.stringify(ftp)).not.toContain('PASS echo');
    const smtp = ofKind(await eventsOf('chrissanders-packets/mail_sender_client_1.pcapng'), 'smtp');
    expect(smtp.map((event) => event.fields.subject)).toEqual(['Help!']);
    const flows = ofKind(await eventsOf('markofu-pcaps/blaster.pcap'), 'flow');
    expect(flows.some((event) => event.fields.service === 'shell')).toBe(true);
  });
});
