import { describe, expect, it } from 'vitest';
import { windowsProtocols } from '../../../src/engine/parsers/pcap/app/windows';
import { ascii, concat, Conversation, le16, le32, le64, netbios, rpcBind, rpcRequest, rpcResponse, utf16, zeros } from './builders';

/** MS-CIFS 2.2.3.1 header, Unicode and NT status flags set; then one command block (words, bytes). */
function smb1(command: number, mid: number, words: Uint8Array, bytes: Uint8Array, options: { reply?: boolean; status?: number; tid?: number } = {}): Uint8Array {
  const header = concat(new Uint8Array([0xff, 0x53, 0x4d, 0x42, command]), le32(options.status ?? 0), new Uint8Array([options.reply ? 0x98 : 0x18]),
    le16(0xc807), le16(0), zeros(8), le16(0), le16(options.tid ?? 0), le16(0xfeff), le16(0x800), le16(mid));
  return concat(header, new Uint8Array([words.length / 2]), words, le16(bytes.length), bytes);
}

const NO_ANDX = concat(new Uint8Array([0xff, 0]), le16(0));
const SVCCTL = '367abb81-9844-35f1-ad32-98f038001003';

/** MS-CIFS 2.2.4.53.1: 13 words, LM and NT responses in the clear, then account and domain (Unicode, padded even). */
function sessionSetupNull(mid: number): Uint8Array {
  const words = concat(NO_ANDX, le16(4356), le16(2), le16(0), le32(0), le16(0), le16(0), le32(0), le32(0x40));
  // Bytes start at header 32 + WordCount 1 + 26 + ByteCount 2 = 61 (odd): one pad byte aligns the Unicode names.
  return smb1(0x73, mid, words, concat(zeros(1), utf16(''), zeros(2), utf16(''), zeros(2)));
}

function treeConnect(mid: number, path: string): Uint8Array {
  const words = concat(NO_ANDX, le16(0), le16(1));
  return smb1(0x75, mid, words, concat(zeros(1), utf16(path), zeros(2), ascii('?????'), zeros(1)));
}

function treeConnectReply(mid: number, tid: number, service: string): Uint8Array {
  return smb1(0x75, mid, concat(NO_ANDX, le16(1)), concat(ascii(service), zeros(1)), { reply: true, tid });
}

function ntCreate(mid: number, tid: number, name: string): Uint8Array {
  const words = concat(NO_ANDX, new Uint8Array([0]), le16(name.length * 2), le32(0), le32(0), le32(0x2019f), le64(0), le32(0), le32(3), le32(1), le32(0), le32(2), new Uint8Array([0]));
  return smb1(0xa2, mid, words, concat(zeros(1), utf16(name), zeros(2)), { tid });
}

function ntCreateReply(mid: number, tid: number, fid: number): Uint8Array {
  const words = concat(NO_ANDX, new Uint8Array([0]), le16(fid), le32(1), zeros(32), le32(0x80), le64(0), le64(4096), le16(2), le16(0), new Uint8Array([0]));
  return smb1(0xa2, mid, words, new Uint8Array(0), { reply: true, tid });
}

/** MS-CIFS 2.2.4.33.1 TRANS_TRANSACT_NMPIPE: setup words 0x26 and the FID; the pipe data at DataOffset. */
function transactNmPipe(mid: number, tid: number, fid: number, data: Uint8Array): Uint8Array {
  const name = concat(utf16('\\PIPE\\'), zeros(2));
  const wordsLength = 2 * 16;
  const dataOffset = 32 + 1 + wordsLength + 2 + 1 + name.length;
  const words = concat(le16(0), le16(data.length), le16(0), le16(1024), new Uint8Array([0, 0]), le16(0), le32(0), le16(0), le16(0), le16(dataOffset),
    le16(data.length), le16(dataOffset), new Uint8Array([2, 0]), le16(0x26), le16(fid));
  return smb1(0x25, mid, words, concat(zeros(1), name, data), { tid });
}

function transactNmPipeReply(mid: number, tid: number, data: Uint8Array): Uint8Array {
  const wordsLength = 2 * 10;
  const dataOffset = 32 + 1 + wordsLength + 2 + 1;
  const words = concat(le16(0), le16(data.length), le16(0), le16(0), le16(dataOffset), le16(0), le16(data.length), le16(dataOffset), le16(0), new Uint8Array([0, 0]));
  return smb1(0x25, mid, words, concat(zeros(1), data), { reply: true, tid });
}

describe('SMB1', () => {
  it('reports a null session logon as anonymous', () => {
    const conversation = new Conversation(windowsProtocols.create());
    conversation.client(netbios(sessionSetupNull(1)));
    conversation.server(netbios(smb1(0x73, 1, concat(NO_ANDX, le16(0)), new Uint8Array(0), { reply: true })));
    expect(conversation.of('ntlm')[0].fields).toMatchObject({ username: '', anonymous: true, success: true, ntlm_version: null });
  });

  it('follows a tree connect, a pipe open and a DCE/RPC transaction on it', () => {
    const conversation = new Conversation(windowsProtocols.create());
    conversation.client(netbios(treeConnect(2, '\\\\FS01\\IPC$')));
    conversation.server(netbios(treeConnectReply(2, 0x800, 'IPC')));
    conversation.client(netbios(ntCreate(3, 0x800, '\\svcctl')));
    conversation.server(netbios(ntCreateReply(3, 0x800, 0x4001)));
    conversation.client(netbios(transactNmPipe(4, 0x800, 0x4001, rpcBind(1, [{ id: 0, uuid: SVCCTL, version: 2 }]))));
    conversation.client(netbios(transactNmPipe(5, 0x800, 0x4001, rpcRequest(2, 0, 15, zeros(24)))));
    conversation.server(netbios(transactNmPipeReply(5, 0x800, rpcResponse(2, 0, zeros(24)))));
    expect(conversation.of('smb').map((event) => [event.fields.action, event.fields.path, event.fields.share_type, event.fields.name])).toEqual([
      ['SMB::TREE_CONNECT', '\\\\FS01\\IPC$', 'PIPE', null],
      ['SMB::FILE_OPEN', '\\\\FS01\\IPC$', 'PIPE', 'svcctl'],
    ]);
    expect(conversation.of('dce_rpc')[0].fields).toMatchObject({ endpoint: 'svcctl', operation: 'OpenSCManagerW', named_pipe: '\\PIPE\\svcctl' });
  });

  it('ignores a reply nobody asked for and a chain whose AndXOffset points backwards', () => {
    const conversation = new Conversation(windowsProtocols.create());
    conversation.server(netbios(treeConnectReply(9, 0x800, 'A:')));
    const looping = treeConnect(2, '\\\\FS01\\C$');
    looping.set([0x75, 0], 33);
    looping.set(le16(32), 35);
    conversation.client(netbios(looping));
    conversation.server(netbios(treeConnectReply(2, 0x801, 'A:')));
    expect(conversation.of('smb').map((event) => [event.fields.path, event.fields.share_type])).toEqual([['\\\\FS01\\C$', 'DISK']]);
  });
});
