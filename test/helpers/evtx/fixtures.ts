import { v, fileTimeTicks } from './values';
import type { Part, TemplateSpec, Value, XmlNode } from './writer';

/**
 * The event shape Windows writes (event.xsd): a System block whose values are all substitutions, then EventData
 * with one named `<Data>` per data value. `systemValues` fills the System substitutions 0-10 in order.
 */

export interface SystemFields {
  providerName: string;
  providerGuid: string;
  eventId: number;
  level: number;
  timeCreated: string;
  recordId: number;
  processId: number;
  threadId: number;
  channel: string;
  computer: string;
  userSid?: string;
}

const sub = (index: number, optional = false): Part => ({ sub: index, optional });

const SYSTEM: XmlNode = {
  element: 'System',
  children: [
    { element: 'Provider', attrs: [['Name', sub(0)], ['Guid', sub(1)]] },
    { element: 'EventID', children: [sub(2)] },
    { element: 'Level', children: [sub(3)] },
    { element: 'TimeCreated', attrs: [['SystemTime', sub(4)]] },
    { element: 'EventRecordID', children: [sub(5)] },
    { element: 'Execution', attrs: [['ProcessID', sub(6)], ['ThreadID', sub(7)]] },
    { element: 'Channel', children: [sub(8)] },
    { element: 'Computer', children: [sub(9)] },
    { element: 'Security', attrs: [['UserID', sub(10, true)]] },
  ],
};
export const SYSTEM_VALUE_COUNT = 11;

export function systemValues(fields: SystemFields): Value[] {
  return [
    v.string(fields.providerName),
    v.guid(fields.providerGuid),
    v.uint16(fields.eventId),
    v.uint8(fields.level),
    v.fileTime(fileTimeTicks(fields.timeCreated)),
    v.uint64(BigInt(fields.recordId)),
    v.uint32(fields.processId),
    v.uint32(fields.threadId),
    v.string(fields.channel),
    v.string(fields.computer),
    fields.userSid ? v.sid(fields.userSid) : v.null(),
  ];
}

/** A template with System and one `<Data Name=...>` per name, data substitutions numbered after the System ones. */
export function eventTemplate(key: string, dataNames: string[], dataNode?: (index: number, name: string) => XmlNode): TemplateSpec {
  const data = dataNames.map(
    (name, i): XmlNode => dataNode?.(SYSTEM_VALUE_COUNT + i, name) ?? { element: 'Data', attrs: [['Name', name]], children: [sub(SYSTEM_VALUE_COUNT + i)] },
  );
  return {
    key,
    root: { element: 'Event', attrs: [['xmlns', 'http://schemas.microsoft.com/win/2004/08/events/event']], children: [SYSTEM, { element: 'EventData', children: data }] },
  };
}

export const SAMPLE_SYSTEM: SystemFields = {
  providerName: 'Microsoft-Windows-Sysmon',
  providerGuid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}',
  eventId: 1,
  level: 4,
  timeCreated: '2019-02-13T18:01:41.5938301Z',
  recordId: 227693,
  processId: 1760,
  threadId: 1952,
  channel: 'Microsoft-Windows-Sysmon/Operational',
  computer: 'PC01.example.corp',
  userSid: 'S-1-5-18',
};
