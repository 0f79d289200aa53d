import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/engine/errors';
import { readRequestStub } from '../../../src/engine/parsers/pcap/app/windows/dcerpc-stubs';
import { concat, le16, le32, ndrString, ndrUniqueString, zeros } from './builders';

const HANDLE = zeros(20);

describe('request stubs', () => {
  it('reads the ANSI strings of CreateServiceA', () => {
    const stub = concat(HANDLE, ndrString('upd', false), ndrUniqueString(null), le32(0xf01ff), le32(0x10), le32(2), le32(0), ndrString('%COMSPEC% /Q /c echo x', false));
    expect(readRequestStub('svcctl', 'CreateServiceA', stub, true)).toMatchObject({ service_name: 'upd', service_display_name: null, service_start_type: 2, service_binary_path: '%COMSPEC% /Q /c echo x' });
  });

  it('reads the optional binary path of ChangeServiceConfigW', () => {
    const stub = concat(HANDLE, le32(0x10), le32(3), le32(1), ndrUniqueString('C:\\Windows\\Temp\\x.exe'));
    expect(readRequestStub('svcctl', 'ChangeServiceConfigW', stub, true)).toMatchObject({ service_binary_path: 'C:\\Windows\\Temp\\x.exe' });
  });

  it('reads the command of an AT job, which follows the AT_INFO structure', () => {
    const stub = concat(ndrUniqueString('\\\\dc01'), le32(3600000), le32(0), new Uint8Array([0, 0x10, 0, 0]), le32(0x20000), ndrString('cmd.exe /c calc'));
    expect(readRequestStub('atsvc', 'NetrJobAdd', stub, true)).toEqual({ task_command: 'cmd.exe /c calc' });
  });

  it('takes the program and arguments of a registered task from its XML', () => {
    const xml = '<Task><Actions><Exec><Command>cmd.exe</Command><Arguments>/C whoami &gt; C:\\Windows\\Temp\\a.tmp 2&gt;&amp;1</Arguments></Exec></Actions></Task>';
    const stub = concat(ndrUniqueString('\\Updater'), ndrString(xml), le32(6));
    expect(readRequestStub('ITaskSchedulerService', 'SchRpcRegisterTask', stub, true)).toEqual({
      task_name: '\\Updater', task_command: 'cmd.exe /C whoami &gt; C:\\Windows\\Temp\\a.tmp 2&gt;&amp;1',
    });
  });

  it('reads the callback host of a printer notification and the path of an EFS call', () => {
    const notification = concat(HANDLE, le32(0x100), le32(0), ndrUniqueString('\\\\198.51.100.7'), le32(0));
    expect(readRequestStub('spoolss', 'RpcRemoteFindFirstPrinterChangeNotificationEx', notification, true)).toEqual({ callback_path: '\\\\198.51.100.7' });
    expect(readRequestStub('efsrpc', 'EfsRpcOpenFileRaw', concat(ndrString('\\\\198.51.100.7\\x\\y'), le32(0)), true)).toEqual({ callback_path: '\\\\198.51.100.7\\x\\y' });
  });

  it('reads the names of a SAMR lookup and the path of a canonicalization request', () => {
    const header = (length: number) => concat(le16(length * 2), le16(length * 2), le32(0x20004));
    const names = concat(HANDLE, le32(2), le32(1000), le32(0), le32(2), header(13), header(5), ndrString('Domain Admins'), ndrString('alice'));
    expect(readRequestStub('samr', 'SamrLookupNamesInDomain', names, true)).toEqual({ lookup_names: 'Domain Admins; alice' });
    const path = concat(ndrUniqueString(null), ndrString('\\a\\..\\..\\b'), le32(100));
    expect(readRequestStub('srvsvc', 'NetprPathCanonicalize', path, true)).toEqual({ path_name: '\\a\\..\\..\\b' });
  });

  it('sees the all-zero client credential of a Zerologon attempt', () => {
    const authenticate = (credential: Uint8Array) => concat(ndrUniqueString('\\\\DC01'), ndrString('DC01$'), le16(6), le16(0), ndrString('DC01'), credential, le32(0x212fffff));
    expect(readRequestStub('netlogon', 'NetrServerAuthenticate3', authenticate(zeros(8)), true)).toEqual({ netlogon_account: 'DC01$', netlogon_computer: 'DC01', netlogon_credential_zero: true });
    expect(readRequestStub('netlogon', 'NetrServerAuthenticate3', authenticate(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])), true)).toMatchObject({ netlogon_credential_zero: false });
  });

  it('reads nothing from operations it has no reader for, and throws a typed error on a short stub', () => {
    expect(readRequestStub('srvsvc', 'NetrShareEnum', zeros(40), true)).toEqual({});
    expect(() => readRequestStub('svcctl', 'CreateServiceW', zeros(10), true)).toThrow(InputError);
  });
});
