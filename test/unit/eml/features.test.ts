import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { zipHasEncryptedEntry } from '../../../src/engine/parsers/eml/attachments';
import { senderAuthenticated, summarizeAuthentication } from '../../../src/engine/parsers/eml/auth';
import { brandClaim } from '../../../src/engine/parsers/eml/brands';
import { hostNamedByText, registrableDomain } from '../../../src/engine/parsers/eml/domains';
import { unwrapRewrittenLink } from '../../../src/engine/parsers/eml/links';
import { obfuscationFindings, perceivedText } from '../../../src/engine/parsers/eml/obfuscation';
import { pdfLinkTargets } from '../../../src/engine/parsers/eml/pdf';
import { originatingIp, parseReceived } from '../../../src/engine/parsers/eml/received';

const header = (name: string, value: string) => ({ name, value });

describe('authentication results (RFC 8601)', () => {
  it('takes each method from the topmost field and lets any passing DKIM signature count', () => {
    const summary = summarizeAuthentication([
      header('authentication-results', 'mx.corp.example; spf=pass smtp.mailfrom=bounce.shop.example.com; dkim=fail header.d=other.example.net; dkim=pass header.d=shop.example.com; dmarc=none'),
      header('authentication-results', 'forged.example; spf=fail; dkim=fail; dmarc=fail'),
      header('dkim-signature', 'v=1; a=rsa-sha256; d=shop.example.com; s=k1; b=x'),
    ]);
    expect(summary).toMatchObject({ spf: 'pass', dkim: 'pass', dmarc: 'none' });
    expect(summary.dkimDomains).toEqual(['other.example.net', 'shop.example.com']);
    expect(senderAuthenticated(summary, 'news.example.com')).toBe(true);
    expect(senderAuthenticated(summary, 'example.org')).toBe(false);
  });

  it('ignores results written in comments and says nothing when no results exist', () => {
    const summary = summarizeAuthentication([header('authentication-results', 'mx.example; spf=none (dmarc=fail is not a result here) smtp.mailfrom=x')]);
    expect(summary.dmarc).toBeUndefined();
    expect(senderAuthenticated(summarizeAuthentication([]), 'example.com')).toBeUndefined();
  });

  it('falls back to Received-SPF for the SPF result', () => {
    expect(summarizeAuthentication([header('received-spf', 'Fail (domain does not designate 192.0.2.1)')]).spf).toBe('fail');
  });
});

describe('Received chain (RFC 5321 4.4)', () => {
  it('reads the sending addresses, the receiver and the time of a hop', () => {
    const hop = parseReceived('from mail.example.net (mail.example.net [93.184.216.34]) by mx.corp.example (Postfix) with ESMTPS id 1; Mon, 2 Mar 2026 09:00:00 +0100');
    expect(hop).toMatchObject({ byHost: 'mx.corp.example', ips: ['93.184.216.34'], publicIp: '93.184.216.34', time: '2026-03-02T08:00:00.000Z' });
  });

  it('takes the earliest hop with a public address as the origin, reading IPv6 in brackets', () => {
    const hops = [
      parseReceived('from relay (relay [10.1.1.1]) by inner; Mon, 2 Mar 2026 09:00:02 +0000'),
      parseReceived('from client ([2a00:1450:4864:20::42b]) by relay; Mon, 2 Mar 2026 09:00:01 +0000'),
      parseReceived('from laptop ([192.168.0.9]) by client; Mon, 2 Mar 2026 09:00:00 +0000'),
    ];
    expect(originatingIp(hops)).toBe('2a00:1450:4864:20::42b');
  });
});

describe('sender names', () => {
  it('finds invisible characters and mixed-script words, not ordinary accents or Cyrillic text', () => {
    expect(obfuscationFindings('Y\u0585ur W\u0430llet')).toEqual(["mixed-script word 'Y\u0585ur'"]);
    expect(obfuscationFindings('P\u200bay\u200bPal')).toEqual(['2 invisible characters']);
    expect(obfuscationFindings('Co\u{e0139}in\u{e0139}base')).toEqual(['2 invisible characters']);
    expect(obfuscationFindings('Crème brûlée Müller')).toEqual([]);
    expect(obfuscationFindings('Иван Петров')).toEqual([]);
    expect(obfuscationFindings('invoice\u202efdp.exe')).toEqual(['right-to-left override']);
  });

  it('reads a brand through look-alike letters, invisible characters and foreign punctuation', () => {
    expect(perceivedText('М\u0435t\u0430Mask')).toBe('metamask');
    expect(perceivedText('Ap\u073fpl\u073fe ID')).toBe('apple id');
    expect(brandClaim('Ap\u073fpl\u073fe ID', 'lynnswig.com')).toEqual({ brand: 'apple', mismatch: true });
  });

  it('accepts a brand on any domain whose registrable label is its own, and nothing else', () => {
    expect(brandClaim('PayPal', 'mail.paypal.co.uk')).toEqual({ brand: 'paypal', mismatch: false });
    expect(brandClaim('PayPal Support', 'paypal-support.com')).toEqual({ brand: 'paypal', mismatch: true });
    expect(brandClaim('DocuSign via Files', 'indigotransport.com')).toEqual({ brand: 'docusign', mismatch: true });
    expect(brandClaim('Steve Chase', 'example.com')).toBeUndefined();
  });
});

describe('domains and links', () => {
  it('approximates the registrable domain, country second levels included', () => {
    expect(registrableDomain('a.b.example.co.uk')).toBe('example.co.uk');
    expect(registrableDomain('mail.example.com.br')).toBe('example.com.br');
    expect(registrableDomain('x.y.example.com')).toBe('example.com');
    expect(registrableDomain('93.184.216.34')).toBe('93.184.216.34');
  });

  it('reads link text as an address only when the whole text is one', () => {
    const tld = (label: string) => ['com', 'org', 'net'].includes(label);
    expect(hostNamedByText('https://login.example.com/verify', tld)).toBe('login.example.com');
    expect(hostNamedByText(' www.example.org ', tld)).toBe('www.example.org');
    expect(hostNamedByText('Read more on example.com today', tld)).toBeUndefined();
    expect(hostNamedByText('invoice.pdf', tld)).toBeUndefined();
  });

  it('unwraps gateway link protection, and leaves other links alone', () => {
    expect(unwrapRewrittenLink('https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fexample.net%2Fx&data=1', 'eur01.safelinks.protection.outlook.com')).toBe('https://example.net/x');
    expect(unwrapRewrittenLink('https://urldefense.com/v3/__https://example.org/p__;!!abc$', 'urldefense.com')).toBe('https://example.org/p');
    expect(unwrapRewrittenLink('https://example.com/?url=https%3A%2F%2Fexample.net', 'example.com')).toBeUndefined();
  });
});

describe('attachments', () => {
  it('finds link targets in plain and in FlateDecode-compressed PDF objects', async () => {
    const compressed = deflateSync(Buffer.from('<< /Type /Annot /A << /S /URI /URI (https://compressed.example.net/a\\(1\\)) >> >>'));
    const pdf = Buffer.concat([
      Buffer.from('%PDF-1.6\n1 0 obj << /A << /URI (https://plain.example.com/login) >> >> endobj\n2 0 obj << /Length 99 /Filter /FlateDecode >>\nstream\n'),
      compressed,
      Buffer.from('\nendstream\nendobj\n3 0 obj << /Filter /FlateDecode >>\nstream\nnot zlib at all\nendstream\n%%EOF'),
    ]);
    expect(await pdfLinkTargets(new Uint8Array(pdf))).toEqual(['https://plain.example.com/login', 'https://compressed.example.net/a(1)']);
    expect(await pdfLinkTargets(new TextEncoder().encode('/URI (https://not-a-pdf.example)'))).toEqual([]);
  });

  it('tells a ZIP with encrypted entries from a plain one', () => {
    const entry = (flags: number) => {
      const bytes = new Uint8Array(30 + 5 + 3);
      const view = new DataView(bytes.buffer);
      view.setUint32(0, 0x04034b50, true);
      view.setUint16(6, flags, true);
      view.setUint32(18, 3, true);
      view.setUint16(26, 5, true);
      bytes.set(new TextEncoder().encode('a.exe'), 30);
      return bytes;
    };
    expect(zipHasEncryptedEntry(entry(1))).toBe(true);
    expect(zipHasEncryptedEntry(entry(0))).toBe(false);
    expect(zipHasEncryptedEntry(new Uint8Array([0x50, 0x4b, 0x03]))).toBe(false);
  });
});
