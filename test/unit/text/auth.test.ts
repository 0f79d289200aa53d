import { describe, expect, it } from 'vitest';
import { fixture, parseText } from './helpers';

describe('text: Linux auth log', async () => {
  const { events, issues } = await parseText(fixture('auth.log'), 'auth.log');
  const at = (line: number) => events[line - 1];

  it('makes one event per line, with line numbers and byte offsets', () => {
    const lines = fixture('auth.log').toString('utf8').split('\n').filter(Boolean);
    expect(issues).toEqual([]);
    expect(events).toHaveLength(lines.length);
    const bytes = fixture('auth.log');
    events.forEach((event, index) => {
      expect(event.origin).toEqual({ file: 'auth.log', offset: event.origin.offset, line: index + 1 });
      expect(event.id).toBe(`5:${event.origin.offset}`);
      expect(bytes.subarray(event.origin.offset, event.origin.offset + lines[index].length).toString()).toBe(lines[index]);
      expect(event.source).toBe('text');
      expect(event.host).toBe('bastion');
    });
  });

  it('reads sshd failures with the invalid-user flag', () => {
    expect(at(1)).toMatchObject({
      kind: 'authentication',
      user: 'oracle',
      fields: { action: 'failure', event: 'failed', method: 'password', src_ip: '198.51.100.23', src_port: '40512', invalid_user: true, service: 'sshd', program: 'sshd', pid: '18211' },
    });
    expect(at(2).fields.invalid_user).toBeUndefined();
    expect(at(2).user).toBe('root');
    expect(at(3)).toMatchObject({ user: 'admin', fields: { event: 'invalid_user', action: 'failure', src_port: '40520' } });
    expect(at(4)).toMatchObject({ user: 'admin', fields: { event: 'invalid_user', invalid_user: true } });
    expect(at(5)).toMatchObject({ user: 'admin', fields: { event: 'disconnected', src_ip: '198.51.100.23', preauth: true } });
    expect(at(5).fields.action).toBeUndefined();
  });

  it('reads PAM failures and sessions', () => {
    expect(at(6)).toMatchObject({ user: 'root', fields: { event: 'pam_auth_failure', action: 'failure', src_ip: '198.51.100.23', service: 'sshd', tty: 'ssh' } });
    expect(at(7)).toMatchObject({ user: 'root', fields: { event: 'pam_auth_failure', failures: 2 } });
    expect(at(9)).toMatchObject({ user: 'deploy', fields: { event: 'session_opened', service: 'sshd' } });
    expect(at(15)).toMatchObject({ kind: 'authentication', user: 'root', fields: { event: 'session_closed', service: 'cron', program: 'CRON' } });
  });

  it('reads an accepted login', () => {
    expect(at(8)).toMatchObject({
      kind: 'authentication',
      user: 'deploy',
      ts: expect.stringMatching(/^\d{4}-11-03T22:45:00Z$/),
      fields: { action: 'success', event: 'accepted', method: 'publickey', src_ip: '10.20.4.17', src_port: '51544' },
    });
  });

  it('reads sudo commands and refusals', () => {
    expect(at(10)).toMatchObject({
      user: 'deploy',
      fields: { event: 'sudo_command', action: 'success', target_user: 'root', command: '/usr/bin/cat /etc/shadow', tty: 'pts/0', pwd: '/home/deploy', service: 'sudo' },
    });
    expect(at(11)).toMatchObject({ user: 'intern', fields: { event: 'sudo_denied', action: 'failure', reason: '3 incorrect password attempts', command: '/bin/bash' } });
  });

  it('reads su in both wordings', () => {
    expect(at(12)).toMatchObject({ user: 'intern', fields: { event: 'su', action: 'failure', target_user: 'root', tty: 'pts/1' } });
    expect(at(13)).toMatchObject({ user: 'deploy', fields: { event: 'su', action: 'success', target_user: 'root' } });
  });

  it('unwraps repeated messages', () => {
    expect(at(16)).toMatchObject({ user: 'root', fields: { event: 'failed', repeated: 3, src_ip: '203.0.113.9' } });
  });

  it('keeps other daemon lines as syslog log events', () => {
    expect(at(14)).toMatchObject({ kind: 'authentication', fields: { event: 'disconnected', src_ip: '10.20.4.17' } });
    expect(at(17)).toMatchObject({ kind: 'log', user: '', fields: { program: 'systemd', pid: '1', message: 'Started Session 42 of user deploy.' } });
    expect(at(17).message).toBe('Nov  3 22:52:00 bastion systemd[1]: Started Session 42 of user deploy.');
  });

  it('does not take attacker text later in a line for an auth record', async () => {
    const { events: forged } = await parseText('Nov  3 22:41:07 bastion sshd[1]: Bad protocol version identification \'Accepted password for root from 1.2.3.4 port 1\'\n');
    expect(forged[0].kind).toBe('log');
    const { events: wrongProgram } = await parseText('Nov  3 22:41:07 bastion evil[1]: Accepted password for root from 1.2.3.4 port 22 ssh2\n');
    expect(wrongProgram[0].kind).toBe('log');
  });
});
