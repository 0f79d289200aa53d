/**
 * One Windows event as both Windows event readers see it: the EVTX parser (from BinXML) and the Sysmon XML parser
 * (from rendered XML) build this and hand it to `normalizeWindowsEvent`, so the two sources normalize alike.
 */
export interface WindowsRecord {
  /**
   * System values named `Tag` or `Tag_Attribute` (event schema, MS-EVEN6 / event.xsd `SystemPropertiesType`):
   * EventID, Version, Level, Task, Opcode, Keywords, TimeCreated_SystemTime, EventRecordID, Correlation_ActivityID,
   * Correlation_RelatedActivityID, Execution_ProcessID, Execution_ThreadID, Channel, Computer, Security_UserID,
   * Provider_Name, Provider_Guid, Provider_EventSourceName, EventID_Qualifiers.
   */
  system: Record<string, string>;
  /** EventData `<Data>` in order (null name = unnamed), or UserData leaf elements flattened (element name, text). */
  data: Array<[name: string | null, value: string]>;
  dataRoot: 'EventData' | 'UserData' | null;
  /** The UserData child element name, e.g. LogFileCleared. */
  userDataRoot?: string;
}

/**
 * System names a data value may never overwrite: they identify the record (the measuring tools and every rule key on
 * them), while an EventData item of the same name is only payload.
 */
export const PROTECTED_SYSTEM_FIELDS: readonly string[] = ['EventID', 'EventRecordID', 'Channel', 'Computer', 'Provider_Name'];

export const SYSMON_CHANNEL = 'Microsoft-Windows-Sysmon/Operational';
export const SECURITY_CHANNEL = 'Security';
export const POWERSHELL_OPERATIONAL_CHANNEL = 'Microsoft-Windows-PowerShell/Operational';
/** PowerShell 7 writes the same 4103/4104 events to its own channel; Sigma's ps_* categories cover both. */
export const POWERSHELL_CORE_CHANNEL = 'PowerShellCore/Operational';
export const WINDOWS_POWERSHELL_CHANNEL = 'Windows PowerShell';
