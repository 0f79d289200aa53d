/**
 * A small Sysmon .evtx of our own, built with the repo's EVTX writer (test/helpers/evtx) when the test runs: the same
 * host dumps LSASS with comsvcs through rundll32 (process access with read rights, then a .dmp written by that
 * process) after scheduling a PowerShell task. It complements sysmon-intrusion.xml, which has no scheduled task.
 */
import { SAMPLE_SYSTEM, eventTemplate, systemValues, type SystemFields } from '../helpers/evtx/fixtures';
import { v } from '../helpers/evtx/values';
import { ChunkWriter, evtxFile } from '../helpers/evtx/writer';

export const EVTX_HOST = 'SRV-APP-02.corp.example';
/** The technique only this file shows (schtasks /create running PowerShell). */
export const EVTX_ONLY_TECHNIQUE = 'T1053.005';

const RUNDLL32_GUID = '{6A1D2C3B-0002-0000-0000-000000000077}';

interface SysmonRecord {
  eventId: number;
  time: string;
  data: Record<string, string>;
}

const RECORDS: SysmonRecord[] = [
  {
    eventId: 1,
    time: '2026-03-02T10:02:00.0000000Z',
    data: {
      UtcTime: '2026-03-02 10:02:00.000',
      ProcessGuid: '{6A1D2C3B-0002-0000-0000-000000000070}',
      ProcessId: '5120',
      Image: 'C:\\Windows\\System32\\schtasks.exe',
      OriginalFileName: 'schtasks.exe',
      CommandLine: 'schtasks.exe /create /tn "OneDrive Sync" /sc onlogon /tr "powershell.exe -nop -w hidden -f C:\\ProgramData\\sync.ps1"',
      CurrentDirectory: 'C:\\Windows\\system32\\',
      User: 'CORP\\svc-app',
      IntegrityLevel: 'High',
      ParentProcessId: '4800',
      ParentImage: 'C:\\Windows\\System32\\cmd.exe',
      ParentCommandLine: 'cmd.exe',
    },
  },
  {
    eventId: 10,
    time: '2026-03-02T10:03:10.0000000Z',
    data: {
      UtcTime: '2026-03-02 10:03:10.000',
      SourceProcessGUID: RUNDLL32_GUID,
      SourceProcessId: '6020',
      SourceImage: 'C:\\Windows\\System32\\rundll32.exe',
      TargetProcessId: '700',
      TargetImage: 'C:\\Windows\\system32\\lsass.exe',
      GrantedAccess: '0x1410',
      CallTrace: 'C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\dbgcore.dll+6d3f|C:\\Windows\\System32\\comsvcs.dll+3a1c',
    },
  },
  {
    eventId: 11,
    time: '2026-03-02T10:03:11.0000000Z',
    data: {
      UtcTime: '2026-03-02 10:03:11.000',
      ProcessGuid: RUNDLL32_GUID,
      ProcessId: '6020',
      Image: 'C:\\Windows\\System32\\rundll32.exe',
      TargetFilename: 'C:\\Windows\\Temp\\lsass-700.dmp',
      CreationUtcTime: '2026-03-02 10:03:11.000',
    },
  },
];

export const EVTX_EVENT_COUNT = RECORDS.length;

/** The .evtx bytes: one chunk, one template per event id, string values (as a Sysmon export renders them). */
export function sysmonLsassDumpEvtx(): Uint8Array<ArrayBuffer> {
  const writer = new ChunkWriter();
  RECORDS.forEach((record, index) => {
    const system: SystemFields = {
      ...SAMPLE_SYSTEM, eventId: record.eventId, timeCreated: record.time, recordId: 9001 + index, computer: EVTX_HOST,
    };
    const names = Object.keys(record.data);
    writer.templateRecord(system.recordId, eventTemplate(`sysmon-${record.eventId}`, names),
      [...systemValues(system), ...names.map((name) => v.string(record.data[name]))]);
  });
  return evtxFile([writer.finish()]);
}
