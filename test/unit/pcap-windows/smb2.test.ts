import { describe, expect, it } from 'vitest';
import { windowsProtocols } from '../../../src/engine/parsers/pcap/app/windows';
import {
  closeRequest, compound, concat, Conversation, createRequest, createResponse, deleteOnCloseRequest, ioctlRequest, ioctlResponse, le32,
  ndrString, netbios, ntlmAuthenticate, ntlmChallenge, readRequest, readResponse, rpcBind, rpcBindAck, rpcRequest, rpcResponse,
  sessionSetupRequest, sessionSetupResponse, spnegoWrap, treeConnectRequest, treeConnectResponse, writeRequest, zeros,
} from './builders';

const SRVSVC = '4b324fc8-1670-01d3-1278-5a47bf6ee188';
const STATUS_MORE_PROCESSING_REQUIRED = 0xc0000016;
const STATUS_LOGON_FAILURE = 0xc000006d;
const FILE_OPEN = 1;
const FILE_CREATE = 2;

const smb = () => new Conversation(windowsProtocols.create());

/** Session setup with NTLM: NEGOTIATE/CHALLENGE round, then AUTHENTICATE and the final status. */
function logon(conversation: Conversation, status: number, ntResponseLength = 200): void {
  conversation.client(netbios(sessionSetupRequest(1, spnegoWrap(concat(new Uint8Array([0x4e, 0x54, 0x4c, 0x4d, 0x53, 0x53, 0x50, 0]), le32(1), zeros(24))))));
  conversation.server(netbios(sessionSetupResponse(1, STATUS_MORE_PROCESSING_REQUIRED, spnegoWrap(ntlmChallenge('FS01', 'fs01.corp.example')))));
  conversation.client(netbios(sessionSetupRequest(2, spnegoWrap(ntlmAuthenticate('bob', 'CORP', 'WS01', ntResponseLength)))));
  conversation.server(netbios(sessionSetupResponse(2, status, zeros(0))));
}

function connectTree(conversation: Conversation, messageId: number, treeId: number, path: string, shareType: number): void {
  conversation.client(netbios(treeConnectRequest(messageId, path)));
  conversation.server(netbios(treeConnectResponse(messageId, treeId, shareType)));
}

/** A CREATE request and its response: the open `fileId` with its end of file, or a refusal with `status`. */
function openFile(conversation: Conversation, messageId: number, treeId: number, name: string, desiredAccess: number, disposition: number, fileId: number, endOfFile = 0, status = 0): void {
  conversation.client(netbios(createRequest(messageId, treeId, name, desiredAccess, disposition)));
  conversation.server(netbios(createResponse(messageId, treeId, fileId, endOfFile, status)));
}

describe('SMB2 session, tree and files', () => {
  it('reports the NTLM logon with the server names from the challenge and the outcome from the status', () => {
    const conversation = smb();
    logon(conversation, 0);
    expect(conversation.of('ntlm').map((event) => event.fields)).toEqual([{
      username: 'bob', domainname: 'CORP', hostname: 'WS01', server_nb_computer_name: 'FS01', server_dns_computer_name: 'fs01.corp.example',
      server_tree_name: null, success: true, ntlm_version: 'NTLMv2', anonymous: false,
    }]);
  });

  it('marks a refused logon and an NTLMv1 response', () => {
    const conversation = smb();
    logon(conversation, STATUS_LOGON_FAILURE, 24);
    expect(conversation.of('ntlm')[0].fields).toMatchObject({ success: false, ntlm_version: 'NTLMv1' });
  });

  it('logs tree connects with the share type and file opens with access, disposition and size', () => {
    const conversation = smb();
    connectTree(conversation, 3, 5, '\\\\fs01\\C$', 1);
    openFile(conversation, 4, 5, 'Windows\\Temp\\a.exe', 0x120116, FILE_CREATE, 0x77);
    expect(conversation.of('smb').map((event) => event.fields)).toEqual([
      { action: 'SMB::TREE_CONNECT', path: '\\\\fs01\\C$', share_type: 'DISK', name: null, status: 'STATUS_SUCCESS' },
      { action: 'SMB::FILE_OPEN', path: '\\\\fs01\\C$', share_type: 'DISK', name: 'Windows\\Temp\\a.exe', size: 0, status: 'STATUS_SUCCESS', desired_access: '0x120116', disposition: 'FILE_CREATE' },
    ]);
  });

  it('sums the writes to a file into one FILE_WRITE when it closes, and logs a delete', () => {
    const conversation = smb();
    connectTree(conversation, 3, 5, '\\\\fs01\\ADMIN$', 1);
    openFile(conversation, 4, 5, 'svc.exe', 0x12019f, FILE_CREATE, 0x10);
    conversation.client(netbios(writeRequest(5, 5, 0x10, new Uint8Array(1000))));
    conversation.client(netbios(writeRequest(6, 5, 0x10, new Uint8Array(500))));
    conversation.client(netbios(deleteOnCloseRequest(7, 5, 0x10)));
    conversation.client(netbios(closeRequest(8, 5, 0x10)));
    const actions = conversation.of('smb').map((event) => [event.fields.action, event.fields.name, event.fields.bytes ?? null]);
    expect(actions.slice(2)).toEqual([['SMB::FILE_DELETE', 'svc.exe', null], ['SMB::FILE_WRITE', 'svc.exe', 1500]]);
  });

  it('logs an open that failed, with its status', () => {
    const conversation = smb();
    connectTree(conversation, 3, 5, '\\\\fs01\\C$', 1);
    openFile(conversation, 4, 5, 'secret.txt', 0x80, FILE_OPEN, 0, 0, 0xc0000022);
    expect(conversation.of('smb')[1].fields).toMatchObject({ action: 'SMB::FILE_OPEN', status: 'STATUS_ACCESS_DENIED', size: null });
  });

  it('parses every command of a compound request', () => {
    const conversation = smb();
    connectTree(conversation, 3, 5, '\\\\fs01\\share', 1);
    openFile(conversation, 9, 5, 'docs\\a.txt', 0x2, FILE_OPEN, 0x20, 42);
    conversation.client(netbios(writeRequest(10, 5, 0x20, new Uint8Array(100))));
    conversation.client(netbios(compound(closeRequest(11, 5, 0x20), createRequest(12, 5, 'docs\\b.txt', 0x80, FILE_OPEN))));
    conversation.server(netbios(compound(closeRequest(11, 5, 0x20, { response: true }), createResponse(12, 5, 0x21, 7))));
    expect(conversation.of('smb').slice(2).map((event) => [event.fields.action, event.fields.name, event.fields.size])).toEqual([
      ['SMB::FILE_WRITE', 'docs\\a.txt', 42],
      ['SMB::FILE_OPEN', 'docs\\b.txt', 7],
    ]);
  });

  it('follows DCE/RPC over a named pipe through WRITE/READ and IOCTL transceive', () => {
    const conversation = smb();
    connectTree(conversation, 3, 1, '\\\\fs01\\IPC$', 2);
    openFile(conversation, 4, 1, 'srvsvc', 0x12019f, FILE_OPEN, 0x33);
    conversation.client(netbios(writeRequest(5, 1, 0x33, rpcBind(1, [{ id: 0, uuid: SRVSVC, version: 3 }]))));
    conversation.client(netbios(readRequest(6, 1, 0x33)));
    conversation.server(netbios(readResponse(6, 1, rpcBindAck(1, '\\PIPE\\srvsvc', [0]))));
    conversation.client(netbios(ioctlRequest(7, 1, 0x33, rpcRequest(2, 0, 15, concat(ndrString('\\\\fs01'), le32(1), zeros(16))))));
    conversation.server(netbios(ioctlResponse(7, 1, 0x33, rpcResponse(2, 0, zeros(40)))));
    const [call] = conversation.of('dce_rpc');
    expect(call.fields).toMatchObject({ endpoint: 'srvsvc', operation: 'NetrShareEnum', named_pipe: '\\PIPE\\srvsvc' });
    expect(call.flow).toEqual(conversation.flow);
  });

  it('names the interface of a pipe whose bind was not captured from the pipe name', () => {
    const conversation = smb();
    connectTree(conversation, 3, 1, '\\\\fs01\\IPC$', 2);
    openFile(conversation, 4, 1, 'svcctl', 0x12019f, FILE_OPEN, 0x44);
    conversation.client(netbios(ioctlRequest(5, 1, 0x44, rpcRequest(9, 0, 15, zeros(16)))));
    conversation.server(netbios(ioctlResponse(5, 1, 0x44, rpcResponse(9, 0, zeros(24)))));
    expect(conversation.of('dce_rpc')[0].fields).toMatchObject({ endpoint: 'svcctl', operation: 'OpenSCManagerW', endpoint_inferred: true, named_pipe: '\\PIPE\\svcctl' });
  });

  it('reads a message whose NetBIOS frame arrives one byte at a time', () => {
    const conversation = smb();
    const request = netbios(treeConnectRequest(3, '\\\\fs01\\IPC$'));
    for (const byte of request) conversation.client(new Uint8Array([byte]));
    conversation.server(netbios(treeConnectResponse(3, 1, 2)));
    expect(conversation.of('smb')[0].fields).toMatchObject({ path: '\\\\fs01\\IPC$', share_type: 'PIPE' });
  });

  it('flags a compression transform whose sizes overflow (CVE-2020-0796)', () => {
    const conversation = smb();
    const transform = (originalSize: number, offset: number) => concat(new Uint8Array([0xfc, 0x53, 0x4d, 0x42]), le32(originalSize), new Uint8Array([1, 0, 0, 0]), le32(offset), zeros(64));
    conversation.client(netbios(transform(4096, 16)));
    expect(conversation.of('smb')).toHaveLength(0);
    conversation.client(netbios(transform(0xffffffff, 16)));
    expect(conversation.of('smb')[0].fields).toMatchObject({ action: 'SMB::COMPRESSED_MESSAGE', compression_original_size: 0xffffffff, compression_offset: 16 });
  });

  it('skips a truncated message and carries on with the next one', () => {
    const conversation = smb();
    const cut = treeConnectRequest(3, '\\\\fs01\\IPC$').subarray(0, 70);
    conversation.client(netbios(cut));
    connectTree(conversation, 4, 2, '\\\\fs01\\data', 1);
    expect(conversation.of('smb').map((event) => event.fields.path)).toEqual(['\\\\fs01\\data']);
  });

  it('resumes after a gap in the stream', () => {
    const conversation = smb();
    const request = netbios(treeConnectRequest(3, '\\\\fs01\\IPC$'));
    conversation.client(request.subarray(0, 30));
    conversation.send(true, netbios(treeConnectRequest(4, '\\\\fs01\\data')), true);
    conversation.server(netbios(treeConnectResponse(4, 2, 1)));
    expect(conversation.of('smb').map((event) => event.fields.path)).toEqual(['\\\\fs01\\data']);
  });
});

describe('windowsProtocols.claims', () => {
  const flow = { proto: 'tcp' as const, srcIp: '192.0.2.10', srcPort: 50000, dstIp: '192.0.2.20', dstPort: 8000 };

  it('claims SMB and DCE/RPC by content on any port, and 139/445/135 by port', () => {
    expect(windowsProtocols.claims(netbios(treeConnectRequest(1, '\\\\a\\b')), flow, true)).toBe(true);
    expect(windowsProtocols.claims(rpcBind(1, [{ id: 0, uuid: SRVSVC }]), flow, true)).toBe(true);
    expect(windowsProtocols.claims(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'), flow, true)).toBe(false);
    expect(windowsProtocols.claims(new Uint8Array([1, 2, 3]), { ...flow, dstPort: 445 }, true)).toBe(true);
    expect(windowsProtocols.claims(new Uint8Array([1, 2, 3]), { ...flow, proto: 'udp', dstPort: 445 }, true)).toBe(false);
  });
});
