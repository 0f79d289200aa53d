import { describe, expect, it } from 'vitest';
import { defang, defangText, extractIndicators, refang } from '../../../src/engine/ioc';

const values = (text: string, type?: string) =>
  extractIndicators(text).filter((found) => !type || found.type === type).map((found) => found.value);

describe('IP addresses', () => {
  it('finds and classifies IPv4 addresses', () => {
    const found = extractIndicators('from 8.8.8.8 to 10.1.2.3, 192.168.0.1, 127.0.0.1, 100.64.1.1 and 224.0.0.251');
    expect(found.map((f) => [f.value, f.scope])).toEqual([
      ['8.8.8.8', 'public'],
      ['10.1.2.3', 'private'],
      ['192.168.0.1', 'private'],
      ['127.0.0.1', 'reserved'],
      ['100.64.1.1', 'private'],
      ['224.0.0.251', 'reserved'],
    ]);
  });

  it('refuses out-of-range octets, leading zeros and dotted version numbers', () => {
    expect(values('version 10.0.17763.1 and 256.1.1.1 and 01.2.3.4 and 1.2.3.4.5')).toEqual([]);
    expect(values('1.2.3')).toEqual([]);
  });

  it('takes an IPv4 address followed by a port or a full stop', () => {
    expect(values('connect 203.0.113.9:443. Then 5.6.7.8.', 'ipv4')).toEqual(['203.0.113.9', '5.6.7.8']);
  });

  it('finds IPv6 addresses, compresses them and classifies them', () => {
    const found = extractIndicators('src 2001:0db8:0000:0000:0000:0000:0000:0001 dst 2606:4700:4700::1111 ll fe80::1%12 lo ::1 ula fd00::5');
    expect(found.map((f) => [f.value, f.scope])).toEqual([
      ['2001:db8::1', 'reserved'],
      ['2606:4700:4700::1111', 'public'],
      ['fe80::1', 'reserved'],
      ['::1', 'reserved'],
      ['fd00::5', 'private'],
    ]);
  });

  it('reads IPv4-mapped IPv6 and classifies by the IPv4 part', () => {
    const [found] = extractIndicators('peer ::ffff:8.8.4.4 connected');
    expect(found).toMatchObject({ type: 'ipv6', value: '::ffff:808:404', scope: 'public' });
  });

  it('does not mistake times, MAC addresses or C++ scopes for IPv6', () => {
    expect(values('at 18:01:41.593 mac 00:1a:2b:3c:4d:5e std::string a::b', 'ipv6')).toEqual([]);
  });
});

describe('domains', () => {
  it('keeps only real TLDs', () => {
    expect(values('svchost.exe wrote rundll32.dll and reached evil.example.com and update.microsoft.com', 'domain'))
      .toEqual(['evil.example.com', 'update.microsoft.com']);
  });

  it('ignores .NET type names, method calls and variables', () => {
    expect(values('[System.IO.File]::WriteAllBytes($env.computer, $x); $shell.Run("a")', 'domain')).toEqual([]);
  });

  it('treats two-label names with file-extension TLDs as files', () => {
    expect(values('opened invoice.zip and setup.py; resolved cdn.evil.zip', 'domain')).toEqual(['cdn.evil.zip']);
  });

  it('ignores names inside Windows and Unix paths', () => {
    expect(values('C:\\Users\\bob\\AppData\\evil.com and /tmp/payload.top', 'domain')).toEqual([]);
  });

  it('lower-cases domains written in upper case', () => {
    expect(values('DNS query EVIL.EXAMPLE.NET', 'domain')).toEqual(['evil.example.net']);
  });
});

describe('URLs and mail addresses', () => {
  it('finds URLs, trims trailing punctuation and adds their host', () => {
    const found = extractIndicators('get (http://Evil.Example.com/a.php?x=1). and https://198.51.100.7:8080/p');
    expect(found.map((f) => [f.type, f.value])).toEqual([
      ['url', 'http://evil.example.com/a.php?x=1'],
      ['domain', 'evil.example.com'],
      ['url', 'https://198.51.100.7:8080/p'],
      ['ipv4', '198.51.100.7'],
    ]);
  });

  it('drops URLs whose host is not a real host name', () => {
    expect(values('http://localhost:8080/x and http://intranet/', 'url')).toEqual([]);
  });

  it('finds e-mail addresses with real TLDs only', () => {
    expect(values('From: Alice <Alice.Smith@Example.org>, bob@host.local', 'email')).toEqual(['alice.smith@example.org']);
  });
});

describe('hashes', () => {
  const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
  const sha1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
  const sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

  it('finds MD5, SHA-1 and SHA-256 by length', () => {
    const found = extractIndicators(`SHA1=${sha1.toUpperCase()},MD5=${md5},SHA256=${sha256}`);
    expect(found.map((f) => [f.type, f.value])).toEqual([['sha1', sha1], ['md5', md5], ['sha256', sha256]]);
  });

  it('skips imphashes, zeroed hashes, decimal runs and other hex lengths', () => {
    const text = `IMPHASH=${md5.toUpperCase()} ${'0'.repeat(32)} ${'1234567890'.repeat(4)} ${'ab12'.repeat(9)}`;
    expect(extractIndicators(text)).toEqual([]);
  });
});

describe('refang and defang', () => {
  it('refangs common defanging styles before extraction', () => {
    expect(refang('hxxps://evil[.]com/x and 1.2.3(.)4 and bad[@]mail(dot)org')).toBe(
      'https://evil.com/x and 1.2.3.4 and bad@mail.org');
    expect(values('hXXp[://]evil[.]example[.]com/a', 'url')).toEqual(['http://evil.example.com/a']);
  });

  it('defangs each type for display', () => {
    expect(defang('url', 'https://evil.com/a.php')).toBe('hxxps[://]evil[.]com/a[.]php');
    expect(defang('domain', 'evil.com')).toBe('evil[.]com');
    expect(defang('ipv4', '1.2.3.4')).toBe('1[.]2[.]3[.]4');
    expect(defang('ipv6', '2001:db8::1')).toBe('2001[:]db8[:][:]1');
    expect(defang('email', 'a.b@evil.com')).toBe('a[.]b[@]evil[.]com');
    expect(defang('sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
  });

  it('defangs indicators inside free text and leaves the rest alone', () => {
    expect(defangText('Click http://evil.com/x now, or mail ceo@evil.com from 8.8.8.8')).toBe(
      'Click hxxp[://]evil[.]com/x now, or mail ceo[@]evil[.]com from 8[.]8[.]8[.]8');
  });

  it('defangs indicators beyond the extraction scan limit', () => {
    const text = 'x'.repeat(300_000) + ' http://evil.com/';
    expect(defangText(text).endsWith('hxxp[://]evil[.]com/')).toBe(true);
  });
});
