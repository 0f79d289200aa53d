import { InputError } from '../../../../errors';
import type { PacketRef } from '../../segment';
import { putBounded } from '../flow';
import { clipped, hex, malformed, need, u16, u32, u64, u8, utf16 } from './bytes';
import type { Emit, StubBudget } from './emit';
import { ntlmTokenIn } from './ntlm';
import { smbFields } from './smb-files';
import { SmbSession, type OpenRequest, type PendingRequest } from './smb-session';
import { isErrorStatus } from './status';

/**
 * SMB 2 and 3 (MS-SMB2): the commands that say who connected to which share and opened, wrote, renamed or deleted
 * what, and the named-pipe I/O that carries DCE/RPC. Requests wait by MessageId for their responses, which carry
 * the status, the TreeId and the FileId.
 */

/** MS-SMB2 2.2.1: the header before every command. */
const HEADER_BYTES = 64;
/** Commands in one compound message (MS-SMB2 3.2.4.1.4); real clients chain three or four. */
export const MAX_SMB2_COMPOUND = 32;
/** Requests awaiting a response per connection; past it the oldest is forgotten. */
export const MAX_SMB2_PENDING = 1024;

/** MS-SMB2 2.2.1.2 Command. */
const COMMAND = { sessionSetup: 1, treeConnect: 3, create: 5, close: 6, read: 8, write: 9, ioctl: 11, setInfo: 17 } as const;
/** MS-SMB2 2.2.1.2 Flags. */
const FLAG_SERVER_TO_REDIR = 0x1;
const FLAG_ASYNC = 0x2;
/** MS-FSCC 2.3: the pipe transaction a DCE/RPC client uses for request + response in one round trip. */
const FSCTL_PIPE_TRANSCEIVE = 0x0011c017;
/** MS-SMB2 2.2.10 ShareType. */
const SHARE_TYPES: Readonly<Record<number, string>> = { 1: 'DISK', 2: 'PIPE', 3: 'PRINT' };
/** MS-FSCC 2.4: FileRenameInformation and FileDispositionInformation, set through SET_INFO of InfoType FILE (1). */
const FILE_RENAME_INFORMATION = 10;
const FILE_DISPOSITION_INFORMATION = 13;
const STATUS_MORE_PROCESSING_REQUIRED = 0xc0000016;

interface Pending extends PendingRequest, OpenRequest {
  command: number;
  treeId: number;
  path?: string;
  fileKey?: string;
}

export class Smb2Connection {
  private readonly pending = new Map<string, Pending>();
  private readonly session: SmbSession;

  constructor(
    serverPort: number,
    private readonly emit: Emit,
    budget: StubBudget,
  ) {
    this.session = new SmbSession(serverPort, emit, budget);
  }

  /**
   * One NetBIOS session message starting with `\xFESMB`: one command or a compound chain of them. A related
   * command's FileId of all ones (MS-SMB2 3.2.4.1.4) names the open created earlier in the chain; such reads and
   * writes are not attributed, since chains that carry data through them (CREATE+WRITE+CLOSE) are rare.
   */
  message(bytes: Uint8Array, packet: PacketRef): void {
    let start = 0;
    for (let index = 0; index < MAX_SMB2_COMPOUND; index++) {
      const next = u32(bytes, start + 20, 'SMB2 header NextCommand');
      const end = next === 0 ? bytes.length : start + next;
      if (next !== 0 && (next < HEADER_BYTES || next % 8 !== 0 || end > bytes.length)) return;
      try {
        this.command(bytes.subarray(start, end), packet);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
      }
      if (next === 0) return;
      start = end;
    }
  }

  finish(): void {
    this.session.finish(this.pending.values());
    this.pending.clear();
  }

  private command(message: Uint8Array, packet: PacketRef): void {
    need(message, 0, HEADER_BYTES, 'SMB2 header');
    if (message[0] !== 0xfe || message[1] !== 0x53 || message[2] !== 0x4d || message[3] !== 0x42) throw malformed('SMB2 header', 0, 'no \\xFESMB ProtocolId');
    if (u16(message, 4, 'SMB2 header StructureSize') !== HEADER_BYTES) throw malformed('SMB2 header', 4, 'StructureSize is not 64');
    const command = u16(message, 12, 'SMB2 header Command');
    const flags = u32(message, 16, 'SMB2 header Flags');
    const messageId = hex(message, 24, 8, 'SMB2 header MessageId');
    const treeId = flags & FLAG_ASYNC ? 0 : u32(message, 36, 'SMB2 header TreeId');
    if (flags & FLAG_SERVER_TO_REDIR) {
      const waiting = this.pending.get(messageId);
      const status = u32(message, 8, 'SMB2 header Status');
      // An interim STATUS_PENDING response is followed by the real one under the same MessageId.
      if (!waiting || status === 0x103) return;
      if (status !== STATUS_MORE_PROCESSING_REQUIRED || waiting.command !== COMMAND.sessionSetup) this.pending.delete(messageId);
      this.response(message, waiting, status, treeId, packet);
      return;
    }
    this.request(message, command, messageId, treeId, packet);
  }

  private remember(messageId: string, pending: Pending): void {
    putBounded(this.pending, messageId, pending, MAX_SMB2_PENDING);
  }

  private request(message: Uint8Array, command: number, messageId: string, treeId: number, packet: PacketRef): void {
    const body = HEADER_BYTES;
    const base: Pending = { command, packet, treeId };
    switch (command) {
      case COMMAND.sessionSetup: {
        // MS-SMB2 2.2.5: SecurityBufferOffset/Length at 12/14 of the body, offsets from the header start.
        const auth = this.ntlm(message, u16(message, body + 12, 'SMB2 SESSION_SETUP'), u16(message, body + 14, 'SMB2 SESSION_SETUP'));
        this.remember(messageId, auth?.type === 3 ? { ...base, auth } : base);
        return;
      }
      case COMMAND.treeConnect: {
        // MS-SMB2 2.2.9: PathOffset/PathLength at 4/6.
        const path = utf16(message, u16(message, body + 4, 'SMB2 TREE_CONNECT'), u16(message, body + 6, 'SMB2 TREE_CONNECT'), 'SMB2 TREE_CONNECT path');
        this.remember(messageId, { ...base, path });
        return;
      }
      case COMMAND.create: {
        // MS-SMB2 2.2.13: DesiredAccess 24, CreateDisposition 36, NameOffset 44, NameLength 46.
        const nameLength = u16(message, body + 46, 'SMB2 CREATE');
        const name = nameLength === 0 ? '' : utf16(message, u16(message, body + 44, 'SMB2 CREATE'), nameLength, 'SMB2 CREATE name');
        const desiredAccess = u32(message, body + 24, 'SMB2 CREATE');
        this.remember(messageId, { ...base, name, desiredAccess, disposition: u32(message, body + 36, 'SMB2 CREATE') });
        return;
      }
      case COMMAND.write: {
        // MS-SMB2 2.2.21: DataOffset 2, Length 4, FileId 16.
        const fileKey = hex(message, body + 16, 16, 'SMB2 WRITE FileId');
        const length = u32(message, body + 4, 'SMB2 WRITE');
        const offset = u16(message, body + 2, 'SMB2 WRITE');
        this.session.files.write(fileKey, clipped(message, offset, length), length, packet);
        return;
      }
      case COMMAND.read:
        // MS-SMB2 2.2.19: FileId 16; the data comes back in the response.
        this.remember(messageId, { ...base, fileKey: hex(message, body + 16, 16, 'SMB2 READ FileId') });
        return;
      case COMMAND.ioctl: {
        // MS-SMB2 2.2.31: CtlCode 4, FileId 8, InputOffset 24, InputCount 28.
        if (u32(message, body + 4, 'SMB2 IOCTL') !== FSCTL_PIPE_TRANSCEIVE) return;
        const fileKey = hex(message, body + 8, 16, 'SMB2 IOCTL FileId');
        const input = clipped(message, u32(message, body + 24, 'SMB2 IOCTL'), u32(message, body + 28, 'SMB2 IOCTL'));
        this.session.files.write(fileKey, input, input.length, packet);
        this.remember(messageId, { ...base, fileKey });
        return;
      }
      case COMMAND.close:
        // MS-SMB2 2.2.15: FileId 8.
        this.session.files.close(hex(message, body + 8, 16, 'SMB2 CLOSE FileId'));
        return;
      case COMMAND.setInfo:
        this.setInfo(message, packet);
        return;
      default:
        return;
    }
  }

  private response(message: Uint8Array, waiting: Pending, status: number, treeId: number, packet: PacketRef): void {
    const body = HEADER_BYTES;
    switch (waiting.command) {
      case COMMAND.sessionSetup: {
        // MS-SMB2 2.2.6: SecurityBufferOffset/Length at 4/6; the CHALLENGE comes with MORE_PROCESSING_REQUIRED.
        const token = isErrorStatus(status) && status !== STATUS_MORE_PROCESSING_REQUIRED ? undefined : this.ntlm(message, u16(message, body + 4, 'SMB2 SESSION_SETUP'), u16(message, body + 6, 'SMB2 SESSION_SETUP'));
        if (token?.type === 2) this.session.challenge = token;
        if (waiting.auth && status !== STATUS_MORE_PROCESSING_REQUIRED) this.session.logon(waiting.auth, status === 0, packet);
        return;
      }
      case COMMAND.treeConnect: {
        const shareType = status === 0 ? (SHARE_TYPES[u8(message, body + 2, 'SMB2 TREE_CONNECT ShareType')] ?? 'UNKNOWN') : 'UNKNOWN';
        this.session.treeConnected(treeId, { path: waiting.path ?? '', shareType }, status, packet);
        return;
      }
      case COMMAND.create: {
        // MS-SMB2 2.2.14 CREATE response: EndofFile 48, FileId 64.
        const opened = status === 0
          ? { key: hex(message, body + 64, 16, 'SMB2 CREATE FileId'), size: u64(message, body + 48, 'SMB2 CREATE EndofFile') }
          : null;
        this.session.fileOpened(waiting.treeId, waiting, status, opened, packet);
        return;
      }
      case COMMAND.read: {
        // MS-SMB2 2.2.20: DataOffset (1 byte) 2, DataLength 4. BUFFER_OVERFLOW still carries the first part.
        if (!waiting.fileKey || (isErrorStatus(status) && status !== 0x80000005)) return;
        const length = u32(message, body + 4, 'SMB2 READ');
        this.session.files.read(waiting.fileKey, clipped(message, u8(message, body + 2, 'SMB2 READ'), length), length, packet);
        return;
      }
      case COMMAND.ioctl: {
        // MS-SMB2 2.2.32: OutputOffset 32, OutputCount 36.
        if (!waiting.fileKey) return;
        if (isErrorStatus(status)) {
          this.session.files.resync(waiting.fileKey);
          return;
        }
        const output = clipped(message, u32(message, body + 32, 'SMB2 IOCTL'), u32(message, body + 36, 'SMB2 IOCTL'));
        this.session.files.read(waiting.fileKey, output, output.length, packet);
        return;
      }
      default:
        return;
    }
  }

  /** MS-SMB2 2.2.39 SET_INFO: InfoType 2, FileInfoClass 3, BufferLength 4, BufferOffset 8, FileId 16. */
  private setInfo(message: Uint8Array, packet: PacketRef): void {
    const body = HEADER_BYTES;
    if (u8(message, body + 2, 'SMB2 SET_INFO') !== 1) return;
    const infoClass = u8(message, body + 3, 'SMB2 SET_INFO');
    const file = this.session.files.describe(hex(message, body + 16, 16, 'SMB2 SET_INFO FileId'));
    if (!file) return;
    const buffer = clipped(message, u16(message, body + 8, 'SMB2 SET_INFO'), u32(message, body + 4, 'SMB2 SET_INFO'));
    if (infoClass === FILE_DISPOSITION_INFORMATION && buffer[0] === 1) {
      this.emit('smb', `SMB delete ${file.tree?.path ?? ''}\\${file.name}`, smbFields('SMB::FILE_DELETE', file.tree, file.name), packet);
    } else if (infoClass === FILE_RENAME_INFORMATION) {
      // MS-FSCC 2.4.37.2: FileNameLength at 16, FileName at 20 (SMB2 form with an 8-byte RootDirectory).
      const newName = utf16(buffer, 20, u32(buffer, 16, 'FileRenameInformation'), 'FileRenameInformation');
      this.emit('smb', `SMB rename ${file.name} to ${newName}`, smbFields('SMB::FILE_RENAME', file.tree, newName, { prev_name: file.name }), packet);
    }
  }

  private ntlm(message: Uint8Array, offset: number, length: number) {
    if (length === 0) return undefined;
    return ntlmTokenIn(clipped(message, offset, length));
  }
}
