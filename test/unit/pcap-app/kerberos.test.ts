import { describe, expect, it } from 'vitest';
import { kerberosProtocol } from '../../../src/engine/parsers/pcap/app/kerberos';
import { parseKerberos } from '../../../src/engine/parsers/pcap/app/kerberos/messages';
import { Conversation, concat, tcp, udp } from './stream';

/** A minimal DER writer (X.690) for building RFC 4120 messages. */
function tlv(identifier: number, content: number[]): number[] {
  const length = content.length;
  const lengthBytes = length < 0x80 ? [length] : length < 0x100 ? [0x81, length] : [0x82, length >> 8, length & 0xff];
  return [identifier, ...lengthBytes, ...content];
}
const seq = (...items: number[][]) => tlv(0x30, items.flat());
const ctx = (n: number, inner: number[]) => tlv(0xa0 + n, inner);
const app = (n: number, inner: number[]) => tlv(0x60 + n, inner);
const int = (value: number) => (value >= 0 && value < 0x80 ? tlv(0x02, [value]) : value < 0 ? tlv(0x02, [0xff, value & 0xff]) : tlv(0x02, [value >> 8, value & 0xff]));
const str = (value: string) => tlv(0x1b, Array.from(value, (c) => c.charCodeAt(0)));
const time = (value: string) => tlv(0x18, Array.from(value, (c) => c.charCodeAt(0)));
const principal = (type: number, ...names: string[]) => seq(ctx(0, int(type)), ctx(1, seq(...names.map(str))));
/** KDCOptions with forwardable (bit 1) and renewable (bit 8) set. */
const OPTIONS = tlv(0x03, [0, 0x40, 0x80, 0, 0]);

function asReq(user: string, etypes: number[], padata: number[]): Uint8Array {
  const body = seq(
    ctx(0, OPTIONS), ctx(1, principal(1, user)), ctx(2, str('CORP.EXAMPLE')), ctx(3, principal(2, 'krbtgt', 'CORP.EXAMPLE')),
    ctx(5, time('20370913024805Z')), ctx(7, int(1234)), ctx(8, seq(...etypes.map(int))),
  );
  const pa = padata.map((type) => seq(ctx(1, int(type)), ctx(2, tlv(0x04, [1, 2, 3]))));
  return Uint8Array.from(app(10, seq(ctx(1, int(5)), ctx(2, int(10)), ctx(3, seq(...pa)), ctx(4, body))));
}

function krbError(code: number, user: string): Uint8Array {
  return Uint8Array.from(app(30, seq(
    ctx(0, int(5)), ctx(1, int(30)), ctx(4, time('20260302100000Z')), ctx(5, int(1)), ctx(6, int(code)),
    ctx(7, str('CORP.EXAMPLE')), ctx(8, principal(1, user)), ctx(9, str('CORP.EXAMPLE')), ctx(10, principal(2, 'krbtgt', 'CORP.EXAMPLE')),
  )));
}

const encrypted = (etype: number) => seq(ctx(0, int(etype)), ctx(2, tlv(0x04, [9, 9, 9])));

function asRep(user: string, ticketEtype: number, replyEtype: number): Uint8Array {
  const ticket = app(1, seq(ctx(0, int(5)), ctx(1, str('CORP.EXAMPLE')), ctx(2, principal(2, 'krbtgt', 'CORP.EXAMPLE')), ctx(3, encrypted(ticketEtype))));
  return Uint8Array.from(app(11, seq(ctx(0, int(5)), ctx(1, int(11)), ctx(3, str('CORP.EXAMPLE')), ctx(4, principal(1, user)), ctx(5, ticket), ctx(6, encrypted(replyEtype)))));
}

const framed = (bytes: Uint8Array) => concat(Uint8Array.from([0, 0, bytes.length >> 8, bytes.length & 0xff]), bytes);

describe('Kerberos messages', () => {
  it('reads an AS-REQ: principal, realm, etypes, padata and KDC options', () => {
    const request = parseKerberos(asReq('alice', [18, 17, 23], [2, 128]));
    expect(request).toMatchObject({ type: 10, client: 'alice', realm: 'CORP.EXAMPLE', service: 'krbtgt/CORP.EXAMPLE', etypes: [18, 17, 23], padataTypes: [2, 128], forwardable: true, renewable: true });
  });

  it('returns undefined for every truncation of a message, without throwing', () => {
    const full = asReq('alice', [18, 23, -128], [2]);
    for (let length = 0; length < full.length; length++) expect(parseKerberos(full.subarray(0, length))).toBeUndefined();
    expect(parseKerberos(full)).toMatchObject({ etypes: [18, 23, -128] });
  });

  it('refuses indefinite lengths, which DER forbids', () => {
    expect(parseKerberos(Uint8Array.from([0x6a, 0x80, 0x30, 0x80, 0, 0, 0, 0]))).toBeUndefined();
  });
});

describe('Kerberos dissector', () => {
  it('pairs an AS-REQ over UDP with its KRB-ERROR and names the error', () => {
    const conversation = new Conversation(kerberosProtocol.create(), udp(88));
    expect(conversation.client(asReq('bob', [18, 17, 23], [2]))).toEqual([]);
    const [event] = conversation.server(krbError(24, 'bob'));
    expect(event.kind).toBe('kerberos');
    expect(event.fields).toMatchObject({
      request_type: 'AS', client: 'bob/CORP.EXAMPLE', service: 'krbtgt/CORP.EXAMPLE', success: false, error_code: 24,
      error_msg: 'KDC_ERR_PREAUTH_FAILED', req_etypes: 'aes256-cts-hmac-sha1-96,aes128-cts-hmac-sha1-96,rc4-hmac',
      pa_types: 'PA-ENC-TIMESTAMP', forwardable: true, renewable: true,
    });
  });

  it('reassembles length-prefixed TCP messages and reports the ticket and reply ciphers of an AS-REP', () => {
    const conversation = new Conversation(kerberosProtocol.create(), tcp(88));
    conversation.client(framed(asReq('carol', [18, 23], [2])));
    const reply = framed(asRep('carol', 18, 23));
    expect(conversation.server(reply.subarray(0, 3))).toEqual([]);
    expect(conversation.server(reply.subarray(3, 40))).toEqual([]);
    const [event] = conversation.server(reply.subarray(40));
    expect(event.fields).toMatchObject({ success: true, cipher: 'aes256-cts-hmac-sha1-96', reply_cipher: 'rc4-hmac', client: 'carol/CORP.EXAMPLE' });
  });

  it('reports a request the KDC never answered when the conversation closes', () => {
    const conversation = new Conversation(kerberosProtocol.create(), udp(88));
    conversation.client(asReq('dave', [23], []));
    const [event] = conversation.close();
    expect(event.fields.req_etypes).toBe('rc4-hmac');
    expect(event.fields.success).toBeUndefined();
  });

  it('claims port 88 conversations that start with a KDC message', () => {
    expect(kerberosProtocol.claims(asReq('e', [18], []), udp(88), true)).toBe(true);
    expect(kerberosProtocol.claims(framed(asReq('e', [18], [])), tcp(88), true)).toBe(true);
    expect(kerberosProtocol.claims(asReq('e', [18], []), udp(89, 40000), true)).toBe(false);
    expect(kerberosProtocol.claims(Uint8Array.from([1, 2, 3, 4]), udp(88), true)).toBe(false);
  });
});
