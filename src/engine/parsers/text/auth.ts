import type { EventFields } from '../../events';

/**
 * Authentication lines of Linux auth/secure logs: OpenSSH (auth2.c / auth.c `auth_log` wording), sudo
 * (plugins/sudoers/logging.c), su (util-linux / shadow), login and pam_unix (modules/pam_unix/support.c). Each pattern
 * is anchored at the start of the message so a quoted attacker string later in a line cannot forge a match.
 */

export interface AuthLine {
  /** `success` or `failure` when the line records an outcome; absent for informational lines. */
  action?: 'success' | 'failure';
  /** Short name of what the line says, for rules and the message (`failed_password`, `sudo_command`...). */
  event: string;
  user?: string;
  fields: EventFields;
}

type Matcher = (match: RegExpExecArray) => AuthLine;

interface AuthPattern {
  /** Programs the pattern applies to; empty = any program (PAM modules log under the calling program). */
  programs: readonly string[];
  pattern: RegExp;
  read: Matcher;
}

const IP = '([0-9A-Fa-f.:]+|[\\w.-]+)';

function network(match: RegExpExecArray, ipGroup: number, portGroup?: number): EventFields {
  const fields: EventFields = {};
  const ip = match[ipGroup];
  if (ip) fields.src_ip = ip;
  if (portGroup !== undefined && match[portGroup]) fields.src_port = match[portGroup];
  return fields;
}

/** `key=value` pairs of a PAM or sudo line (`logname= uid=0 ... rhost=1.2.3.4  user=root`). */
function keyValues(text: string, separator: RegExp): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const part of text.split(separator)) {
    const equals = part.indexOf('=');
    if (equals > 0) pairs[part.slice(0, equals).trim()] = part.slice(equals + 1).trim();
  }
  return pairs;
}

const SSHD = ['sshd'];
const SUDO = ['sudo'];
const SU = ['su'];

const PATTERNS: readonly AuthPattern[] = [
  {
    programs: SSHD,
    pattern: new RegExp(`^Accepted (\\S+) for (.+?) from ${IP} port (\\d+)(?: (\\S+))?`),
    read: (m) => ({ action: 'success', event: 'accepted', user: m[2], fields: { method: m[1], ...network(m, 3, 4) } }),
  },
  {
    programs: SSHD,
    pattern: new RegExp(`^Failed (\\S+) for (invalid user )?(.*?) from ${IP} port (\\d+)`),
    read: (m) => ({
      action: 'failure',
      event: 'failed',
      user: m[3],
      fields: { method: m[1], ...network(m, 4, 5), ...(m[2] ? { invalid_user: true } : {}) },
    }),
  },
  {
    programs: SSHD,
    pattern: new RegExp(`^Invalid user (.*?) from ${IP}(?: port (\\d+))?\\s*$`),
    read: (m) => ({ action: 'failure', event: 'invalid_user', user: m[1], fields: { invalid_user: true, ...network(m, 2, 3) } }),
  },
  {
    programs: SSHD,
    pattern: /^input_userauth_request: invalid user (.*?) \[preauth\]\s*$/,
    read: (m) => ({ action: 'failure', event: 'invalid_user', user: m[1], fields: { invalid_user: true } }),
  },
  {
    programs: SSHD,
    pattern: new RegExp(`^User (\\S+) from ${IP} not allowed because (.+)$`),
    read: (m) => ({ action: 'failure', event: 'user_not_allowed', user: m[1], fields: { reason: m[3], ...network(m, 2) } }),
  },
  {
    programs: SSHD,
    pattern: new RegExp(`^error: maximum authentication attempts exceeded for (invalid user )?(.*?) from ${IP} port (\\d+)`),
    read: (m) => ({
      action: 'failure',
      event: 'max_attempts_exceeded',
      user: m[2],
      fields: { ...network(m, 3, 4), ...(m[1] ? { invalid_user: true } : {}) },
    }),
  },
  {
    programs: SSHD,
    pattern: /^Disconnecting(?: (?:authenticating|invalid) user (\S+) \S+ port \d+)?: Too many authentication failures(?: for (invalid user )?(\S+))?/,
    read: (m) => ({
      action: 'failure',
      event: 'too_many_failures',
      user: m[3] ?? m[1],
      fields: m[2] ? { invalid_user: true } : {},
    }),
  },
  {
    programs: SSHD,
    pattern: new RegExp(
      `^(?:Connection (?:closed|reset) by|Disconnected from)(?: (authenticating|invalid) user (\\S+))? ${IP}(?: port (\\d+))?( \\[preauth\\])?`,
    ),
    read: (m) => ({
      event: 'disconnected',
      user: m[2],
      fields: { ...network(m, 3, 4), ...(m[1] === 'invalid' ? { invalid_user: true } : {}), ...(m[5] ? { preauth: true } : {}) },
    }),
  },
  {
    programs: SSHD,
    pattern: new RegExp(`^(?:error: )?Received disconnect from ${IP}(?: port (\\d+))?:`),
    read: (m) => ({ event: 'disconnected', fields: network(m, 1, 2) }),
  },
  {
    programs: SSHD,
    pattern: new RegExp(`^Connection from ${IP} port (\\d+)`),
    read: (m) => ({ event: 'connection', fields: network(m, 1, 2) }),
  },
  {
    programs: SSHD,
    pattern: new RegExp(`^Did not receive identification string from ${IP}`),
    read: (m) => ({ event: 'no_identification', fields: network(m, 1) }),
  },
  {
    programs: SSHD,
    pattern: /^reverse mapping checking getaddrinfo for (\S+) \[([0-9A-Fa-f.:]+)\] failed/,
    read: (m) => ({ event: 'reverse_mapping_failed', fields: { src_ip: m[2], src_host: m[1] } }),
  },
  {
    programs: [],
    pattern: /^pam_unix\(([^:)]+):auth\): authentication failure;(.*)$/,
    read: (m) => {
      const pairs = keyValues(m[2], /\s+/);
      const fields: EventFields = { service: m[1] };
      if (pairs.rhost) fields.src_ip = pairs.rhost;
      if (pairs.ruser) fields.source_user = pairs.ruser;
      if (pairs.tty) fields.tty = pairs.tty;
      return { action: 'failure', event: 'pam_auth_failure', user: pairs.user || pairs.ruser || undefined, fields };
    },
  },
  {
    programs: [],
    pattern: /^pam_unix\(([^:)]+):auth\): check pass; user unknown/,
    read: (m) => ({ action: 'failure', event: 'pam_user_unknown', fields: { service: m[1] } }),
  },
  {
    programs: [],
    pattern: /^PAM (\d+) more authentication failures?;(.*)$/,
    read: (m) => {
      const pairs = keyValues(m[2], /\s+/);
      const fields: EventFields = { failures: Number(m[1]) };
      if (pairs.rhost) fields.src_ip = pairs.rhost;
      return { action: 'failure', event: 'pam_auth_failure', user: pairs.user || undefined, fields };
    },
  },
  {
    programs: [],
    pattern: /^pam_unix\(([^:)]+):session\): session (opened|closed) for user (\S+?)(?:\(uid=\d+\))?(?: by (\S*?)(?:\(uid=(\d+)\))?)?\s*$/,
    read: (m) => ({
      event: `session_${m[2]}`,
      user: m[3],
      fields: { service: m[1], ...(m[4] ? { source_user: m[4] } : {}) },
    }),
  },
  {
    programs: SUDO,
    pattern: /^\s*(\S+) : (?:((?!(?:TTY|PWD|USER|GROUP|ENV|COMMAND)=)[^;]*?) ; )?((?:TTY|PWD|USER|GROUP|ENV|COMMAND)=.*)$/,
    read: (m) => {
      const pairs = keyValues(m[3], / ; /);
      const problem = m[2];
      const fields: EventFields = {};
      if (pairs.TTY) fields.tty = pairs.TTY;
      if (pairs.PWD) fields.pwd = pairs.PWD;
      if (pairs.USER) fields.target_user = pairs.USER;
      if (pairs.COMMAND) fields.command = pairs.COMMAND;
      if (problem) fields.reason = problem;
      return { action: problem ? 'failure' : 'success', event: problem ? 'sudo_denied' : 'sudo_command', user: m[1], fields };
    },
  },
  {
    programs: SU,
    pattern: /^(FAILED SU|FAILED su|Successful su) (?:\(to (\S+)\)|for (\S+)) (?:by )?(\S+)(?: on (\S+))?/,
    read: (m) => ({
      action: m[1].startsWith('FAILED') ? 'failure' : 'success',
      event: 'su',
      user: m[4],
      fields: { target_user: m[2] ?? m[3], ...(m[5] ? { tty: m[5] } : {}) },
    }),
  },
  {
    programs: SU,
    pattern: /^\(to (\S+)\) (\S+) on (\S+)/,
    read: (m) => ({ action: 'success', event: 'su', user: m[2], fields: { target_user: m[1], tty: m[3] } }),
  },
  {
    programs: ['login'],
    pattern: /^FAILED LOGIN \(\d+\) on '([^']*)' FOR '([^']*)', (.*)$/,
    read: (m) => ({ action: 'failure', event: 'login_failed', user: m[2], fields: { tty: m[1], reason: m[3] } }),
  },
  {
    programs: ['login'],
    pattern: /^ROOT LOGIN\s+ON (\S+)/,
    read: (m) => ({ action: 'success', event: 'login', user: 'root', fields: { tty: m[1] } }),
  },
];

/** The base name of a syslog tag: `/usr/sbin/sshd` and `sshd` are the same program. */
function programName(program: string): string {
  const slash = program.lastIndexOf('/');
  return (slash === -1 ? program : program.slice(slash + 1)).toLowerCase();
}

export function parseAuthMessage(program: string, message: string): AuthLine | null {
  const name = programName(program);
  for (const { programs, pattern, read } of PATTERNS) {
    if (programs.length > 0 && !programs.includes(name)) continue;
    const match = pattern.exec(message);
    if (match) {
      const line = read(match);
      line.fields.service ??= name;
      return line;
    }
  }
  return null;
}
