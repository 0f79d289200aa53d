import { describe, expect, it } from 'vitest';
import { decodeChunk } from '../../../src/engine/parsers/evtx/chunk-decoder';
import { FILE_HEADER_BYTES } from '../../../src/engine/parsers/evtx/file-header';
import { SAMPLE_SYSTEM, SYSTEM_VALUE_COUNT, eventTemplate, systemValues } from '../../helpers/evtx/fixtures';
import { v } from '../../helpers/evtx/values';
import { ChunkWriter, type TemplateSpec } from '../../helpers/evtx/writer';

/** BinXML tokens (MS-EVEN6 3.1.4.7) through the chunk decoder, one construct at a time. */

const decode = (chunk: Uint8Array) => decodeChunk(chunk, FILE_HEADER_BYTES, 'tokens.evtx');

describe('BinXML tokens', () => {
  it('defines a template inline once and reuses it by offset in later records', () => {
    const template = eventTemplate('sysmon1', ['Image', 'CommandLine']);
    const writer = new ChunkWriter();
    writer.templateRecord(1, template, [...systemValues({ ...SAMPLE_SYSTEM, recordId: 1 }), v.string('a.exe'), v.string('a.exe /x')]);
    const secondAt = writer.position;
    writer.templateRecord(2, template, [...systemValues({ ...SAMPLE_SYSTEM, recordId: 2 }), v.string('b.exe'), v.string('b.exe /y')]);
    const chunk = writer.finish();
    // The second record only points back: it is far smaller than the first, which carried the definition.
    expect(chunk.length).toBeGreaterThan(secondAt);
    const decoded = decode(chunk);
    expect(decoded.issues).toEqual([]);
    expect(decoded.records.map((r) => [r.recordId, r.record.system.EventRecordID, r.record.data])).toEqual([
      [1, '1', [['Image', 'a.exe'], ['CommandLine', 'a.exe /x']]],
      [2, '2', [['Image', 'b.exe'], ['CommandLine', 'b.exe /y']]],
    ]);
    expect(decoded.records[1].offset).toBe(FILE_HEADER_BYTES + secondAt);
  });

  it('reads plain elements with text, CDATA, character and entity references, PIs and <Binary>', () => {
    const chunk = new ChunkWriter()
      .elementRecord(7, {
        element: 'Event',
        children: [
          {
            element: 'System',
            children: [
              { element: 'Provider', attrs: [['Name', 'Service Control Manager']] },
              { element: 'EventID', attrs: [['Qualifiers', '16384']], children: ['7036'] },
              { element: 'Channel', children: ['System'] },
              { element: 'Computer', children: ['HOST', { charRef: 0x2d }, 'A'] },
            ],
          },
          {
            element: 'EventData',
            children: [
              { element: 'Data', children: ['a ', { entity: 'lt' }, 'b', { entity: 'amp' }, 'c', { entity: 'nbsp' }] },
              { element: 'Data', children: [{ cdata: 'x < y' }] },
              { pi: 'target', data: 'ignored' },
              { element: 'Binary', children: ['D9060000'] },
            ],
          },
        ],
      })
      .finish();
    const decoded = decode(chunk);
    expect(decoded.issues).toEqual([]);
    const { record } = decoded.records[0];
    expect(record.system).toMatchObject({
      Provider_Name: 'Service Control Manager',
      EventID: '7036',
      EventID_Qualifiers: '16384',
      Channel: 'System',
      Computer: 'HOST-A',
      EventRecordID: '7',
    });
    expect(record.system.TimeCreated_SystemTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    expect(record.data).toEqual([
      [null, 'a <b&c&nbsp;'],
      [null, 'x < y'],
      ['Binary', 'D9060000'],
    ]);
  });

  it('drops an element or attribute whose optional substitution is NULL, keeps a normal one empty', () => {
    const template = eventTemplate('optional', ['Kept', 'Dropped', 'Normal'], (index, name) => ({
      element: 'Data',
      attrs: [['Name', name]],
      children: [{ sub: index, optional: name !== 'Normal' }],
    }));
    const values = [...systemValues({ ...SAMPLE_SYSTEM, userSid: undefined }), v.string('yes'), v.null(), v.null()];
    const { record } = decode(new ChunkWriter().templateRecord(3, template, values).finish()).records[0];
    expect(record.system.Security_UserID).toBeUndefined();
    expect(record.data).toEqual([
      ['Kept', 'yes'],
      ['Normal', ''],
    ]);
  });

  it('expands a BinXML-typed value holding a nested template instance (UserData)', () => {
    const inner: TemplateSpec = {
      key: 'logfilecleared',
      root: {
        element: 'LogFileCleared',
        children: [
          { element: 'SubjectUserSid', children: [{ sub: 0 }] },
          { element: 'SubjectUserName', children: [{ sub: 1 }] },
          { element: 'Nested', children: [{ element: 'SubjectLogonId', children: [{ sub: 2 }] }] },
        ],
      },
    };
    const outer: TemplateSpec = {
      key: 'userdata',
      root: {
        element: 'Event',
        children: [
          { element: 'System', children: [{ element: 'EventID', children: [{ sub: 0 }] }, { element: 'Channel', children: [{ sub: 1 }] }] },
          { element: 'UserData', children: [{ sub: 2, declaredType: 0x21 }] },
        ],
      },
    };
    const writer = new ChunkWriter();
    const innerValues = [v.sid('S-1-5-21-1-2-3'), v.string('admin01'), v.hex64(0xaf855n)];
    // First use defines the inner template (as a plain record); the nested value then points back at it.
    writer.templateRecord(1, inner, innerValues);
    const nested = writer.nestedInstance(inner, innerValues);
    writer.templateRecord(2, outer, [v.uint16(1102), v.string('Security'), v.binXml(nested)]);
    const decoded = decode(writer.finish());
    expect(decoded.issues).toEqual([]);
    expect(decoded.records[1].record).toEqual({
      system: { EventID: '1102', Channel: 'Security', EventRecordID: '2', TimeCreated_SystemTime: expect.any(String) },
      data: [
        ['SubjectUserSid', 'S-1-5-21-1-2-3'],
        ['SubjectUserName', 'admin01'],
        ['SubjectLogonId', '0xaf855'],
      ],
      dataRoot: 'UserData',
      userDataRoot: 'LogFileCleared',
    });
  });

  it('stops a template that instantiates itself at the nesting limit instead of recursing', () => {
    const writer = new ChunkWriter();
    writer.rawRecord(9, (at) => {
      const body = new Uint8Array(4 + 10 + 24 + 19 + 5);
      const view = new DataView(body.buffer);
      const definitionAt = at + 14;
      body.set([0x0f, 0x01, 0x01, 0x00, 0x0c, 0x01]);
      view.setUint32(10, definitionAt, true);
      view.setUint32(14 + 20, 19, true);
      body.set([0x0f, 0x01, 0x01, 0x00, 0x0c, 0x01], 38);
      view.setUint32(38 + 10, definitionAt, true);
      return body;
    });
    writer.templateRecord(10, eventTemplate('fine', ['X']), [...systemValues(SAMPLE_SYSTEM), v.string('ok')]);
    const decoded = decode(writer.finish());
    expect(decoded.records.map((r) => r.recordId)).toEqual([10]);
    expect(decoded.issues).toHaveLength(1);
    // The record's BinXML starts 24 bytes in; the definition follows the 14-byte instance header.
    expect(decoded.issues[0]).toMatchObject({ severity: 'error', offset: FILE_HEADER_BYTES + 512 + 24 + 14 });
    expect(decoded.issues[0].reason).toMatch(/nested deeper than 64/);
  });

  it('rejects elements nested past the limit with a typed error', () => {
    let node = { element: 'Leaf', children: ['x'] } as { element: string; children: unknown[] };
    for (let i = 0; i < 80; i++) node = { element: 'Level', children: [node] };
    const decoded = decode(new ChunkWriter().elementRecord(1, node as never).finish());
    expect(decoded.records).toEqual([]);
    expect(decoded.issues[0]).toMatchObject({ severity: 'error', structure: 'BinXML token' });
    expect(decoded.issues[0].reason).toMatch(/nested deeper than 64/);
  });

  it('numbers data substitutions after the System ones', () => {
    expect(SYSTEM_VALUE_COUNT).toBe(systemValues(SAMPLE_SYSTEM).length);
  });
});
