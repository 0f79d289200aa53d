import type { EventFields } from '../../../../events';
import type { AppEvent, PacketRef, StreamPayload } from '../../segment';
import type { ContentAwareModule } from '../composite';
import { clientFlow, usesPort } from '../flow';
import { MAX_SMTP_RECIPIENTS } from '../limits';
import { ConversationDissector } from '../protocol-dissector';
import { LineReader, clientIsInitiator, replyLine, startsWithText } from './lines';

export const SMTP_PORTS: ReadonlySet<number> = new Set([25, 587, 2525]);

/** Message headers smtp.log keeps (RFC 5322 section 3.6), by lower-cased name. */
const KEPT_HEADERS: Readonly<Record<string, string>> = {
  subject: 'subject', from: 'from', to: 'to', date: 'date', 'message-id': 'msg_id', 'x-mailer': 'user_agent', 'user-agent': 'user_agent',
};

interface Transaction {
  fields: EventFields;
  recipients: string[];
  /** Where the DATA section is: not yet, in the headers, in the body. */
  data: 'before' | 'headers' | 'body';
  /** The client ended the DATA section; the server's next reply closes the message. */
  sent: boolean;
  packet: PacketRef;
}

/** One SMTP session (RFC 5321): the client's commands and message headers, one `smtp` event per message. */
class SmtpSession {
  readonly client = new LineReader();
  readonly server = new LineReader();
  helo = '';
  authenticated: string | undefined;
  transaction: Transaction | undefined;
  /** After STARTTLS the rest is encrypted. */
  encrypted = false;
  readonly clientIsInitiator: boolean;

  constructor(readonly first: StreamPayload) {
    this.clientIsInitiator = clientIsInitiator(first);
  }

  clientLine(line: string, packet: PacketRef): void {
    const transaction = this.transaction;
    if (transaction && transaction.data !== 'before') {
      if (line === '.') {
        transaction.data = 'before';
        transaction.sent = true;
        return;
      }
      if (transaction.data === 'headers') {
        if (line === '') transaction.data = 'body';
        else {
          const header = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
          const name = header ? KEPT_HEADERS[header[1].toLowerCase()] : undefined;
          if (header && name && transaction.fields[name] === undefined) transaction.fields[name] = header[2];
        }
      }
      return;
    }
    const [verb, ...rest] = line.split(' ');
    const argument = rest.join(' ');
    switch (verb.toUpperCase()) {
      case 'HELO':
      case 'EHLO':
        this.helo = argument;
        break;
      case 'AUTH':
        // RFC 4954: the mechanism is kept; credentials that follow (inline or on the next lines) are not.
        this.authenticated = argument.split(' ')[0].toUpperCase();
        break;
      case 'STARTTLS':
        this.encrypted = true;
        break;
      case 'MAIL':
        this.transaction = { fields: { mailfrom: argument.replace(/^FROM:\s*/i, '').split(' ')[0] }, recipients: [], data: 'before', sent: false, packet };
        break;
      case 'RCPT':
        if (this.transaction && this.transaction.recipients.length < MAX_SMTP_RECIPIENTS) this.transaction.recipients.push(argument.replace(/^TO:\s*/i, '').split(' ')[0]);
        break;
      case 'DATA':
        if (this.transaction) this.transaction.data = 'headers';
        break;
    }
  }

  /** The reply that follows the end of DATA (RFC 5321 section 4.1.1.4) completes the message. */
  serverLine(line: string, packet: PacketRef): AppEvent | undefined {
    const reply = replyLine(line);
    const transaction = this.transaction;
    if (!reply || reply.more || !transaction || !transaction.sent) return undefined;
    transaction.fields.last_reply = `${reply.code} ${reply.text}`;
    return this.report(packet);
  }

  report(packet: PacketRef): AppEvent | undefined {
    const transaction = this.transaction;
    this.transaction = undefined;
    if (!transaction) return undefined;
    const fields: EventFields = { helo: this.helo, ...transaction.fields, rcptto: transaction.recipients.join(','), tls: this.encrypted };
    if (this.authenticated) {
      fields.auth_mechanism = this.authenticated;
      fields.password_seen = true;
    }
    const subject = typeof fields.subject === 'string' ? ` "${fields.subject}"` : '';
    return { kind: 'smtp', packet, message: `SMTP ${String(fields.mailfrom)} -> ${String(fields.rcptto)}${subject}`, fields, flow: clientFlow(this.first.flow, this.clientIsInitiator) };
  }
}

class SmtpDissector extends ConversationDissector<SmtpSession> {
  protected open(first: StreamPayload): SmtpSession {
    return new SmtpSession(first);
  }

  protected read(session: SmtpSession, chunk: StreamPayload): AppEvent[] {
    if (session.encrypted) return [];
    const events: AppEvent[] = [];
    if (chunk.fromInitiator === session.clientIsInitiator) {
      for (const line of session.client.lines(chunk.payload, chunk.gap)) session.clientLine(line, chunk.packet);
    } else {
      for (const line of session.server.lines(chunk.payload, chunk.gap)) {
        const event = session.serverLine(line, chunk.packet);
        if (event) events.push(event);
      }
    }
    return events;
  }

  protected close(session: SmtpSession): AppEvent[] {
    const event = session.transaction ? session.report(session.transaction.packet) : undefined;
    return event ? [event] : [];
  }
}

const SMTP_GREETING = /^220[ -].*smtp/i;
const SMTP_HELLO = /^(EHLO|HELO) /i;

export const smtpProtocol: ContentAwareModule = {
  name: 'smtp',
  claimsByContent: (first, flow) => flow.proto === 'tcp' && (startsWithText(first, SMTP_GREETING) || startsWithText(first, SMTP_HELLO)),
  claims: (first, flow) => flow.proto === 'tcp' && usesPort(flow, SMTP_PORTS) && startsWithText(first, /^(\d{3}[ -]|[A-Za-z]{4}( |\r?\n))/),
  create: () => new SmtpDissector(),
};
