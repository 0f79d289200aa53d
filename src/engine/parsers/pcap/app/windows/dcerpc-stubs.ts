import type { EventFields } from '../../../../events';
import { u16 } from './bytes';
import { align, CONTEXT_HANDLE_BYTES, cursor, readCountedUnicodeString, readString, readU32, readUniqueString, skip, type NdrCursor } from './ndr';

/**
 * Request parameters rules need, read from clear-text stubs (sealed ones are opaque). Each reader follows the
 * method's IDL in the cited document; a stub that does not fit throws `InputError`, which the caller turns into "no
 * parameters" for that call.
 */

type StubReader = (at: NdrCursor) => EventFields;

/** MS-SCMR 3.1.4.12 RCreateServiceW (and 3.1.4.30 RCreateServiceA, identical with char strings). */
const createService = (wide: boolean): StubReader => (at) => {
  skip(at, CONTEXT_HANDLE_BYTES, 'svcctl hSCManager');
  const serviceName = readString(at, wide, 'svcctl lpServiceName');
  const displayName = readUniqueString(at, wide, 'svcctl lpDisplayName');
  readU32(at, 'svcctl dwDesiredAccess');
  const serviceType = readU32(at, 'svcctl dwServiceType');
  const startType = readU32(at, 'svcctl dwStartType');
  readU32(at, 'svcctl dwErrorControl');
  const binaryPath = readString(at, wide, 'svcctl lpBinaryPathName');
  return { service_name: serviceName, service_display_name: displayName, service_type: serviceType, service_start_type: startType, service_binary_path: binaryPath };
};

/** MS-SCMR 3.1.4.11 RChangeServiceConfigW (3.1.4.22 RChangeServiceConfigA): the path is optional here. */
const changeServiceConfig = (wide: boolean): StubReader => (at) => {
  skip(at, CONTEXT_HANDLE_BYTES, 'svcctl hService');
  const serviceType = readU32(at, 'svcctl dwServiceType');
  const startType = readU32(at, 'svcctl dwStartType');
  readU32(at, 'svcctl dwErrorControl');
  const binaryPath = readUniqueString(at, wide, 'svcctl lpBinaryPathName');
  return { service_type: serviceType, service_start_type: startType, service_binary_path: binaryPath };
};

/** MS-SCMR 3.1.4.16 ROpenServiceW (3.1.4.27 ROpenServiceA). */
const openService = (wide: boolean): StubReader => (at) => {
  skip(at, CONTEXT_HANDLE_BYTES, 'svcctl hSCManager');
  return { service_name: readString(at, wide, 'svcctl lpServiceName') };
};

/** MS-TSCH 3.2.5.2.1 NetrJobAdd: ServerName, then AT_INFO whose Command pointer's string follows the structure. */
const jobAdd: StubReader = (at) => {
  readUniqueString(at, true, 'atsvc ServerName');
  align(at, 4);
  skip(at, 10, 'atsvc AT_INFO');
  const command = readU32(at, 'atsvc AT_INFO.Command') === 0 ? null : readString(at, true, 'atsvc Command');
  return { task_command: command };
};

/** Text of one XML element of a task definition (MS-TSCH 2.5.8 Exec action), entities left as written. */
function xmlElement(xml: string, name: string): string | null {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match ? match[1].trim() : null;
}

/** MS-TSCH 3.2.5.4.2 SchRpcRegisterTask: path, then the task XML whose Exec action names the program. */
const registerTask: StubReader = (at) => {
  const path = readUniqueString(at, true, 'ITaskSchedulerService path');
  const xml = readString(at, true, 'ITaskSchedulerService xml');
  const command = xmlElement(xml, 'Command');
  const argumentsText = xmlElement(xml, 'Arguments');
  return { task_name: path, task_command: command === null ? null : argumentsText ? `${command} ${argumentsText}` : command };
};

/** MS-RPRN 3.1.4.10.3/4: the client names the host the server must call back (`pszLocalMachine`). */
const printerNotification: StubReader = (at) => {
  skip(at, CONTEXT_HANDLE_BYTES, 'spoolss hPrinter');
  readU32(at, 'spoolss fdwFlags');
  readU32(at, 'spoolss fdwOptions');
  return { callback_path: readUniqueString(at, true, 'spoolss pszLocalMachine') };
};

/** MS-EFSR 3.1.4.2 and MS-DFSNM 3.1.4.4: the methods coercion abuses all open with the UNC path the server visits. */
const leadingPath: StubReader = (at) => ({ callback_path: readString(at, true, 'coercion path') });

/** MS-RRP 3.1.5.20 BaseRegSaveKey: the file the hive is written to. */
const saveKey: StubReader = (at) => {
  skip(at, CONTEXT_HANDLE_BYTES, 'winreg hKey');
  return { file_name: readCountedUnicodeString(at, 'winreg lpFile') };
};

/** MS-RRP 3.1.5.15 BaseRegOpenKey. */
const openKey: StubReader = (at) => {
  skip(at, CONTEXT_HANDLE_BYTES, 'winreg hKey');
  return { key_name: readCountedUnicodeString(at, 'winreg lpSubKey') };
};

/**
 * MS-NRPC secure-channel calls that open with PrimaryName, AccountName, SecureChannelType and ComputerName and then
 * carry an 8-byte credential: a bare NETLOGON_CREDENTIAL (byte-aligned) or the one that starts a
 * NETLOGON_AUTHENTICATOR (4-byte aligned, for its Timestamp).
 */
const secureChannelCredential = (credentialAlignment: 1 | 4, structure: string): StubReader => (at) => {
  readUniqueString(at, true, 'netlogon PrimaryName');
  const account = readString(at, true, 'netlogon AccountName');
  align(at, 2);
  skip(at, 2, 'netlogon SecureChannelType');
  const computer = readString(at, true, 'netlogon ComputerName');
  align(at, credentialAlignment);
  skip(at, 8, structure);
  const credential = at.stub.subarray(at.offset - 8, at.offset);
  return { netlogon_account: account, netlogon_computer: computer, netlogon_credential_zero: credential.every((byte) => byte === 0) };
};

/**
 * MS-NRPC 3.5.4.4.2/3/4 NetrServerAuthenticate(2,3): Zerologon (CVE-2020-1472) sends a ClientCredential of zeros
 * until one in 256 session keys accepts it, which an honest client never does.
 */
const serverAuthenticate = secureChannelCredential(1, 'netlogon ClientCredential');

/** Names read from one SamrLookupNamesInDomain; the method allows 1000, tools ask for one or two. */
export const MAX_LOOKUP_NAMES = 16;

/**
 * MS-SAMR 3.1.5.11.2 SamrLookupNamesInDomain: Count, then a conformant varying array of RPC_UNICODE_STRING headers
 * (Length, MaximumLength, Buffer pointer) whose strings follow in order. Joined with `; `.
 */
const lookupNames: StubReader = (at) => {
  skip(at, CONTEXT_HANDLE_BYTES, 'samr DomainHandle');
  readU32(at, 'samr Count');
  readU32(at, 'samr Names MaximumCount');
  readU32(at, 'samr Names Offset');
  const count = readU32(at, 'samr Names ActualCount');
  const present: boolean[] = [];
  // Every header is 8 bytes and `skip` throws past the stub, so a lying count ends the loop at the stub's end.
  for (let index = 0; index < count; index++) {
    skip(at, 4, 'samr RPC_UNICODE_STRING');
    const hasBuffer = readU32(at, 'samr RPC_UNICODE_STRING Buffer') !== 0;
    if (index < MAX_LOOKUP_NAMES) present.push(hasBuffer);
  }
  const found = present.map((has) => (has ? readString(at, true, 'samr name') : ''));
  return { lookup_names: found.filter(Boolean).join('; ') };
};

/**
 * MS-SAMR 3.1.5.6.4/5 SamrSetInformationUser(2): the information class says what is set; class 18
 * (UserInternal1Information) writes NT/LM hashes directly, which only offensive tools do (MS-SAMR 2.2.6.23).
 */
const setInformationUser: StubReader = (at) => {
  skip(at, CONTEXT_HANDLE_BYTES, 'samr UserHandle');
  return { user_information_class: u16(at.stub, at.offset, 'samr UserInformationClass', at.littleEndian) };
};

/**
 * MS-NRPC 3.5.4.4.5 NetrServerPasswordSet2 (and 3.5.4.4.6 NetrServerPasswordSet): after a Zerologon bypass the
 * attacker sends an Authenticator of zeros, since it holds no session key to compute one.
 */
const serverPasswordSet = secureChannelCredential(4, 'netlogon Authenticator.Credential');

/**
 * MS-SRVS NetprPathCanonicalize (opnum 31): ServerName, then the path to canonicalize. MS08-067 (Conficker, Metasploit
 * ms08_067_netapi) overflows the canonicalization with a path full of `\..\`.
 */
const pathCanonicalize: StubReader = (at) => {
  readUniqueString(at, true, 'srvsvc ServerName');
  return { path_name: readString(at, true, 'srvsvc PathName') };
};

/** What `RemoteActivation`/`RemoteCreateInstance` carry is a marshalled blob; see `longestUncHost`. */
const READERS: Readonly<Record<string, StubReader>> = {
  'svcctl CreateServiceW': createService(true),
  'svcctl CreateServiceA': createService(false),
  'svcctl ChangeServiceConfigW': changeServiceConfig(true),
  'svcctl ChangeServiceConfigA': changeServiceConfig(false),
  'svcctl OpenServiceW': openService(true),
  'svcctl OpenServiceA': openService(false),
  'atsvc NetrJobAdd': jobAdd,
  'ITaskSchedulerService SchRpcRegisterTask': registerTask,
  'spoolss RpcRemoteFindFirstPrinterChangeNotification': printerNotification,
  'spoolss RpcRemoteFindFirstPrinterChangeNotificationEx': printerNotification,
  'efsrpc EfsRpcOpenFileRaw': leadingPath,
  'efsrpc EfsRpcEncryptFileSrv': leadingPath,
  'efsrpc EfsRpcDecryptFileSrv': leadingPath,
  'efsrpc EfsRpcQueryUsersOnFile': leadingPath,
  'efsrpc EfsRpcQueryRecoveryAgents': leadingPath,
  'efsrpc EfsRpcRemoveUsersFromFile': leadingPath,
  'efsrpc EfsRpcAddUsersToFile': leadingPath,
  'efsrpc EfsRpcFileKeyInfo': leadingPath,
  'efsrpc EfsRpcDuplicateEncryptionInfoFile': leadingPath,
  'efsrpc EfsRpcAddUsersToFileEx': leadingPath,
  'netdfs NetrDfsAddStdRoot': leadingPath,
  'netdfs NetrDfsRemoveStdRoot': leadingPath,
  'winreg BaseRegSaveKey': saveKey,
  'winreg BaseRegSaveKeyEx': saveKey,
  'winreg BaseRegOpenKey': openKey,
  'srvsvc NetprPathCanonicalize': pathCanonicalize,
  'samr SamrLookupNamesInDomain': lookupNames,
  'samr SamrSetInformationUser': setInformationUser,
  'samr SamrSetInformationUser2': setInformationUser,
  'netlogon NetrServerPasswordSet': serverPasswordSet,
  'netlogon NetrServerPasswordSet2': serverPasswordSet,
  'netlogon NetrServerAuthenticate': serverAuthenticate,
  'netlogon NetrServerAuthenticate2': serverAuthenticate,
  'netlogon NetrServerAuthenticate3': serverAuthenticate,
};

/** UTF-16 units counted per host name; a longer one is reported as this many. */
export const MAX_UNC_HOST_CHARS = 4096;

/**
 * The longest `\\host` found anywhere in an activation stub, in UTF-16 units. Activation names a server only in a
 * moniker or object path, whose host part Windows copies into a fixed 32-character buffer (MS03-026, the DCOM
 * overflow Blaster used); an exploit sends hundreds of characters there. Scanning the stub rather than walking
 * the marshalled activation properties also catches the overflow in the older IActivation and any property set.
 */
export function longestUncHost(stub: Uint8Array): number {
  let longest = -1;
  for (let offset = 0; offset + 4 <= stub.length; offset++) {
    if (stub[offset] !== 0x5c || stub[offset + 1] !== 0 || stub[offset + 2] !== 0x5c || stub[offset + 3] !== 0) continue;
    let length = 0;
    let at = offset + 4;
    while (at + 2 <= stub.length && length < MAX_UNC_HOST_CHARS) {
      const unit = stub[at] | (stub[at + 1] << 8);
      if (unit === 0 || unit === 0x5c) break;
      length++;
      at += 2;
    }
    longest = Math.max(longest, length);
    offset = at - 1;
  }
  return longest;
}

const ACTIVATION_OPERATIONS = new Set(['ISystemActivator RemoteCreateInstance', 'ISystemActivator RemoteGetClassObject', 'IActivation RemoteActivation']);

/** Parameters of one clear-text request stub; the empty object when the operation has none we read. */
export function readRequestStub(endpoint: string, operation: string, stub: Uint8Array, littleEndian: boolean): EventFields {
  const key = `${endpoint} ${operation}`;
  if (ACTIVATION_OPERATIONS.has(key)) {
    const longest = longestUncHost(stub);
    return longest < 0 ? {} : { activation_unc_host_length: longest };
  }
  const reader = READERS[key];
  return reader ? reader(cursor(stub, littleEndian)) : {};
}
