import { describe, expect, it } from 'vitest';
import { message, parseBytes } from './parse-helper';

const part = (type: string, name: string, body: string) =>
  [`--b`, `Content-Type: ${type}; name="${name}"`, `Content-Disposition: attachment; filename="${name}"`, '', body].join('\r\n');

describe('links and names inside attachments', () => {
  it('reads URLs of calendar invites (folded lines joined) and Internet shortcuts into attachment_urls and urls', async () => {
    const invite = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DESCRIPTION:Join: https://meet-now.example.net/j/12', ' 34?pwd=x', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
    const shortcut = ['[InternetShortcut]', 'URL=http://198.18.0.10/doc.hta'].join('\r\n');
    const body = ['--b', 'Content-Type: text/plain', '', 'See the invite.', part('text/calendar', 'invite.ics', invite), part('application/octet-stream', 'doc.url', shortcut), '--b--'].join('\r\n');
    const { events } = await parseBytes(message(['From: a@sender.example', 'Content-Type: multipart/mixed; boundary="b"'], body));
    const fields = events[0].fields;
    expect(fields.attachment_urls).toBe('https://meet-now.example.net/j/1234?pwd=x; http://198.18.0.10/doc.hta');
    expect(String(fields.urls).split('; ')).toEqual(['https://meet-now.example.net/j/1234?pwd=x', 'http://198.18.0.10/doc.hta']);
    expect(fields.url_domains).toBe('meet-now.example.net; 198.18.0.10');
  });

  it('notes a right-to-left override in an attachment name', async () => {
    const body = ['--b', 'Content-Type: text/plain', '', 'Invoice attached.', part('application/octet-stream', 'invoice\u202efdp.exe', 'MZ'), '--b--'].join('\r\n');
    const { events } = await parseBytes(message(['From: a@sender.example', 'Content-Type: multipart/mixed; boundary="b"'], body));
    expect(events[0].fields.obfuscated_text).toBe('attachment_names: right-to-left override');
  });
});
