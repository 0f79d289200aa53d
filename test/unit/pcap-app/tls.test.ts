import { describe, expect, it } from 'vitest';
import { createCompositeDissector } from '../../../src/engine/parsers/pcap/app/composite';
import { tlsProtocol } from '../../../src/engine/parsers/pcap/app/tls';
import { Conversation, concat, tcp } from './stream';

const u16 = (value: number) => [value >> 8, value & 0xff];
const vector16 = (bytes: number[]) => [...u16(bytes.length), ...bytes];
const vector8 = (bytes: number[]) => [bytes.length, ...bytes];
const text = (value: string) => Array.from(value, (c) => c.charCodeAt(0));
const extension = (type: number, data: number[]) => [...u16(type), ...vector16(data)];

/** RFC 8446 section 4.1.2 ClientHello with server_name and ALPN, as a handshake message. */
function clientHello(serverName: string, alpn: string[]): number[] {
  const sni = extension(0, vector16([0, ...vector16(text(serverName))]));
  const protocols = extension(16, vector16(alpn.flatMap((name) => vector8(text(name)))));
  const body = [...u16(0x0303), ...new Array(32).fill(7), ...vector8([]), ...vector16([0x13, 0x01, 0xc0, 0x2f]), ...vector8([0]), ...vector16([...sni, ...protocols])];
  return [1, 0, body.length >> 8, body.length & 0xff, ...body];
}

/** ServerHello choosing TLS 1.3 through supported_versions (RFC 8446 section 4.2.1). */
function serverHello(cipher: number): number[] {
  const body = [...u16(0x0303), ...new Array(32).fill(9), ...vector8([]), ...u16(cipher), 0, ...vector16([...extension(43, u16(0x0304)), ...extension(16, vector16(vector8(text('h2'))))])];
  return [2, 0, body.length >> 8, body.length & 0xff, ...body];
}

const record = (fragment: number[]) => Uint8Array.from([22, 3, 1, ...u16(fragment.length), ...fragment]);

describe('TLS dissector', () => {
  it('reports SNI, the negotiated version, cipher and ALPN once the server has answered', () => {
    const conversation = new Conversation(tlsProtocol.create(), tcp(443));
    expect(conversation.client(record(clientHello('c2.example.net', ['h2', 'http/1.1'])))).toEqual([]);
    const [event] = conversation.server(record(serverHello(0x1301)));
    expect(event.kind).toBe('tls');
    expect(event.fields).toMatchObject({ server_name: 'c2.example.net', version: 'TLSv13', cipher: 'TLS_AES_128_GCM_SHA256', next_protocol: 'h2', client_alpn: 'h2,http/1.1' });
    expect(conversation.close()).toEqual([]);
  });

  it('reassembles a hello split over two records and several segments', () => {
    const hello = clientHello('split.example.org', []);
    const bytes = concat(record(hello.slice(0, 30)), record(hello.slice(30)));
    const conversation = new Conversation(tlsProtocol.create(), tcp(8443));
    for (let at = 0; at < bytes.length; at += 17) conversation.client(bytes.subarray(at, at + 17));
    const [event] = conversation.close();
    expect(event.fields.server_name).toBe('split.example.org');
    expect(event.fields.version).toBe('TLSv12');
    expect(event.fields.cipher).toBeUndefined();
  });

  it('gives up quietly on a truncated hello or non-handshake bytes', () => {
    const conversation = new Conversation(tlsProtocol.create(), tcp(443));
    const hello = clientHello('x.example', []);
    hello[3] = 0xff; // declares a body longer than the record holds
    conversation.client(record(hello));
    conversation.client(Uint8Array.from([23, 3, 3, 0, 2, 1, 2]));
    expect(conversation.close()).toEqual([]);
  });

  it('lets go of its buffers once both hellos are read, while the encrypted conversation goes on', () => {
    const dissector = createCompositeDissector([tlsProtocol]);
    const conversation = new Conversation(dissector, tcp(443));
    // Split so each direction's buffers grow: the record buffer holds the first piece until the rest arrives.
    const hello = record(clientHello('held.example', ['h2']));
    conversation.client(hello.subarray(0, 20));
    expect(dissector.buffers.held).toBeGreaterThan(0);
    conversation.client(hello.subarray(20));
    const [event] = conversation.server(record(serverHello(0x1301)));
    expect(event.fields.server_name).toBe('held.example');
    conversation.client(Uint8Array.from([23, 3, 3, 0, 4, 1, 2, 3, 4]));
    expect(dissector.buffers.held).toBe(0);
  });

  it('claims handshake records only', () => {
    expect(tlsProtocol.claims(record(clientHello('a.example', [])), tcp(9999, 40000), true)).toBe(true);
    expect(tlsProtocol.claims(Uint8Array.from([23, 3, 3, 0, 1, 0]), tcp(443), true)).toBe(false);
  });
});
