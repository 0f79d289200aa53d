import type { EventFields } from '../../../../events';
import type { AppEvent, FlowEndpoints, PacketRef, StreamPayload } from '../../segment';
import type { ContentAwareModule } from '../composite';
import { clientFlow, usesPort } from '../flow';
import { MAX_WAITING_COMMANDS_PER_CONVERSATION } from '../limits';
import { ConversationDissector } from '../protocol-dissector';
import { LineReader, clientIsInitiator, replyLine, startsWithText } from './lines';

export const FTP_PORTS: ReadonlySet<number> = new Set([21]);

/** Commands whose argument is a secret: never stored, only that one was sent. */
const SECRET_COMMANDS = new Set(['PASS', 'ACCT']);

interface Command {
  command: string;
  arg: string;
  packet: PacketRef;
}

class FtpConversation {
  readonly client = new LineReader();
  readonly server = new LineReader();
  readonly waiting: Command[] = [];
  user = '';
  readonly clientIsInitiator: boolean;
  /** The conversation's endpoints, client first. */
  readonly flow: FlowEndpoints;

  constructor(first: StreamPayload) {
    this.clientIsInitiator = clientIsInitiator(first);
    this.flow = clientFlow(first.flow, this.clientIsInitiator);
  }

  event(command: Command, reply: { code: number; text: string } | undefined, packet: PacketRef): AppEvent {
    const fields: EventFields = { command: command.command, user: this.user };
    if (SECRET_COMMANDS.has(command.command)) fields.password_seen = true;
    else fields.arg = command.arg;
    if (reply) {
      fields.reply_code = reply.code;
      fields.reply_msg = reply.text;
    }
    const shown = SECRET_COMMANDS.has(command.command) ? ' ****' : command.arg ? ` ${command.arg}` : '';
    return { kind: 'ftp', packet, message: `FTP ${command.command}${shown}${reply ? ` -> ${reply.code}` : ''}`, fields, flow: this.flow };
  }
}

class FtpDissector extends ConversationDissector<FtpConversation> {
  protected open(first: StreamPayload): FtpConversation {
    return new FtpConversation(first);
  }

  protected read(conversation: FtpConversation, chunk: StreamPayload): AppEvent[] {
    const fromClient = chunk.fromInitiator === conversation.clientIsInitiator;
    const events: AppEvent[] = [];
    if (fromClient) {
      for (const line of conversation.client.lines(chunk.payload, chunk.gap)) {
        const match = /^([A-Za-z]{3,4})(?: (.*))?$/.exec(line);
        if (!match) continue;
        const command = { command: match[1].toUpperCase(), arg: match[2] ?? '', packet: chunk.packet };
        if (command.command === 'USER') conversation.user = command.arg;
        if (conversation.waiting.length >= MAX_WAITING_COMMANDS_PER_CONVERSATION) events.push(conversation.event(conversation.waiting.shift() as Command, undefined, chunk.packet));
        conversation.waiting.push(command);
      }
      return events;
    }
    for (const line of conversation.server.lines(chunk.payload, chunk.gap)) {
      const reply = replyLine(line);
      // Only the last line of a multi-line reply (RFC 959 section 4.2) completes the command.
      if (!reply || reply.more) continue;
      const command = conversation.waiting.shift();
      if (command) events.push(conversation.event(command, reply, chunk.packet));
    }
    return events;
  }

  /** Commands still waiting for their replies are reported unanswered. */
  protected close(conversation: FtpConversation): AppEvent[] {
    return conversation.waiting.splice(0).map((command) => conversation.event(command, undefined, command.packet));
  }
}

const FTP_GREETING = /^220[ -].*ftp/i;
const FTP_LOGIN = /^USER \S/;

export const ftpProtocol: ContentAwareModule = {
  name: 'ftp',
  claimsByContent: (first, flow) => flow.proto === 'tcp' && (startsWithText(first, FTP_GREETING) || (usesPort(flow, FTP_PORTS) && startsWithText(first, FTP_LOGIN))),
  claims: (first, flow) => flow.proto === 'tcp' && usesPort(flow, FTP_PORTS) && startsWithText(first, /^(\d{3}[ -]|[A-Za-z]{3,4}( |\r?\n))/),
  create: () => new FtpDissector(),
};
