import type { EventFields } from '../../../../events';
import type { AppEvent, PacketRef, StreamPayload } from '../../segment';
import type { ContentAwareModule } from '../composite';
import { clientFlow, usesPort } from '../flow';
import { MAX_WAITING_COMMANDS_PER_CONVERSATION } from '../limits';
import { ProtocolDissector } from '../protocol-dissector';
import { LineReader, replyLine, startsWithText } from './lines';

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
  clientIsInitiator: boolean;

  constructor(first: StreamPayload) {
    // The server speaks first (a 220 greeting); a first payload that is a reply came from the server.
    this.clientIsInitiator = startsWithText(first.payload, /^\d{3}[ -]/) ? !first.fromInitiator : first.fromInitiator;
  }

  event(command: Command, reply: { code: number; text: string } | undefined, packet: PacketRef, chunk: StreamPayload): AppEvent {
    const fields: EventFields = { command: command.command, user: this.user };
    if (SECRET_COMMANDS.has(command.command)) fields.password_seen = true;
    else fields.arg = command.arg;
    if (reply) {
      fields.reply_code = reply.code;
      fields.reply_msg = reply.text;
    }
    const shown = SECRET_COMMANDS.has(command.command) ? ' ****' : command.arg ? ` ${command.arg}` : '';
    return { kind: 'ftp', packet, message: `FTP ${command.command}${shown}${reply ? ` -> ${reply.code}` : ''}`, fields, flow: clientFlow(chunk.flow, this.clientIsInitiator) };
  }
}

class FtpDissector extends ProtocolDissector {
  private readonly conversations = new Map<string, { conversation: FtpConversation; chunk: StreamPayload }>();

  payload(chunk: StreamPayload): AppEvent[] {
    let entry = this.conversations.get(chunk.flowKey);
    if (!entry) {
      entry = { conversation: new FtpConversation(chunk), chunk };
      this.conversations.set(chunk.flowKey, entry);
    }
    const { conversation } = entry;
    const fromClient = chunk.fromInitiator === conversation.clientIsInitiator;
    const events: AppEvent[] = [];
    if (fromClient) {
      for (const line of conversation.client.lines(chunk.payload, chunk.gap)) {
        const match = /^([A-Za-z]{3,4})(?: (.*))?$/.exec(line);
        if (!match) continue;
        const command = { command: match[1].toUpperCase(), arg: match[2] ?? '', packet: chunk.packet };
        if (command.command === 'USER') conversation.user = command.arg;
        if (conversation.waiting.length >= MAX_WAITING_COMMANDS_PER_CONVERSATION) events.push(conversation.event(conversation.waiting.shift() as Command, undefined, chunk.packet, chunk));
        conversation.waiting.push(command);
      }
      return events;
    }
    for (const line of conversation.server.lines(chunk.payload, chunk.gap)) {
      const reply = replyLine(line);
      // Only the last line of a multi-line reply (RFC 959 section 4.2) completes the command.
      if (!reply || reply.more) continue;
      const command = conversation.waiting.shift();
      if (command) events.push(conversation.event(command, reply, chunk.packet, chunk));
    }
    return events;
  }

  closeFlow(flowKey: string): AppEvent[] {
    const entry = this.conversations.get(flowKey);
    this.conversations.delete(flowKey);
    return entry ? this.unanswered(entry) : [];
  }

  finish(): AppEvent[] {
    const events = [...this.conversations.values()].flatMap((entry) => this.unanswered(entry));
    this.conversations.clear();
    return events;
  }

  private unanswered({ conversation, chunk }: { conversation: FtpConversation; chunk: StreamPayload }): AppEvent[] {
    return conversation.waiting.splice(0).map((command) => conversation.event(command, undefined, command.packet, chunk));
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
