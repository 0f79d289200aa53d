import { describe, expect, it } from 'vitest';
import { ftpProtocol } from '../../../src/engine/parsers/pcap/app/cleartext/ftp';
import { shellProtocol } from '../../../src/engine/parsers/pcap/app/cleartext/shell';
import { smtpProtocol } from '../../../src/engine/parsers/pcap/app/cleartext/smtp';
import { Conversation, ascii, tcp } from './stream';

describe('FTP dissector', () => {
  it('pairs commands with final replies, keeps the user and never the password', () => {
    const conversation = new Conversation(ftpProtocol.create(), tcp(21));
    conversation.server('220 Example FTP Server\r\n');
    conversation.client('USER anna\r\n');
    const [user] = conversation.server('331 Password required\r\n');
    conversation.client('PA');
    conversation.client('SS hunter2\r\nFEAT\r\n');
    const [pass] = conversation.server('230 Logged in\r\n');
    // A multi-line reply (RFC 959 section 4.2) completes its command on the last line only.
    expect(conversation.server('211-Features:\r\n PASV\r\n')).toEqual([]);
    const [feat] = conversation.server('211 End\r\n');
    expect(user.fields).toMatchObject({ command: 'USER', arg: 'anna', reply_code: 331 });
    expect(pass.fields).toMatchObject({ command: 'PASS', user: 'anna', password_seen: true, reply_code: 230 });
    expect(pass.fields.arg).toBeUndefined();
    expect(JSON.stringify(pass)).not.toContain('hunter2');
    expect(feat.fields).toMatchObject({ command: 'FEAT', reply_code: 211, reply_msg: 'End' });
  });

  it('cuts an endless line instead of buffering it, and reports unanswered commands at close', () => {
    const conversation = new Conversation(ftpProtocol.create(), tcp(21));
    conversation.client(`STOR ${'x'.repeat(100_000)}`);
    conversation.client('y'.repeat(100_000));
    conversation.client('\r\nQUIT\r\n');
    const events = conversation.close();
    expect(events.map((event) => event.fields.command)).toEqual(['STOR', 'QUIT']);
    expect(String(events[0].fields.arg).length).toBeLessThan(5000);
  });
});

describe('SMTP dissector', () => {
  it('reports one message with envelope, headers and the reply that accepted it', () => {
    const conversation = new Conversation(smtpProtocol.create(), tcp(25));
    conversation.server('220 mail.example ESMTP Postfix\r\n');
    conversation.client('EHLO client.example\r\n');
    conversation.server('250-mail.example\r\n250 PIPELINING\r\n');
    conversation.client('MAIL FROM:<a@example.org> SIZE=100\r\nRCPT TO:<b@example.net>\r\nRCPT TO:<c@example.net>\r\nDATA\r\n');
    conversation.server('250 Ok\r\n250 Ok\r\n250 Ok\r\n354 Go\r\n');
    conversation.client('From: A <a@example.org>\r\nSubject: Invoice 42\r\n\r\nSubject: not a header\r\n.\r\n');
    const [event] = conversation.server('250 2.0.0 Ok: queued\r\n');
    expect(event.kind).toBe('smtp');
    expect(event.fields).toMatchObject({
      helo: 'client.example', mailfrom: '<a@example.org>', rcptto: '<b@example.net>,<c@example.net>',
      subject: 'Invoice 42', from: 'A <a@example.org>', last_reply: '250 2.0.0 Ok: queued', tls: false,
    });
  });

  it('stops reading after STARTTLS', () => {
    const conversation = new Conversation(smtpProtocol.create(), tcp(25));
    conversation.client('EHLO x\r\nSTARTTLS\r\n');
    conversation.client('MAIL FROM:<hidden@example.org>\r\n');
    expect(conversation.close()).toEqual([]);
  });
});

describe('command shell recognition', () => {
  it('recognises a cmd.exe prompt or banner and a Unix shell without a terminal, not a telnet or SSH start', () => {
    const flow = tcp(4444);
    expect(shellProtocol.claims(ascii('\r\nC:\\WINNT\\system32>'), flow, false)).toBe(true);
    expect(shellProtocol.claims(ascii('Microsoft Windows [Version 10.0.19045.3803]\r\n(c) Microsoft Corporation.'), flow, false)).toBe(true);
    expect(shellProtocol.claims(ascii('sh: no job control in this shell\n'), flow, false)).toBe(true);
    expect(shellProtocol.claims(Uint8Array.from([0xff, 0xfd, 0x18, 0xff, 0xfd, 0x20]), tcp(23), false)).toBe(false);
    expect(shellProtocol.claims(ascii('SSH-2.0-OpenSSH_9.6\r\n'), tcp(22), false)).toBe(false);
    expect(shellProtocol.claims(ascii('C:\\Users\\anna>dir\r\n Volume in drive C'), flow, false)).toBe(false);
  });
});
