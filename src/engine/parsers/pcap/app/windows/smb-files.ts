import type { EventFields } from '../../../../events';
import type { PacketRef } from '../../segment';
import { RpcAssociation } from './dcerpc';
import type { Emit, StubBudget } from './emit';

/**
 * Open files and pipes of one SMB connection (SMB1 FIDs or SMB2 FileIds), shared by both dialects. Reads and writes
 * are summed per open and logged once when it closes, as one smb_files.log line per action rather than one per
 * 64 KiB block; a named pipe instead carries a DCE/RPC association.
 */

/** Opens tracked per connection; past it the oldest is closed (logged) to make room. */
export const MAX_SMB_OPEN_FILES = 1024;

export interface Tree {
  /** `\\server\share` as the client asked for it. */
  path: string;
  /** smb_mapping.log `share_type`: DISK, PIPE or PRINT. */
  shareType: string;
}

interface OpenFile {
  name: string;
  tree: Tree | undefined;
  rpc: RpcAssociation | null;
  size: number | null;
  written: number;
  lastWrite: PacketRef | null;
  read: number;
  lastRead: PacketRef | null;
}

export function isPipeTree(tree: Tree | undefined): boolean {
  return tree?.shareType === 'PIPE' || /\\IPC\$$/i.test(tree?.path ?? '');
}

export function smbFields(action: string, tree: Tree | undefined, name: string | null, extra: EventFields = {}): EventFields {
  return { action, path: tree?.path ?? null, share_type: tree?.shareType ?? null, name, ...extra };
}

export class SmbFileTable {
  private readonly files = new Map<string, OpenFile>();

  constructor(
    private readonly serverPort: number,
    private readonly emit: Emit,
    private readonly budget: StubBudget,
  ) {}

  open(key: string, name: string, tree: Tree | undefined, size: number | null): void {
    if (this.files.has(key)) this.close(key);
    if (this.files.size >= MAX_SMB_OPEN_FILES) this.close(this.files.keys().next().value as string);
    const pipeName = name.replace(/^\\+/, '').replace(/^pipe\\/i, '');
    const rpc = isPipeTree(tree) ? new RpcAssociation(pipeName, this.serverPort, this.emit, this.budget) : null;
    this.files.set(key, { name, tree, rpc, size, written: 0, lastWrite: null, read: 0, lastRead: null });
  }

  /** Bytes the client wrote: DCE/RPC for a pipe, else counted. */
  write(key: string, data: Uint8Array, length: number, packet: PacketRef): void {
    const file = this.files.get(key);
    if (!file) return;
    if (file.rpc) file.rpc.data(true, data, packet);
    else {
      file.written += length;
      file.lastWrite = packet;
    }
  }

  read(key: string, data: Uint8Array, length: number, packet: PacketRef): void {
    const file = this.files.get(key);
    if (!file) return;
    if (file.rpc) file.rpc.data(false, data, packet);
    else {
      file.read += length;
      file.lastRead = packet;
    }
  }

  /** A pipe transaction whose request part was not captured whole: start DCE/RPC framing afresh. */
  resync(key: string): void {
    const rpc = this.files.get(key)?.rpc;
    rpc?.gap(true);
    rpc?.gap(false);
  }

  describe(key: string): { name: string; tree: Tree | undefined } | undefined {
    const file = this.files.get(key);
    return file && { name: file.name, tree: file.tree };
  }

  close(key: string): void {
    const file = this.files.get(key);
    if (!file) return;
    this.files.delete(key);
    if (file.rpc) {
      file.rpc.finish();
      return;
    }
    if (file.lastWrite) this.transfer('SMB::FILE_WRITE', file, file.written, file.lastWrite);
    if (file.lastRead) this.transfer('SMB::FILE_READ', file, file.read, file.lastRead);
  }

  finish(): void {
    for (const key of [...this.files.keys()]) this.close(key);
  }

  private transfer(action: string, file: OpenFile, bytes: number, packet: PacketRef): void {
    const verb = action === 'SMB::FILE_WRITE' ? 'wrote' : 'read';
    this.emit('smb', `SMB ${verb} ${bytes} bytes of ${file.tree?.path ?? ''}\\${file.name}`, smbFields(action, file.tree, file.name, { size: file.size, bytes }), packet);
  }
}
