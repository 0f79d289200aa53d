import type { AppEvent } from '../../segment';
import type { ContentAwareModule } from '../composite';
import { ProtocolDissector } from '../protocol-dissector';
import { startsWithText } from './lines';

/**
 * What an interactive command interpreter writes first when its standard streams are a socket: the cmd.exe banner or
 * a drive-letter prompt, or the complaints of a Unix shell that has no terminal. Telnet and SSH never start this way
 * (option negotiation, version string), so a conversation that does is a bind or reverse shell.
 */
const SHELL_START = new RegExp(
  [
    String.raw`^(?:\r?\n)*Microsoft Windows \[Version \d`,
    String.raw`^(?:\r?\n)*[A-Za-z]:\\[^\r\n<>|"]{0,200}>\s*$`,
    String.raw`^(?:\r?\n)*(?:ba|z|k)?sh: (?:no job control|cannot set terminal process group|can't access tty)`,
  ].join('|'),
);

/** Reading the session adds nothing rules use: the recognised service on the conversation is the finding. */
class ShellDissector extends ProtocolDissector {
  payload(): AppEvent[] {
    return [];
  }
  closeFlow(): AppEvent[] {
    return [];
  }
  finish(): AppEvent[] {
    return [];
  }
}

export const shellProtocol: ContentAwareModule = {
  name: 'shell',
  claimsByContent: (first, flow) => flow.proto === 'tcp' && startsWithText(first, SHELL_START),
  claims: (first, flow) => flow.proto === 'tcp' && startsWithText(first, SHELL_START),
  create: () => new ShellDissector(),
};
