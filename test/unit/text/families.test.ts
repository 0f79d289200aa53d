import { describe, expect, it } from 'vitest';
import { fixture, parseText } from './helpers';

describe('text: web access logs', async () => {
  const { events, issues } = await parseText(fixture('access.log'), 'access.log');

  it('reads Combined Log Format into Sigma webserver names', () => {
    expect(issues).toEqual([]);
    expect(events.every((event) => event.kind === 'webserver')).toBe(true);
    expect(events[0]).toMatchObject({
      ts: '2022-11-03T21:41:07Z',
      fields: {
        'c-ip': '203.0.113.80',
        'cs-method': 'GET',
        'cs-uri-stem': '/wp-login.php',
        'cs-uri-query': '',
        'cs-version': 'HTTP/1.1',
        'sc-status': '404',
        'sc-bytes': '196',
        'cs-user-agent': 'Mozilla/5.0 (X11; Linux x86_64)',
      },
    });
    expect(events[0].fields['cs-referer']).toBeUndefined();
  });

  it('splits the query, keeps the user and the referer', () => {
    expect(events[1]).toMatchObject({
      user: 'admin',
      fields: {
        'cs-username': 'admin',
        'cs-method': 'POST',
        'cs-uri-stem': '/cgi-bin/.%2e/.%2e/bin/sh',
        'cs-uri-query': 'x=1&y=2',
        'cs-referer': 'http://victim.example/',
        'cs-user-agent': 'curl/7.68.0',
      },
    });
  });

  it('reads escaped quotes inside the request and the user agent', () => {
    expect(events[2].fields).toMatchObject({ 'cs-uri-query': 'q=\\"quoted\\"', 'sc-bytes': '0', 'cs-user-agent': 'Mozilla/5.0 "evil"', 'cs-version': 'HTTP/1.0' });
  });

  it('reads the vhost prefix', () => {
    expect(events[3].fields).toMatchObject({ 'cs-host': 'shop.example.com', 's-port': '443', 'c-ip': '192.0.2.7', 'cs-method': 'HEAD', 'cs-version': 'HTTP/2.0' });
  });

  it('keeps requests that are not HTTP as webserver events without a method or version', () => {
    expect(events[4].fields['cs-method']).toBeUndefined();
    expect(events[4].fields['sc-status']).toBe('408');
    expect(events[5].fields['cs-version']).toBeUndefined();
    expect(events[5].fields['sc-status']).toBe('400');
  });
});

describe('text: syslog, JSON, W3C and server error logs', async () => {
  const { events, issues } = await parseText(fixture('mixed-syslog.log'));

  it('reads RFC 5424 with structured data, PRI and the MSG after a BOM', () => {
    expect(issues).toEqual([]);
    expect(events[0]).toMatchObject({
      kind: 'log',
      ts: '2022-11-03T21:41:07.123456Z',
      host: 'fw01.example.com',
      fields: {
        facility: 'auth',
        severity: 'crit',
        program: 'kernel',
        pid: '1234',
        msgid: 'ID47',
        'origin.ip': '192.0.2.1',
        'origin.software': 'fw',
        'meta.sequenceId': '42',
        message: 'Dropped packet from 203.0.113.5',
      },
    });
    expect(events[2]).toMatchObject({ host: '', ts: '2022-11-03T21:41:09Z', fields: { facility: 'local4', severity: 'notice', program: 'app', message: 'plain message without header values' } });
  });

  it('reads an access-log line relayed through syslog', () => {
    expect(events[1]).toMatchObject({
      kind: 'webserver',
      host: 'web01',
      ts: '2022-11-03T22:41:08Z',
      fields: { facility: 'user', severity: 'notice', program: 'nginx', 'c-ip': '203.0.113.80', 'cs-uri-stem': '/etc/passwd', 'sc-status': '403', 'cs-user-agent': 'sqlmap/1.6' },
    });
  });

  it('reads ISO-timestamp syslog headers and RFC 3164 lines with a year', () => {
    expect(events[3]).toMatchObject({ kind: 'log', ts: '2022-11-03T22:41:10.5Z', host: 'db01', fields: { program: 'postgres', pid: '771' } });
    expect(events[4]).toMatchObject({ ts: '2022-11-03T22:41:11Z', host: 'web02', fields: { program: 'httpd', message: '[error] something broke' } });
  });

  it('flattens JSON lines with dotted names', () => {
    expect(events[5]).toMatchObject({
      kind: 'authentication',
      ts: '2022-11-03T22:41:12.000Z',
      host: 'k8s-node-3',
      user: 'svc-backup',
      fields: { 'event.category.0': 'authentication', 'event.outcome': 'failure', 'source.ip': '10.1.2.3', 'tags.1': 'b', message: 'login failed' },
    });
    expect(events[6]).toMatchObject({ kind: 'log', ts: '2022-11-03T22:41:13.000Z', host: 'api-7', fields: { level: 'info', msg: 'flat json line', ts: 1667515273 } });
  });

  it('uses the W3C #Fields header for the lines after it', () => {
    expect(events[7].kind).toBe('log');
    expect(events[8].kind).toBe('log');
    expect(events[9]).toMatchObject({
      kind: 'webserver',
      ts: '2022-11-03T22:41:14Z',
      fields: { 'c-ip': '203.0.113.66', 'cs-method': 'GET', 'cs-uri-stem': '/owa/auth/x.js', 's-port': '443', 'sc-status': '404', 'cs-user-agent': 'Mozilla/5.0+(compatible;+scanner)', 'time-taken': '15' },
    });
    expect(events[9].fields['cs-uri-query']).toBeUndefined();
  });

  it('reads Apache and nginx error logs', () => {
    expect(events[10]).toMatchObject({
      kind: 'log',
      ts: '2022-11-03T22:41:15.123456Z',
      fields: { level: 'error', module: 'core', pid: '4242', tid: '140211', src_ip: '203.0.113.70', src_port: '51000' },
    });
    expect(String(events[10].fields.message)).toMatch(/^AH00126: Invalid URI/);
    expect(events[11]).toMatchObject({ ts: '2022-11-03T22:41:16Z', fields: { level: 'error', pid: '311', tid: '311', src_ip: '203.0.113.71' } });
  });

  it('keeps anything else as a plain log line', () => {
    expect(events[12]).toMatchObject({ kind: 'log', ts: null, host: '', user: '', message: 'just some free text line without structure', fields: { message: 'just some free text line without structure' } });
  });

  it('reads IIS lines without a header by the IIS default columns', async () => {
    const { events: iis } = await parseText(
      '2015-03-11 21:59:09 1.2.3.4 GET /console/faces/version_30.jsp - 80 - 31.3.3.7 Sun+Web+Console+Fingerprinter/7.15 - 404 0 2 0\n',
    );
    expect(iis[0]).toMatchObject({ kind: 'webserver', ts: '2015-03-11T21:59:09Z', fields: { 's-ip': '1.2.3.4', 'c-ip': '31.3.3.7', 'sc-status': '404' } });
  });
});
