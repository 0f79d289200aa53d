import { InputError } from '../../../../errors';
import type { PacketRef } from '../../segment';
import { putBounded } from '../flow';
import { clipped, latin1, malformed, need, u16, u32, u64, u8, utf16, withoutNuls } from './bytes';
import type { Emit, StubBudget } from './emit';
import { ntlmTokenIn, type NtlmAuthenticate } from './ntlm';
import type { Tree } from './smb-files';
import { SmbSession, type OpenRequest, type PendingRequest } from './smb-session';

/**
 * SMB1 (MS-CIFS, with the MS-SMB extensions): logons, tree connects, NT_CREATE_ANDX opens, reads and writes, and
 * named-pipe transactions carrying DCE/RPC. AndX commands chain inside one message (MS-CIFS 2.2.3.4); requests wait
 * for their responses by MID.
 */

const HEADER_BYTES = 32;
/** AndX commands followed per message; a chain that loops or runs longer is cut here. */
export const MAX_ANDX_CHAIN = 8;
/** Requests awaiting a response per connection. */
export const MAX_SMB1_PENDING = 1024;

/** MS-CIFS 2.2.2.1 command codes. */
const COMMAND = { close: 0x04, transaction: 0x25, readAndX: 0x2e, writeAndX: 0x2f, sessionSetupAndX: 0x73, treeConnectAndX: 0x75, ntCreateAndX: 0xa2 } as const;
const ANDX_COMMANDS = new Set<number>([COMMAND.readAndX, COMMAND.writeAndX, COMMAND.sessionSetupAndX, COMMAND.treeConnectAndX, COMMAND.ntCreateAndX, 0x74, 0x2d]);
const NO_ANDX = 0xff;
/** MS-CIFS 2.2.3.1: Flags SMB_FLAGS_REPLY, Flags2 SMB_FLAGS2_UNICODE. */
const FLAGS_REPLY = 0x80;
const FLAGS2_UNICODE = 0x8000;
/** MS-CIFS 2.2.5.1: TRANS_TRANSACT_NMPIPE, a pipe write and read in one transaction. */
const TRANSACT_NMPIPE = 0x26;
const STATUS_MORE_PROCESSING_REQUIRED = 0xc0000016;
const SERVICE_SHARE_TYPES: Readonly<Record<string, string>> = { 'A:': 'DISK', IPC: 'PIPE', 'LPT1:': 'PRINT', COMM: 'COMM' };

interface Pending extends PendingRequest, OpenRequest {
  tid: number;
  path?: string;
  fid?: string;
}

/** Where one command of a chain sits: its words and bytes blocks. */
interface Block {
  command: number;
  words: number;
  wordCount: number;
  bytes: number;
  byteCount: number;
}

function blockAt(message: Uint8Array, command: number, offset: number): Block {
  const wordCount = u8(message, offset, 'SMB1 WordCount');
  const words = offset + 1;
  const byteCount = u16(message, words + 2 * wordCount, 'SMB1 ByteCount');
  return { command, words, wordCount, bytes: words + 2 * wordCount + 2, byteCount };
}

/** The message's command blocks, following AndXOffset forward only, so a chain cannot loop. */
function chainOf(message: Uint8Array): Block[] {
  const blocks = [blockAt(message, u8(message, 4, 'SMB1 header Command'), HEADER_BYTES)];
  for (let index = 1; index < MAX_ANDX_CHAIN; index++) {
    const last = blocks[blocks.length - 1];
    if (!ANDX_COMMANDS.has(last.command) || last.wordCount < 2) break;
    const next = u8(message, last.words, 'SMB1 AndXCommand');
    const offset = u16(message, last.words + 2, 'SMB1 AndXOffset');
    if (next === NO_ANDX || offset <= last.words || offset >= message.length) break;
    blocks.push(blockAt(message, next, offset));
  }
  return blocks;
}

export class Smb1Connection {
  private readonly pending = new Map<number, Pending>();
  private readonly session: SmbSession;

  constructor(serverPort: number, emit: Emit, budget: StubBudget) {
    this.session = new SmbSession(serverPort, emit, budget);
  }

  message(message: Uint8Array, packet: PacketRef): void {
    need(message, 0, HEADER_BYTES, 'SMB1 header');
    const reply = (u8(message, 9, 'SMB1 header Flags') & FLAGS_REPLY) !== 0;
    const unicode = (u16(message, 10, 'SMB1 header Flags2') & FLAGS2_UNICODE) !== 0;
    const status = u32(message, 5, 'SMB1 header Status');
    const tid = u16(message, 24, 'SMB1 header TID');
    const mid = u16(message, 30, 'SMB1 header MID');
    const waiting = reply ? this.pending.get(mid) : undefined;
    if (reply && !waiting) return;
    if (reply && status !== STATUS_MORE_PROCESSING_REQUIRED) this.pending.delete(mid);
    const request: Pending = waiting ?? { packet, tid };
    for (const block of chainOf(message)) {
      try {
        if (reply) this.response(message, block, request, status, tid, packet);
        else this.request(message, block, request, unicode, packet);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
      }
      // An error response carries no parameter words (MS-CIFS 2.2.3.4), so the chain ends with it.
      if (reply && status !== 0 && status !== STATUS_MORE_PROCESSING_REQUIRED) break;
    }
    if (!reply) putBounded(this.pending, mid, request, MAX_SMB1_PENDING);
  }

  finish(): void {
    this.session.finish(this.pending.values());
    this.pending.clear();
  }

  private text(message: Uint8Array, offset: number, end: number, unicode: boolean, structure: string): { value: string; next: number } {
    // MS-CIFS 2.2.1.1: Unicode strings start on an even offset from the header and end with two NULs.
    let start = offset;
    if (unicode && start % 2) start++;
    let stop = start;
    const unit = unicode ? 2 : 1;
    while (stop + unit <= end && (message[stop] !== 0 || (unicode && message[stop + 1] !== 0))) stop += unit;
    const value = unicode ? utf16(message, start, stop - start, structure) : latin1(message, start, stop - start, structure);
    return { value, next: stop + unit };
  }

  private request(message: Uint8Array, block: Block, request: Pending, unicode: boolean, packet: PacketRef): void {
    const { words, bytes, byteCount } = block;
    const end = Math.min(message.length, bytes + byteCount);
    switch (block.command) {
      case COMMAND.sessionSetupAndX:
        request.auth = this.sessionSetup(message, block, unicode, end);
        return;
      case COMMAND.treeConnectAndX: {
        // MS-CIFS 2.2.4.55.1: PasswordLength at word 3, the password, then the path.
        const passwordLength = u16(message, words + 6, 'SMB1 TREE_CONNECT_ANDX');
        request.path = this.text(message, bytes + passwordLength, end, unicode, 'SMB1 TREE_CONNECT_ANDX path').value;
        return;
      }
      case COMMAND.ntCreateAndX:
        // MS-CIFS 2.2.4.64.1: DesiredAccess at 15, CreateDisposition at 35 of the words; the name in the bytes, kept
        // without the leading `\` SMB1 clients send, as SMB2 names come.
        request.desiredAccess = u32(message, words + 15, 'SMB1 NT_CREATE_ANDX');
        request.disposition = u32(message, words + 35, 'SMB1 NT_CREATE_ANDX');
        request.name = this.text(message, bytes, end, unicode, 'SMB1 NT_CREATE_ANDX name').value.replace(/^\\/, '');
        return;
      case COMMAND.writeAndX: {
        // MS-CIFS 2.2.4.43.1: FID 4, DataLength 20, DataOffset 22 (from the header).
        const fid = String(u16(message, words + 4, 'SMB1 WRITE_ANDX'));
        const length = u16(message, words + 20, 'SMB1 WRITE_ANDX');
        const offset = u16(message, words + 22, 'SMB1 WRITE_ANDX');
        this.session.files.write(fid, clipped(message, offset, length), length, packet);
        return;
      }
      case COMMAND.readAndX:
        request.fid = String(u16(message, words + 4, 'SMB1 READ_ANDX'));
        return;
      case COMMAND.transaction: {
        // MS-CIFS 2.2.4.33.1: DataCount 22, DataOffset 24, SetupCount 26, Setup words from 28.
        if (u8(message, words + 26, 'SMB1 TRANSACTION') < 2 || u16(message, words + 28, 'SMB1 TRANSACTION') !== TRANSACT_NMPIPE) return;
        const fid = String(u16(message, words + 30, 'SMB1 TRANSACTION FID'));
        const count = u16(message, words + 22, 'SMB1 TRANSACTION');
        const offset = u16(message, words + 24, 'SMB1 TRANSACTION');
        this.session.files.write(fid, clipped(message, offset, count), count, packet);
        request.fid = fid;
        return;
      }
      case COMMAND.close:
        this.session.files.close(String(u16(message, words, 'SMB1 CLOSE FID')));
        return;
      default:
        return;
    }
  }

  /**
   * MS-SMB 2.2.4.6.1 (12 words: extended security, an SPNEGO/NTLMSSP blob) or MS-CIFS 2.2.4.53.1 (13 words: LM and
   * NT responses in clear, then account and domain names). The second is how NTLMv1 and null sessions look.
   */
  private sessionSetup(message: Uint8Array, block: Block, unicode: boolean, end: number): NtlmAuthenticate | undefined {
    const { words, bytes } = block;
    if (block.wordCount === 12) {
      const blob = message.subarray(bytes, Math.min(end, bytes + u16(message, words + 14, 'SMB1 SESSION_SETUP_ANDX')));
      const token = ntlmTokenIn(blob);
      return token?.type === 3 ? token : undefined;
    }
    if (block.wordCount !== 13) return undefined;
    const lmLength = u16(message, words + 14, 'SMB1 SESSION_SETUP_ANDX');
    const ntLength = u16(message, words + 16, 'SMB1 SESSION_SETUP_ANDX');
    const account = this.text(message, bytes + lmLength + ntLength, end, unicode, 'SMB1 AccountName');
    const domain = this.text(message, account.next, end, unicode, 'SMB1 PrimaryDomain');
    return { type: 3, username: withoutNuls(account.value), domainname: withoutNuls(domain.value), hostname: '', lmResponseLength: lmLength, ntResponseLength: ntLength };
  }

  private response(message: Uint8Array, block: Block, waiting: Pending, status: number, tid: number, packet: PacketRef): void {
    const { words, bytes, byteCount } = block;
    switch (block.command) {
      case COMMAND.sessionSetupAndX: {
        if (block.wordCount === 4) {
          // MS-SMB 2.2.4.6.2: SecurityBlobLength at word 3.
          const blob = clipped(message, bytes, u16(message, words + 6, 'SMB1 SESSION_SETUP_ANDX'));
          const token = ntlmTokenIn(blob);
          if (token?.type === 2) this.session.challenge = token;
        }
        if (waiting.auth && status !== STATUS_MORE_PROCESSING_REQUIRED) {
          this.session.logon(waiting.auth, status === 0, packet);
          waiting.auth = undefined;
        }
        return;
      }
      case COMMAND.treeConnectAndX: {
        const service = status === 0 ? withoutNuls(latin1(message, bytes, Math.min(byteCount, message.length - bytes), 'SMB1 TREE_CONNECT_ANDX Service')) : '';
        const tree: Tree = { path: waiting.path ?? '', shareType: SERVICE_SHARE_TYPES[service] ?? 'UNKNOWN' };
        this.session.treeConnected(tid, tree, status, packet);
        return;
      }
      case COMMAND.ntCreateAndX: {
        // MS-CIFS 2.2.4.64.2: FID at 5, EndOfFile at 55 of the words.
        const opened = status === 0
          ? { key: String(u16(message, words + 5, 'SMB1 NT_CREATE_ANDX FID')), size: u64(message, words + 55, 'SMB1 NT_CREATE_ANDX EndOfFile') }
          : null;
        this.session.fileOpened(tid, waiting, status, opened, packet);
        return;
      }
      case COMMAND.readAndX: {
        // MS-CIFS 2.2.4.42.2: DataLength 10, DataOffset 12.
        if (!waiting.fid || status !== 0 && status !== 0x80000005) return;
        const length = u16(message, words + 10, 'SMB1 READ_ANDX');
        const offset = u16(message, words + 12, 'SMB1 READ_ANDX');
        this.session.files.read(waiting.fid, clipped(message, offset, length), length, packet);
        return;
      }
      case COMMAND.transaction: {
        // MS-CIFS 2.2.4.33.2: DataCount 12, DataOffset 14.
        if (!waiting.fid) return;
        if (status !== 0 && status !== 0x80000005) {
          this.session.files.resync(waiting.fid);
          return;
        }
        const count = u16(message, words + 12, 'SMB1 TRANSACTION');
        const offset = u16(message, words + 14, 'SMB1 TRANSACTION');
        if (offset > message.length) throw malformed('SMB1 TRANSACTION', words + 14, 'DataOffset past the message');
        this.session.files.read(waiting.fid, clipped(message, offset, count), count, packet);
        return;
      }
      default:
        return;
    }
  }
}
