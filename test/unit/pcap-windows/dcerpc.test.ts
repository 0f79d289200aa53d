import { describe, expect, it } from 'vitest';
import { MAX_RPC_PENDING_CALLS, RpcAssociation } from '../../../src/engine/parsers/pcap/app/windows/dcerpc';
import { StubBudget } from '../../../src/engine/parsers/pcap/app/windows/emit';
import type { EventFields } from '../../../src/engine/events';
import { windowsProtocols } from '../../../src/engine/parsers/pcap/app/windows';
import type { FlowEndpoints } from '../../../src/engine/parsers/pcap/segment';
import {
  concat, Conversation, le16, le32, ndrString, ndrUniqueString, ntlmAuthenticate, rpcAuth3, rpcBind, rpcBindAck, rpcFault, rpcRequest,
  rpcResponse, utf16, zeros,
} from './builders';

const RPC_FLOW: FlowEndpoints = { proto: 'tcp', srcIp: '192.0.2.10', srcPort: 50200, dstIp: '192.0.2.20', dstPort: 49683 };
const SVCCTL = '367abb81-9844-35f1-ad32-98f038001003';
const DRSUAPI = 'e3514235-4b06-11d1-ab04-00c04fc2dcd2';
const ACTIVATOR = '000001a0-0000-0000-c000-000000000046';

const rpcConversation = (flow: FlowEndpoints = RPC_FLOW) => new Conversation(windowsProtocols.create(), flow, 'rpc-flow');

/** MS-SCMR RCreateServiceW request stub: handle, names, access and types, then the binary path. */
function createServiceStub(name: string, binaryPath: string): Uint8Array {
  return concat(zeros(20), ndrString(name), ndrUniqueString(name), le32(0xf01ff), le32(0x10), le32(3), le32(0), ndrString(binaryPath), zeros(24));
}

describe('DCE/RPC over TCP', () => {
  it('names the interface from the bind and reads CreateServiceW parameters from the stub', () => {
    const rpc = rpcConversation();
    rpc.client(rpcBind(1, [{ id: 0, uuid: SVCCTL, version: 2 }]));
    rpc.server(rpcBindAck(1, '49683', [0]));
    rpc.client(rpcRequest(2, 0, 12, createServiceStub('evil', 'cmd.exe /c whoami > C:\\out.txt')));
    const [event] = rpc.server(rpcResponse(2, 0, zeros(28)));
    expect(event.kind).toBe('dce_rpc');
    expect(event.fields).toMatchObject({
      endpoint: 'svcctl', operation: 'CreateServiceW', opnum: 12, named_pipe: '49683', service_name: 'evil',
      service_binary_path: 'cmd.exe /c whoami > C:\\out.txt', endpoint_inferred: false, stub_sealed: false, fault: null,
    });
    expect(event.fields.rtt).toBe(1);
  });

  it('reassembles a request split into fragments and across TCP segments at odd offsets', () => {
    const stub = createServiceStub('svc', 'C:\\Windows\\svc.exe');
    const bytes = concat(
      rpcBind(1, [{ id: 3, uuid: SVCCTL }]),
      rpcRequest(7, 3, 12, stub.subarray(0, 30), 0x01),
      rpcRequest(7, 3, 12, stub.subarray(30), 0x02),
      rpcResponse(7, 3, zeros(28)),
    );
    const rpc = rpcConversation();
    for (let offset = 0; offset < bytes.length; offset += 7) rpc.send(true, bytes.subarray(offset, Math.min(bytes.length, offset + 7)));
    const [event] = rpc.of('dce_rpc');
    expect(event.fields).toMatchObject({ operation: 'CreateServiceW', service_binary_path: 'C:\\Windows\\svc.exe', request_stub_bytes: stub.length });
  });

  it('logs a fault with its status and a call with no response at the end', () => {
    const rpc = rpcConversation();
    rpc.client(rpcBind(1, [{ id: 0, uuid: SVCCTL }]));
    rpc.client(rpcRequest(2, 0, 15, zeros(12)));
    rpc.server(rpcFault(2, 0, 5));
    rpc.client(rpcRequest(3, 0, 19, zeros(12)));
    rpc.finish();
    const events = rpc.of('dce_rpc');
    expect(events.map((event) => [event.fields.operation, event.fields.fault, event.fields.rtt === null])).toEqual([
      ['OpenSCManagerW', '0x00000005', false],
      ['StartServiceW', null, true],
    ]);
  });

  it('does not read a sealed stub (auth level packet privacy)', () => {
    const rpc = rpcConversation();
    const sealed = { type: 10, level: 6, value: zeros(16) };
    rpc.client(rpcBind(1, [{ id: 0, uuid: SVCCTL }]));
    rpc.client(rpcRequest(2, 0, 12, createServiceStub('evil', 'cmd.exe /c calc'), 0x03, sealed));
    const [event] = rpc.server(rpcResponse(2, 0, zeros(28)));
    expect(event.fields.stub_sealed).toBe(true);
    expect(event.fields.service_binary_path).toBeUndefined();
  });

  it('reports the NTLM user of an authenticated association (rpc_auth_3)', () => {
    const rpc = rpcConversation();
    rpc.client(rpcAuth3({ type: 10, level: 6, value: ntlmAuthenticate('alice', 'CORP', 'WS7', 200) }));
    expect(rpc.of('ntlm')[0].fields).toMatchObject({ username: 'alice', domainname: 'CORP', hostname: 'WS7', ntlm_version: 'NTLMv2', success: null });
  });

  it('names directory replication from its call order when the bind was not captured', () => {
    const rpc = rpcConversation();
    [0, 16, 12, 3, 1].forEach((opnum, index) => {
      rpc.client(rpcRequest(10 + index, 0, opnum, zeros(8)));
      rpc.server(rpcResponse(10 + index, 0, zeros(8)));
    });
    expect(rpc.of('dce_rpc')).toHaveLength(0);
    rpc.finish();
    expect(rpc.of('dce_rpc').map((event) => event.fields.operation)).toEqual(['DRSBind', 'DRSDomainControllerInfo', 'DRSCrackNames', 'DRSGetNCChanges', 'DRSUnbind']);
    expect(rpc.of('dce_rpc')[0].fields).toMatchObject({ endpoint: 'drsuapi', endpoint_inferred: true, interface_uuid: DRSUAPI });
  });

  it('leaves unbound calls unknown when their order matches no interface', () => {
    const rpc = rpcConversation();
    [64, 5, 7, 13].forEach((opnum, index) => {
      rpc.client(rpcRequest(index + 1, 0, opnum, zeros(8)));
      rpc.server(rpcResponse(index + 1, 0, zeros(8)));
    });
    rpc.finish();
    expect(rpc.of('dce_rpc').map((event) => [event.fields.endpoint, event.fields.operation])).toEqual([
      ['unknown', 'unknown-64'], ['unknown', 'unknown-5'], ['unknown', 'unknown-7'], ['unknown', 'unknown-13'],
    ]);
  });

  it('measures the longest \\\\host in an activation request (MS03-026)', () => {
    const rpc = rpcConversation({ ...RPC_FLOW, dstPort: 135 });
    const longName = concat(utf16('\\\\'), utf16('A'.repeat(300)), utf16('\\file'), zeros(2));
    rpc.client(rpcBind(1, [{ id: 1, uuid: ACTIVATOR, version: 0 }]));
    rpc.client(rpcRequest(2, 1, 4, concat(zeros(40), longName, utf16('\\\\ws01\\c$'), zeros(2))));
    const [event] = rpc.server(rpcResponse(2, 1, zeros(8)));
    expect(event.fields).toMatchObject({ endpoint: 'ISystemActivator', operation: 'RemoteCreateInstance', activation_unc_host_length: 300 });
  });

  it('keeps a call whose NDR string claims more characters than the stub holds, without its parameters', () => {
    const rpc = rpcConversation();
    const lying = concat(zeros(20), le32(5000), le32(0), le32(5000), utf16('short'));
    rpc.client(rpcBind(1, [{ id: 0, uuid: SVCCTL }]));
    rpc.client(rpcRequest(2, 0, 12, lying));
    const [event] = rpc.server(rpcResponse(2, 0, zeros(4)));
    expect(event.fields.operation).toBe('CreateServiceW');
    expect(event.fields.service_name).toBeUndefined();
  });

  it('bounds the calls waiting for a response', () => {
    const rpc = rpcConversation();
    rpc.client(rpcBind(1, [{ id: 0, uuid: SVCCTL }]));
    for (let call = 0; call < MAX_RPC_PENDING_CALLS + 10; call++) rpc.client(rpcRequest(100 + call, 0, 6, zeros(20)));
    expect(rpc.of('dce_rpc')).toHaveLength(10);
    rpc.finish();
    expect(rpc.of('dce_rpc')).toHaveLength(MAX_RPC_PENDING_CALLS + 10);
  });

  it('stops keeping stubs past the budget shared by all calls, and frees it when calls finish', () => {
    const logged: EventFields[] = [];
    const association = new RpcAssociation(undefined, 49683, (_kind, _message, fields) => logged.push(fields), new StubBudget(200));
    const packet = { frame: 1, offset: 0, ts: null };
    const stub = createServiceStub('one', 'C:\\a.exe');
    association.data(true, rpcBind(1, [{ id: 0, uuid: SVCCTL }]), packet);
    association.data(true, rpcRequest(2, 0, 12, stub), packet);
    association.data(true, rpcRequest(3, 0, 12, createServiceStub('two', 'C:\\b.exe')), packet);
    association.data(false, rpcResponse(2, 0, zeros(4)), packet);
    association.data(false, rpcResponse(3, 0, zeros(4)), packet);
    association.data(true, rpcRequest(4, 0, 12, createServiceStub('three', 'C:\\c.exe')), packet);
    association.data(false, rpcResponse(4, 0, zeros(4)), packet);
    expect(stub.length).toBeGreaterThan(100);
    expect(logged.map((fields) => fields.service_name ?? null)).toEqual(['one', null, 'three']);
  });

  it('drops a bind rejected by the server, so later calls on that context are not misnamed', () => {
    const rpc = rpcConversation();
    rpc.client(rpcBind(1, [{ id: 0, uuid: SVCCTL }]));
    rpc.server(rpcBindAck(1, '49683', [2]));
    rpc.client(rpcRequest(2, 0, 64, le16(0)));
    rpc.server(rpcResponse(2, 0, zeros(4)));
    rpc.finish();
    expect(rpc.of('dce_rpc')[0].fields.endpoint).toBe('unknown');
  });
});
