import { describe, expect, it } from 'vitest';
import { decodeChunk } from '../../../src/engine/parsers/evtx/chunk-decoder';
import { FILE_HEADER_BYTES } from '../../../src/engine/parsers/evtx/file-header';
import { SAMPLE_SYSTEM, eventTemplate, systemValues } from '../../helpers/evtx/fixtures';
import { fileTimeTicks, v } from '../../helpers/evtx/values';
import { ChunkWriter, type Value } from '../../helpers/evtx/writer';

/** Each BinXML value type (MS-EVEN6 2.2.12) rendered as Windows renders it in event XML. */

const CASES: Array<[name: string, value: Value, text: string]> = [
  ['String', v.string('C:\\Windows\\system32\\cmd.exe'), 'C:\\Windows\\system32\\cmd.exe'],
  ['StringWithNul', v.string('abc\0'), 'abc'],
  ['StringCrLf', v.string('line1\r\nline2\rline3'), 'line1\nline2\nline3'],
  ['StringControl', v.string('a\u000fb'), 'ab'],
  ['StringUnicode', v.string('Ünïcödé 😀'), 'Ünïcödé 😀'],
  ['Ansi', v.ansi('caf\xe9'), 'café'],
  ['Int8', v.int8(-5), '-5'],
  ['UInt8', v.uint8(250), '250'],
  ['Int16', v.int16(-30000), '-30000'],
  ['UInt16', v.uint16(65000), '65000'],
  ['Int32', v.int32(-2000000000), '-2000000000'],
  ['UInt32', v.uint32(4000000000), '4000000000'],
  ['Int64', v.int64(-9007199254740993n), '-9007199254740993'],
  ['Int64Small', v.int64(42n), '42'],
  ['UInt64', v.uint64(18446744073709551615n), '18446744073709551615'],
  ['Real32', v.real32(0.1), '1.000000e-001'],
  ['Real64', v.real64(-2.5e-10), '-2.500000e-010'],
  ['Real64Large', v.real64(123456789), '1.234568e+008'],
  ['BoolTrue', v.bool(true), 'true'],
  ['BoolFalse', v.bool(false), 'false'],
  ['Binary', v.binary([0xd9, 0x06, 0x00, 0x0a]), 'D906000A'],
  ['Guid', v.guid('{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'), '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}'],
  ['SizeT64', v.sizeT64(0x7ff6a1b2c3d4n), '0x7ff6a1b2c3d4'],
  ['SizeT32', v.sizeT32(0x1000), '0x1000'],
  ['FileTime', v.fileTime(fileTimeTicks('1601-01-01T00:00:00.0000001Z') + 131945328015938300n), '2019-02-13T12:00:01.5938301Z'],
  ['FileTimeEpoch', v.fileTime(0n), '1601-01-01T00:00:00.0000000Z'],
  ['FileTimeMax', v.fileTime(0xffffffffffffffffn), '+060056-05-28T05:36:10.9551615Z'],
  ['SystemTime', v.systemTime([2019, 2, 3, 13, 18, 1, 41, 593]), '2019-02-13T18:01:41.5930000Z'],
  ['Sid', v.sid('S-1-5-21-1587066498-1489273250-1035260531-1108'), 'S-1-5-21-1587066498-1489273250-1035260531-1108'],
  ['HexInt32', v.hex32(0x1010), '0x1010'],
  ['HexInt64', v.hex64(0x8020000000000000n), '0x8020000000000000'],
  ['HexInt64Small', v.hex64(0x3e7n), '0x3e7'],
  ['Null', v.null(), ''],
  ['WrongSize', v.raw(0x08, [1, 2]), '0102'],
];

function decodeSingle(names: string[], values: Value[]) {
  const chunk = new ChunkWriter().templateRecord(SAMPLE_SYSTEM.recordId, eventTemplate('types', names), [...systemValues(SAMPLE_SYSTEM), ...values]).finish();
  return decodeChunk(chunk, FILE_HEADER_BYTES, 'types.evtx');
}

describe('EVTX value types', () => {
  it('renders every scalar type as Windows writes it', () => {
    const decoded = decodeSingle(
      CASES.map(([name]) => name),
      CASES.map(([, value]) => value),
    );
    expect(decoded.issues).toEqual([]);
    expect(decoded.records).toHaveLength(1);
    const data = decoded.records[0].record.data;
    expect(data.map(([name]) => name)).toEqual(CASES.map(([name]) => name));
    for (const [index, [name, , text]] of CASES.entries()) expect([name, data[index][1]]).toEqual([name, text]);
  });

  it('repeats the element once per item of an array value', () => {
    const decoded = decodeSingle(['Strings', 'Ports', 'Empty'], [v.stringArray(['alpha', 'beta', 'gamma']), v.uint16Array([80, 443]), v.stringArray([])]);
    expect(decoded.records[0].record.data).toEqual([
      ['Strings', 'alpha'],
      ['Strings', 'beta'],
      ['Strings', 'gamma'],
      ['Ports', '80'],
      ['Ports', '443'],
      ['Empty', ''],
    ]);
  });

  it('renders the System values with the full 100 ns time', () => {
    const { record } = decodeSingle([], []).records[0];
    expect(record.system).toEqual({
      Provider_Name: 'Microsoft-Windows-Sysmon',
      Provider_Guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}',
      EventID: '1',
      Level: '4',
      TimeCreated_SystemTime: '2019-02-13T18:01:41.5938301Z',
      EventRecordID: '227693',
      Execution_ProcessID: '1760',
      Execution_ThreadID: '1952',
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'PC01.example.corp',
      Security_UserID: 'S-1-5-18',
    });
    expect(record.dataRoot).toBe('EventData');
  });
});

describe('FILETIME text', () => {
  it('matches Date for every kind of day, to the 100 ns tick', async () => {
    const { fileTimeText } = await import('../../../src/engine/parsers/evtx/value-types');
    const epochTicks = 116444736000000000n;
    // Leap days, year and century boundaries, 1601, and a spread of seconds across four centuries.
    const samples = [0, 951782400, 951868799, 4107542400, 1709164800, -11644473600, 253402300799, 1550080901];
    for (let i = 0; i < 500; i++) samples.push(Math.floor(((i * 7919) % 10007) * 1e6) - 11644473600);
    for (const unixSeconds of samples) {
      const ticks = (BigInt(unixSeconds) * 10_000_000n) + epochTicks + 1234567n;
      const text = fileTimeText(Number(ticks >> 32n), Number(ticks & 0xffffffffn));
      expect(text).toBe(new Date(unixSeconds * 1000).toISOString().slice(0, -4) + '1234567Z');
    }
  });
});
