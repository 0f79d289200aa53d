/**
 * DCE/RPC interfaces by abstract-syntax UUID, and the operation names of the ones that matter to an investigator.
 * Names follow Zeek's `DCE_RPC::uuid_endpoint_map` and `operations` tables (dce_rpc.log `endpoint` / `operation`),
 * so rules written for Zeek read our events unchanged. Opnums are from the Microsoft protocol documents cited per
 * interface (each document's section 3.1.4 lists its methods in opnum order).
 */

export interface RpcInterface {
  /** dce_rpc.log `endpoint`. */
  endpoint: string;
  /** Operation names by opnum; an opnum missing here is logged as `unknown-<n>`. */
  operations: Readonly<Record<number, string>>;
}

const names = (list: ReadonlyArray<readonly [number, string]>): Readonly<Record<number, string>> => Object.fromEntries(list);

/** MS-SCMR 3.1.4: the service control manager; the A variants take ANSI strings and are what some tools send. */
const SVCCTL = names([
  [0, 'CloseServiceHandle'], [1, 'ControlService'], [2, 'DeleteService'], [3, 'LockServiceDatabase'],
  [6, 'QueryServiceStatus'], [11, 'ChangeServiceConfigW'], [12, 'CreateServiceW'], [14, 'EnumServicesStatusW'],
  [15, 'OpenSCManagerW'], [16, 'OpenServiceW'], [17, 'QueryServiceConfigW'], [19, 'StartServiceW'],
  [23, 'ChangeServiceConfigA'], [24, 'CreateServiceA'], [26, 'EnumServicesStatusA'], [27, 'OpenSCManagerA'],
  [28, 'OpenServiceA'], [31, 'StartServiceA'], [37, 'ChangeServiceConfig2W'], [44, 'CreateServiceWOW64A'],
  [45, 'CreateServiceWOW64W'], [60, 'CreateWowService'],
]);

/** MS-SRVS 3.1.4. */
const SRVSVC = names([
  [8, 'NetrConnectionEnum'], [9, 'NetrFileEnum'], [11, 'NetrFileClose'], [12, 'NetrSessionEnum'], [13, 'NetrSessionDel'],
  [14, 'NetrShareAdd'], [15, 'NetrShareEnum'], [16, 'NetrShareGetInfo'], [17, 'NetrShareSetInfo'], [18, 'NetrShareDel'],
  [21, 'NetrServerGetInfo'], [28, 'NetrRemoteTOD'], [30, 'NetprPathType'], [31, 'NetprPathCanonicalize'],
  [32, 'NetprPathCompare'], [33, 'NetprNameValidate'], [34, 'NetprNameCanonicalize'], [35, 'NetprNameCompare'],
  [36, 'NetrShareEnumSticky'],
]);

/** MS-DSSP 3.2.5: the role interface; only opnum 0 is called outside domain controller promotion and upgrade. */
const DSSETUP = names([
  [0, 'DsRolerGetPrimaryDomainInformation'], [1, 'DsRolerDnsNameToFlatName'], [2, 'DsRolerDcAsDc'], [3, 'DsRolerDcAsReplica'],
  [4, 'DsRolerDemoteDc'], [5, 'DsRolerGetDcOperationProgress'], [6, 'DsRolerGetDcOperationResults'], [7, 'DsRolerCancel'],
  [8, 'DsRolerServerSaveStateForUpgrade'], [9, 'DsRolerUpgradeDownlevelServer'], [10, 'DsRolerAbortDownlevelServerUpgrade'],
]);

/** MS-WKST 3.2.4. */
const WKSSVC = names([
  [0, 'NetrWkstaGetInfo'], [2, 'NetrWkstaUserEnum'], [5, 'NetrWkstaTransportEnum'], [11, 'NetrUseEnum'],
  [22, 'NetrJoinDomain2'], [23, 'NetrUnjoinDomain2'], [27, 'NetrEnumerateComputerNames'],
]);

/** MS-SAMR 3.1.5. */
const SAMR = names([
  [0, 'SamrConnect'], [1, 'SamrCloseHandle'], [3, 'SamrQuerySecurityObject'], [5, 'SamrLookupDomainInSamServer'],
  [6, 'SamrEnumerateDomainsInSamServer'], [7, 'SamrOpenDomain'], [8, 'SamrQueryInformationDomain'],
  [11, 'SamrEnumerateGroupsInDomain'], [13, 'SamrEnumerateUsersInDomain'], [15, 'SamrEnumerateAliasesInDomain'],
  [16, 'SamrGetAliasMembership'], [17, 'SamrLookupNamesInDomain'], [18, 'SamrLookupIdsInDomain'], [19, 'SamrOpenGroup'],
  [20, 'SamrQueryInformationGroup'], [22, 'SamrAddMemberToGroup'], [25, 'SamrGetMembersInGroup'], [27, 'SamrOpenAlias'],
  [28, 'SamrQueryInformationAlias'], [31, 'SamrAddMemberToAlias'], [33, 'SamrGetMembersInAlias'], [34, 'SamrOpenUser'],
  [36, 'SamrQueryInformationUser'], [37, 'SamrSetInformationUser'], [38, 'SamrChangePasswordUser'],
  [39, 'SamrGetGroupsForUser'], [40, 'SamrQueryDisplayInformation'], [47, 'SamrQueryInformationUser2'],
  [48, 'SamrQueryDisplayInformation2'], [50, 'SamrCreateUser2InDomain'], [51, 'SamrQueryDisplayInformation3'],
  [55, 'SamrUnicodeChangePasswordUser2'], [57, 'SamrConnect2'], [58, 'SamrSetInformationUser2'], [62, 'SamrConnect4'],
  [64, 'SamrConnect5'], [65, 'SamrRidToSid'], [66, 'SamrSetDSRMPassword'],
]);

/** MS-LSAD 3.1.4 and MS-LSAT 3.1.4 share the lsarpc interface. */
const LSARPC = names([
  [0, 'LsarClose'], [6, 'LsarOpenPolicy'], [7, 'LsarQueryInformationPolicy'], [13, 'LsarEnumerateAccounts'],
  [14, 'LsarLookupNames'], [15, 'LsarLookupSids'], [35, 'LsarEnumerateAccountsWithUserRight'],
  [42, 'LsarStorePrivateData'], [43, 'LsarRetrievePrivateData'], [44, 'LsarOpenPolicy2'], [45, 'LsarGetUserName'],
  [46, 'LsarQueryInformationPolicy2'], [57, 'LsarLookupSids2'], [58, 'LsarLookupNames2'], [68, 'LsarLookupNames3'],
  [76, 'LsarLookupSids3'], [77, 'LsarLookupNames4'],
]);

/** MS-NRPC 3.5.4. */
const NETLOGON = names([
  [2, 'NetrLogonSamLogon'], [4, 'NetrServerReqChallenge'], [5, 'NetrServerAuthenticate'], [6, 'NetrServerPasswordSet'],
  [15, 'NetrServerAuthenticate2'], [21, 'NetrLogonGetCapabilities'], [26, 'NetrServerAuthenticate3'],
  [29, 'NetrLogonGetDomainInfo'], [30, 'NetrServerPasswordSet2'], [31, 'NetrServerPasswordGet'],
  [39, 'NetrLogonSamLogonEx'], [40, 'DsrEnumerateDomainTrusts'], [42, 'NetrServerTrustPasswordsGet'],
]);

/** MS-DRSR 4.1: directory replication. */
const DRSUAPI = names([
  [0, 'DRSBind'], [1, 'DRSUnbind'], [2, 'DRSReplicaSync'], [3, 'DRSGetNCChanges'], [4, 'DRSUpdateRefs'],
  [5, 'DRSReplicaAdd'], [6, 'DRSReplicaDel'], [7, 'DRSReplicaModify'], [8, 'DRSVerifyNames'], [9, 'DRSGetMemberships'],
  [12, 'DRSCrackNames'], [13, 'DRSWriteSPN'], [14, 'DRSRemoveDsServer'], [16, 'DRSDomainControllerInfo'],
  [17, 'DRSAddEntry'], [18, 'DRSExecuteKCC'], [19, 'DRSGetReplInfo'], [20, 'DRSAddSidHistory'],
]);

/** C706 appendix O / MS-RPCE 2.2.1.2.5: the endpoint mapper. */
const EPMAPPER = names([[0, 'ept_insert'], [1, 'ept_delete'], [2, 'ept_lookup'], [3, 'ept_map'], [4, 'ept_lookup_handle_free'], [5, 'ept_inq_object'], [6, 'ept_mgmt_delete']]);

/** C706 appendix Q: the management interface every server exports; inq_if_ids lists the interfaces it serves. */
const MGMT = names([[0, 'inq_if_ids'], [1, 'inq_stats'], [2, 'is_server_listening'], [3, 'stop_server_listening'], [4, 'inq_princ_name']]);

/** MS-DCOM 3.1.2.5.2 (IRemoteSCMActivator, which Wireshark calls ISystemActivator) and 3.1.2.5.1 (IActivation). */
const REMOTE_SCM_ACTIVATOR = names([[3, 'RemoteGetClassObject'], [4, 'RemoteCreateInstance']]);
const ACTIVATION = names([[0, 'RemoteActivation']]);
const OBJECT_EXPORTER = names([[0, 'ResolveOxid'], [1, 'SimplePing'], [2, 'ComplexPing'], [3, 'ServerAlive'], [4, 'ResolveOxid2'], [5, 'ServerAlive2']]);
const REM_UNKNOWN = names([[3, 'RemQueryInterface'], [4, 'RemAddRef'], [5, 'RemRelease'], [6, 'RemQueryInterface2']]);
/** MS-OAUT 3.1.4: IDispatch, the automation interface DCOM lateral movement (MMC20, ShellWindows) drives. */
const DISPATCH = names([[3, 'GetTypeInfoCount'], [4, 'GetTypeInfo'], [5, 'GetIDsOfNames'], [6, 'Invoke']]);

/** MS-RPRN 3.1.4: the print spooler; opnums 62/65 make a server call back a named host (PrinterBug). */
const SPOOLSS = names([
  [0, 'RpcEnumPrinters'], [1, 'RpcOpenPrinter'], [9, 'RpcAddPrinterDriver'], [29, 'RpcClosePrinter'],
  [62, 'RpcRemoteFindFirstPrinterChangeNotification'], [65, 'RpcRemoteFindFirstPrinterChangeNotificationEx'],
  [69, 'RpcOpenPrinterEx'], [89, 'RpcAddPrinterDriverEx'],
]);

/** MS-EFSR 3.1.4.2: every method that takes a UNC path can coerce the server (PetitPotam). */
const EFSRPC = names([
  [0, 'EfsRpcOpenFileRaw'], [4, 'EfsRpcEncryptFileSrv'], [5, 'EfsRpcDecryptFileSrv'], [6, 'EfsRpcQueryUsersOnFile'],
  [7, 'EfsRpcQueryRecoveryAgents'], [8, 'EfsRpcRemoveUsersFromFile'], [9, 'EfsRpcAddUsersToFile'],
  [12, 'EfsRpcFileKeyInfo'], [13, 'EfsRpcDuplicateEncryptionInfoFile'], [15, 'EfsRpcAddUsersToFileEx'],
]);

/** MS-DFSNM 3.1.4: NetrDfsAddStdRoot / NetrDfsRemoveStdRoot are what DFSCoerce calls. */
const NETDFS = names([[0, 'NetrDfsManagerGetVersion'], [12, 'NetrDfsAddStdRoot'], [13, 'NetrDfsRemoveStdRoot']]);

/** MS-RRP 3.1.5. */
const WINREG = names([
  [0, 'OpenClassesRoot'], [1, 'OpenCurrentUser'], [2, 'OpenLocalMachine'], [4, 'OpenUsers'], [5, 'BaseRegCloseKey'],
  [6, 'BaseRegCreateKey'], [8, 'BaseRegDeleteKey'], [9, 'BaseRegEnumKey'], [10, 'BaseRegEnumValue'],
  [15, 'BaseRegOpenKey'], [16, 'BaseRegQueryInfoKey'], [17, 'BaseRegQueryValue'], [20, 'BaseRegSaveKey'],
  [22, 'BaseRegSetValue'], [24, 'BaseInitiateSystemShutdown'], [31, 'BaseRegSaveKeyEx'],
]);

/** MS-TSCH 3.2.5.2 (atsvc) and 3.2.5.4 (ITaskSchedulerService). */
const ATSVC = names([[0, 'NetrJobAdd'], [1, 'NetrJobDel'], [2, 'NetrJobEnum'], [3, 'NetrJobGetInfo']]);
const TASK_SCHEDULER = names([
  [0, 'SchRpcHighestVersion'], [1, 'SchRpcRegisterTask'], [2, 'SchRpcRetrieveTask'], [6, 'SchRpcEnumFolder'],
  [7, 'SchRpcEnumTasks'], [12, 'SchRpcRun'], [13, 'SchRpcDelete'],
]);

/** MS-WMI 3.1.4. */
const WBEM_LEVEL1_LOGIN = names([[3, 'EstablishPosition'], [4, 'RequestChallenge'], [5, 'WBEMLogin'], [6, 'NTLMLogin']]);
const WBEM_SERVICES = names([
  [3, 'OpenNamespace'], [6, 'GetObject'], [14, 'PutInstance'], [18, 'CreateInstanceEnum'], [20, 'ExecQuery'],
  [21, 'ExecQueryAsync'], [22, 'ExecNotificationQuery'], [23, 'ExecNotificationQueryAsync'], [24, 'ExecMethod'],
  [25, 'ExecMethodAsync'],
]);

/** MS-EVEN 3.1.4. */
const EVENTLOG = names([[0, 'ElfrClearELFW'], [1, 'ElfrBackupELFW'], [7, 'ElfrOpenELW'], [9, 'ElfrOpenBELW']]);

/** MS-BKRP 3.1.4.1: the DPAPI domain backup key. */
const BACKUPKEY = names([[0, 'BackuprKey']]);

const INTERFACES: Readonly<Record<string, RpcInterface>> = {
  '367abb81-9844-35f1-ad32-98f038001003': { endpoint: 'svcctl', operations: SVCCTL },
  '4b324fc8-1670-01d3-1278-5a47bf6ee188': { endpoint: 'srvsvc', operations: SRVSVC },
  '6bffd098-a112-3610-9833-46c3f87e345a': { endpoint: 'wkssvc', operations: WKSSVC },
  '12345778-1234-abcd-ef00-0123456789ac': { endpoint: 'samr', operations: SAMR },
  '12345778-1234-abcd-ef00-0123456789ab': { endpoint: 'lsarpc', operations: LSARPC },
  '3919286a-b10c-11d0-9ba8-00c04fd92ef5': { endpoint: 'dssetup', operations: DSSETUP },
  '12345678-1234-abcd-ef00-01234567cffb': { endpoint: 'netlogon', operations: NETLOGON },
  'e3514235-4b06-11d1-ab04-00c04fc2dcd2': { endpoint: 'drsuapi', operations: DRSUAPI },
  'e1af8308-5d1f-11c9-91a4-08002b14a0fa': { endpoint: 'epmapper', operations: EPMAPPER },
  '000001a0-0000-0000-c000-000000000046': { endpoint: 'ISystemActivator', operations: REMOTE_SCM_ACTIVATOR },
  '4d9f4ab8-7d1c-11cf-861e-0020af6e7c57': { endpoint: 'IActivation', operations: ACTIVATION },
  '99fcfec4-5260-101b-bbcb-00aa0021347a': { endpoint: 'IOXIDResolver', operations: OBJECT_EXPORTER },
  '00000131-0000-0000-c000-000000000046': { endpoint: 'IRemUnknown', operations: REM_UNKNOWN },
  '00000143-0000-0000-c000-000000000046': { endpoint: 'IRemUnknown2', operations: REM_UNKNOWN },
  '00020400-0000-0000-c000-000000000046': { endpoint: 'IDispatch', operations: DISPATCH },
  '12345678-1234-abcd-ef00-0123456789ab': { endpoint: 'spoolss', operations: SPOOLSS },
  '76f03f96-cdfd-44fc-a22c-64950a001209': { endpoint: 'IRemoteWinspool', operations: {} },
  'c681d488-d850-11d0-8c52-00c04fd90f7e': { endpoint: 'efsrpc', operations: EFSRPC },
  'df1941c5-fe89-4e79-bf10-463657acf44d': { endpoint: 'efsrpc', operations: EFSRPC },
  '4fc742e0-4a10-11cf-8273-00aa004ae673': { endpoint: 'netdfs', operations: NETDFS },
  '338cd001-2244-31f1-aaaa-900038001003': { endpoint: 'winreg', operations: WINREG },
  '1ff70682-0a51-30e8-076d-740be8cee98b': { endpoint: 'atsvc', operations: ATSVC },
  '378e52b0-c0a9-11cf-822d-00aa0051e40f': { endpoint: 'sasec', operations: {} },
  '86d35949-83c9-4044-b424-db363231fd0c': { endpoint: 'ITaskSchedulerService', operations: TASK_SCHEDULER },
  'f309ad18-d86a-11d0-a075-00c04fb68820': { endpoint: 'IWbemLevel1Login', operations: WBEM_LEVEL1_LOGIN },
  '9556dc99-828c-11cf-a37e-00aa003240c7': { endpoint: 'IWbemServices', operations: WBEM_SERVICES },
  '82273fdc-e32a-18c3-3f78-827929dc23ea': { endpoint: 'eventlog', operations: EVENTLOG },
  'f6beaff7-1e19-4fbb-9f8f-b89e2018337c': { endpoint: 'IEventService', operations: {} },
  '3dde7c30-165d-11d1-ab8f-00805f14db40': { endpoint: 'BackupKey', operations: BACKUPKEY },
  '894de0c0-0d55-11d3-a322-00c04fa321a1': { endpoint: 'InitShutdown', operations: {} },
  'afa8bd80-7d8a-11c9-bef4-08002b102989': { endpoint: 'mgmt', operations: MGMT },
  '8a885d04-1ceb-11c9-9fe8-08002b104860': { endpoint: 'NDR', operations: {} },
};

export function interfaceOf(uuid: string): RpcInterface {
  return INTERFACES[uuid] ?? { endpoint: `unknown-${uuid}`, operations: {} };
}

export function operationName(rpcInterface: RpcInterface, opnum: number): string {
  return rpcInterface.operations[opnum] ?? `unknown-${opnum}`;
}

/**
 * The interface usually served on a named pipe, for calls whose bind was not captured (Zeek's
 * `pipe_name_to_common_uuid`, widened to the pipes of the tables above).
 */
const PIPE_INTERFACES: Readonly<Record<string, string>> = {
  svcctl: '367abb81-9844-35f1-ad32-98f038001003', srvsvc: '4b324fc8-1670-01d3-1278-5a47bf6ee188',
  wkssvc: '6bffd098-a112-3610-9833-46c3f87e345a', samr: '12345778-1234-abcd-ef00-0123456789ac',
  lsarpc: '12345778-1234-abcd-ef00-0123456789ab', netlogon: '12345678-1234-abcd-ef00-01234567cffb',
  spoolss: '12345678-1234-abcd-ef00-0123456789ab', winreg: '338cd001-2244-31f1-aaaa-900038001003',
  atsvc: '1ff70682-0a51-30e8-076d-740be8cee98b', efsrpc: 'df1941c5-fe89-4e79-bf10-463657acf44d',
  netdfs: '4fc742e0-4a10-11cf-8273-00aa004ae673', eventlog: '82273fdc-e32a-18c3-3f78-827929dc23ea',
  protected_storage: '3dde7c30-165d-11d1-ab8f-00805f14db40',
};

export function pipeInterfaceUuid(pipe: string): string | undefined {
  const name = pipe.toLowerCase().replace(/^.*\\/, '');
  return Object.hasOwn(PIPE_INTERFACES, name) ? PIPE_INTERFACES[name] : undefined;
}

export const DRSUAPI_UUID = 'e3514235-4b06-11d1-ab04-00c04fc2dcd2';

/**
 * Names the interface of a TCP conversation whose bind was not captured (the capture began mid-connection), from the
 * order of its opnums. Only directory replication is recognised: every replication client opens with DRSBind (0),
 * asks for changes with DRSGetNCChanges (3), and around it resolves names or DCs (DRSCrackNames 12,
 * DRSDomainControllerInfo 16) or unbinds (DRSUnbind 1); other interfaces that open with opnum 0 (SamrConnect,
 * LsarClose) do not go on to 3 and then 12/16/1. Sealed traffic shows only these opnums, so they are the evidence.
 */
export function inferUnboundInterface(opnums: readonly number[]): string | undefined {
  if (opnums[0] !== 0) return undefined;
  const getChanges = opnums.indexOf(3);
  if (getChanges < 0) return undefined;
  const companions = new Set([1, 12, 16]);
  return opnums.some((opnum, index) => index > 0 && index !== getChanges && companions.has(opnum)) ? DRSUAPI_UUID : undefined;
}
