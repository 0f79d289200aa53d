import type { PacketRef } from '../../segment';
import type { Emit, StubBudget } from './emit';
import { emitNtlmLogon, type NtlmAuthenticate, type NtlmChallenge } from './ntlm';
import { SmbFileTable, smbFields, type Tree } from './smb-files';
import { statusName } from './status';

/**
 * What one SMB connection keeps and logs the same way in both dialects: its trees, its open files, the server's NTLM
 * challenge (whose names go into the logon record), and the tree-connect and file-open records. The dialects differ
 * only in where the fields sit, which `smb1.ts` and `smb2.ts` read.
 */

/** Trees (share connections) remembered per connection. */
export const MAX_SMB_TREES = 256;

/** MS-SMB2 2.2.13 and MS-CIFS 2.2.4.64.1 CreateDisposition: the same values in both dialects. */
const DISPOSITIONS = ['FILE_SUPERSEDE', 'FILE_OPEN', 'FILE_CREATE', 'FILE_OPEN_IF', 'FILE_OVERWRITE', 'FILE_OVERWRITE_IF'];

/** A request waiting for its response; a SESSION_SETUP one carries the client's AUTHENTICATE. */
export interface PendingRequest {
  packet: PacketRef;
  auth?: NtlmAuthenticate;
}

/** What a create request asked for, kept until its response. */
export interface OpenRequest {
  name?: string;
  desiredAccess?: number;
  disposition?: number;
}

/** The handle a successful create response returns, and the file's end of file. */
export interface OpenedFile {
  key: string;
  size: number;
}

export class SmbSession {
  private readonly trees = new Map<number, Tree>();
  readonly files: SmbFileTable;
  /** The last CHALLENGE the server sent in a SESSION_SETUP response. */
  challenge: NtlmChallenge | undefined;

  constructor(
    serverPort: number,
    private readonly emit: Emit,
    budget: StubBudget,
  ) {
    this.files = new SmbFileTable(serverPort, emit, budget);
  }

  logon(auth: NtlmAuthenticate, success: boolean | null, packet: PacketRef): void {
    emitNtlmLogon(this.emit, auth, this.challenge, success, packet);
  }

  treeConnected(treeId: number, tree: Tree, status: number, packet: PacketRef): void {
    if (status === 0 && (this.trees.size < MAX_SMB_TREES || this.trees.has(treeId))) this.trees.set(treeId, tree);
    this.emit('smb', `SMB tree connect ${tree.path}: ${statusName(status)}`, smbFields('SMB::TREE_CONNECT', tree, null, { status: statusName(status) }), packet);
  }

  /** A create response; `opened` is null when it failed. */
  fileOpened(treeId: number, request: OpenRequest, status: number, opened: OpenedFile | null, packet: PacketRef): void {
    const tree = this.trees.get(treeId);
    const name = request.name ?? '';
    if (opened) this.files.open(opened.key, name, tree, opened.size);
    const fields = smbFields('SMB::FILE_OPEN', tree, name, {
      size: opened?.size ?? null,
      status: statusName(status),
      desired_access: `0x${(request.desiredAccess ?? 0).toString(16)}`,
      disposition: DISPOSITIONS[request.disposition ?? -1] ?? null,
    });
    this.emit('smb', `SMB open ${tree?.path ?? ''}\\${name}: ${statusName(status)}`, fields, packet);
  }

  /** The connection ends: logons whose outcome was never seen are logged as such, then the open files. */
  finish(pending: Iterable<PendingRequest>): void {
    for (const waiting of pending) if (waiting.auth) this.logon(waiting.auth, null, waiting.packet);
    this.files.finish();
  }
}
