import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseFixture } from './parse-helper';

describe('a multipart phishing message (phish-multipart.eml)', async () => {
  const { events, issues } = await parseFixture('phish-multipart.eml');
  const event = events[0];
  const fields = event.fields;

  it('gives one email event with the file position as id and origin', () => {
    expect(issues).toEqual([]);
    expect(events).toHaveLength(1);
    expect(event).toMatchObject({ id: '3:0', kind: 'email', source: 'eml', origin: { file: 'phish-multipart.eml', offset: 0, record: 1 } });
  });

  it('decodes the sender, recipients and subject (RFC 2047 encoded words)', () => {
    expect(fields.from).toBe('PayPal Service <service@example.com>');
    expect(fields.from_address).toBe('service@example.com');
    expect(fields.from_domain).toBe('example.com');
    expect(fields.from_display_name).toBe('PayPal Service');
    expect(fields.reply_to).toBe('Claims Desk <claims.desk@gmail.com>');
    expect(fields.reply_to_domain).toBe('gmail.com');
    expect(fields.reply_to_other_domain).toBe(true);
    expect(fields.return_path).toBe('bounce@mailer.example.net');
    expect(fields.return_path_domain).toBe('mailer.example.net');
    expect(fields.to).toBe('Alice Analyst <alice@corp.example>');
    expect(fields.cc).toBe('bob@corp.example');
    expect(fields.subject).toBe('Action required: verify your account');
    expect(fields.message_id).toBe('<abc123@mailer.example.net>');
    expect(fields.x_mailer).toBe('BulkSender 2.1');
  });

  it('uses the Date header in UTC as the time, the recipient as user and its domain as host', () => {
    expect(fields.date).toBe('2026-03-02T09:00:00.000Z');
    expect(event.ts).toBe('2026-03-02T09:00:00.000Z');
    expect(event.user).toBe('alice@corp.example');
    expect(event.host).toBe('corp.example');
  });

  it('reads the Received chain and takes the earliest public sending address as the origin', () => {
    expect(fields.received_hops).toBe(3);
    expect(String(fields.received).split('\n')).toHaveLength(3);
    expect(fields.originating_ip).toBe('93.184.216.34');
  });

  it('reads authentication results from the topmost field and DKIM signing domains', () => {
    expect(fields.spf_result).toBe('softfail');
    expect(fields.dkim_result).toBe('none');
    expect(fields.dmarc_result).toBe('fail');
    expect(fields.compauth_result).toBe('fail');
    expect(fields.dkim_domains).toBe('none; mailer.example.net');
    expect(fields.sender_authenticated).toBe(false);
    expect(String(fields.received_spf)).toMatch(/^SoftFail/);
    expect(fields.spam_confidence_level).toBe(7);
  });

  it('describes attachments with their decoded SHA-256 and active content of markup files', () => {
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    expect(fields.attachment_count).toBe(2);
    expect(fields.attachment_names).toBe('notes.txt; voicemail.svg');
    expect(fields.attachment_types).toBe('text/plain; image/svg+xml');
    expect(String(fields.attachment_sha256).split('; ')[0]).toBe(sha('hello attachment\n'));
    expect(fields.attachment_active_content).toBe('voicemail.svg: script, base64 decoding, redirect');
  });

  it('collects link targets, form actions and text URLs, unwraps Safe Links, and skips images and mailto', () => {
    const urls = String(fields.urls).split('; ');
    expect(urls).toContain('https://head-anchor.example/x');
    expect(urls).toContain('https://secure-login.example.net/verify?id=1');
    expect(urls).toContain('https://example.net/a');
    expect(urls).toContain('https://collector.example.net/post.php');
    expect(urls).toContain('https://plain-url.example/login?id=1');
    expect(urls).toContain('https://text-url.example/path');
    expect(urls.some((url) => url.includes('tracker.example'))).toBe(false);
    expect(urls.some((url) => url.startsWith('mailto:'))).toBe(false);
    expect(fields.url_count).toBe(urls.length);
    expect(String(fields.url_domains).split('; ')).toContain('secure-login.example.net');
    expect(fields.html_form).toBe('https://collector.example.net/post.php');
    expect(fields.html_password_field).toBe(1);
  });

  it('reports anchors whose text names another site, except through the sender domain or a link wrapper', () => {
    expect(fields.link_text_mismatch).toBe('www.example.org -> secure-login.example.net');
  });

  it('judges the display name against the sender domain', () => {
    expect(fields.display_name_brand).toBe('paypal');
    expect(fields.display_name_brand_mismatch).toBe(true);
    expect(fields.from_domain_valid).toBe(true);
  });

  it('keeps the decoded plain text as body, quoted-printable and UTF-8 decoded', () => {
    expect(String(fields.body)).toContain('Café team');
    expect(String(fields.body)).not.toContain('not text');
  });
});
