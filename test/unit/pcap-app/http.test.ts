import { describe, expect, it } from 'vitest';
import { httpProtocol } from '../../../src/engine/parsers/pcap/app/http';
import { percentDecode } from '../../../src/engine/parsers/pcap/app/http/fields';
import { MAX_HTTP_HEADER_BYTES } from '../../../src/engine/parsers/pcap/app/limits';
import { Conversation, tcp } from './stream';

const newConversation = () => new Conversation(httpProtocol.create(), tcp(80));
const ok = (body: string, extra = '') => `HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${body.length}\r\n${extra}\r\n${body}`;

describe('HTTP dissector', () => {
  it('pairs a request split across segments with its response and writes Zeek and Sigma names', () => {
    const conversation = newConversation();
    const request = 'GET /dvwa/vulnerabilities/sqli/?id=%27+union+select+1&Submit=Submit HTTP/1.1\r\nHost: app.example:8080\r\nUser-Agent: Mozilla/5.0 test\r\nReferer: http://app.example/\r\n\r\n';
    for (const piece of [request.slice(0, 10), request.slice(10, 70), request.slice(70)]) expect(conversation.client(piece)).toEqual([]);
    const [event] = conversation.server(ok('<html>hello</html>'));
    expect(event.kind).toBe('http');
    expect(event.fields).toMatchObject({
      method: 'GET', host: 'app.example:8080', uri: '/dvwa/vulnerabilities/sqli/?id=%27+union+select+1&Submit=Submit',
      uri_decoded: "/dvwa/vulnerabilities/sqli/?id='+union+select+1&Submit=Submit", referrer: 'http://app.example/',
      user_agent: 'Mozilla/5.0 test', status_code: 200, status_msg: 'OK', response_body_len: 18, request_body_len: 0,
      resp_mime_types: 'text/html', 'cs-method': 'GET', 'cs-host': 'app.example:8080', 'r-dns': 'app.example',
      'c-uri-stem': '/dvwa/vulnerabilities/sqli/', 'cs-uri-stem': '/dvwa/vulnerabilities/sqli/',
      'c-uri-query': 'id=%27+union+select+1&Submit=Submit', 'cs-uri-query': 'id=%27+union+select+1&Submit=Submit',
      'c-useragent': 'Mozilla/5.0 test', 'cs-referrer': 'http://app.example/', 'sc-status': 200, 'c-ip': '10.0.0.5',
      client_header_names: 'HOST,USER-AGENT,REFERER',
    });
  });

  it('pairs pipelined requests with responses in order, chunked bodies included', () => {
    const conversation = newConversation();
    conversation.client('GET /a HTTP/1.1\r\nHost: h\r\n\r\nPOST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhelloHEAD /c HTTP/1.1\r\nHost: h\r\n\r\n');
    const chunked = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n3;ext=1\r\nefg\r\n0\r\n\r\n';
    const events = conversation.server(`${chunked}${ok('', '')}HTTP/1.1 200 OK\r\nContent-Length: 999\r\n\r\n`);
    expect(events.map((event) => [event.fields.method, event.fields.uri, event.fields.request_body_len, event.fields.response_body_len])).toEqual([
      ['GET', '/a', 0, 7],
      ['POST', '/b', 5, 0],
      // A response to HEAD has no body whatever its Content-Length says (RFC 9110 section 9.3.2).
      ['HEAD', '/c', 0, 0],
    ]);
  });

  it('keeps the Basic user name, never the password', () => {
    const conversation = newConversation();
    conversation.client(`GET / HTTP/1.1\r\nHost: h\r\nAuthorization: Basic ${btoa('anna:s3cret')}\r\n\r\n`);
    const [event] = conversation.server(ok('x'));
    expect(event.fields.username).toBe('anna');
    expect(event.fields.password_seen).toBe(true);
    expect(JSON.stringify(event)).not.toContain('s3cret');
    expect(JSON.stringify(event)).not.toContain(btoa('anna:s3cret'));
  });

  it('after a gap drops the partial message and resumes at the next request', () => {
    const conversation = newConversation();
    conversation.client('POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n0123456789');
    // Bytes were lost: the body cannot be finished; the request is kept with the body it had.
    conversation.client('garbage after the hole', true);
    conversation.client('GET /next HTTP/1.1\r\nHost: h\r\n\r\n');
    const events = [...conversation.server(ok('1')), ...conversation.server(ok('22'))];
    expect(events.map((event) => [event.fields.uri, event.fields.request_body_len, event.fields.response_body_len])).toEqual([
      ['/upload', 10, 1],
      ['/next', 0, 2],
    ]);
  });

  it('reports a request left without a response, and a body read until close', () => {
    const unanswered = newConversation();
    unanswered.client('GET /lonely HTTP/1.1\r\nHost: h\r\n\r\n');
    const [event] = unanswered.close();
    expect(event.fields.uri).toBe('/lonely');
    expect(event.fields.status_code).toBeUndefined();

    const untilClose = newConversation();
    untilClose.client('GET /stream HTTP/1.0\r\n\r\n');
    expect(untilClose.server('HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n\r\nMZ\x90\x00')).toEqual([]);
    untilClose.server('more bytes');
    const [closed] = untilClose.close();
    expect(closed.fields.response_body_len).toBe(14);
    // The executable is recognised by its magic bytes, not the declared type.
    expect(closed.fields.resp_mime_types).toBe('application/x-dosexec');
  });

  it('resynchronises after an oversized head', () => {
    const conversation = newConversation();
    conversation.client(`GET / HTTP/1.1\r\nX: ${'a'.repeat(200_000)}`);
    conversation.client('GET /after HTTP/1.1\r\nHost: h\r\n\r\n');
    const [event] = conversation.server(ok('z'));
    expect(event.fields.uri).toBe('/after');
  });

  it('reads a head that arrives one byte per segment, and drops one that never ends', () => {
    const conversation = newConversation();
    for (const character of 'GET /slow HTTP/1.1\r\nHost: h\r\n\r\n') conversation.client(character);
    expect(conversation.server(ok('')).map((event) => event.fields.uri)).toEqual(['/slow']);

    const endless = newConversation();
    endless.client('GET /endless HTTP/1.1\r\n');
    for (let i = 0; i < MAX_HTTP_HEADER_BYTES / 1000 + 2; i++) endless.client(`X-Filler-${i}: ${'f'.repeat(990)}\r\n`);
    endless.client('GET /fresh HTTP/1.1\r\n\r\n');
    expect(endless.server(ok('')).map((event) => event.fields.uri)).toEqual(['/fresh']);
  });

  it('claims HTTP by content on any port and by port for a capture that starts mid-message', () => {
    expect(httpProtocol.claims(new TextEncoder().encode('GET / HTTP/1.1\r\n'), tcp(5353), true)).toBe(true);
    expect(httpProtocol.claims(new TextEncoder().encode('binary'), tcp(8080), true)).toBe(true);
    expect(httpProtocol.claims(new TextEncoder().encode('binary'), tcp(9999, 40000), true)).toBe(false);
  });

  it('decodes percent escapes as UTF-8 and leaves malformed ones alone', () => {
    expect(percentDecode('/a%20b/%C3%A9%zz%4')).toBe('/a b/é%zz%4');
  });
});
