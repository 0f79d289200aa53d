import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/engine/errors';
import { EventXmlScanner } from '../../../src/engine/parsers/sysmon-xml/event-scanner';

describe('EventXmlScanner', () => {
  const scanner = new EventXmlScanner();

  it('reads System tags and attributes as Tag and Tag_Attribute', () => {
    const record = scanner.scan(
      `<Event xmlns="x"><System><Provider Name="P" Guid="{G}"/><EventID Qualifiers="16384">7045</EventID>
       <TimeCreated SystemTime="2020-01-01T00:00:00.0000000Z"/><Correlation ActivityID="{A}" RelatedActivityID="{R}"/>
       <Security UserID="S-1-5-18"/><Computer> host1 </Computer></System></Event>`,
      'f.xml',
      10,
    );
    expect(record.system).toEqual({
      Provider_Name: 'P',
      Provider_Guid: '{G}',
      EventID: '7045',
      EventID_Qualifiers: '16384',
      TimeCreated_SystemTime: '2020-01-01T00:00:00.0000000Z',
      Correlation_ActivityID: '{A}',
      Correlation_RelatedActivityID: '{R}',
      Security_UserID: 'S-1-5-18',
      Computer: 'host1',
    });
    expect(record.dataRoot).toBeNull();
    expect(record.data).toEqual([]);
  });

  it('keeps EventData order, unnamed items, Binary and empty items', () => {
    const record = scanner.scan(
      `<Event><System/><EventData><Data>a</Data><Data Name="N"/><Binary>0A0B</Binary><Data Name="M">m</Data></EventData></Event>`,
      'f.xml',
      0,
    );
    expect(record.dataRoot).toBe('EventData');
    expect(record.data).toEqual([
      [null, 'a'],
      ['N', ''],
      ['Binary', '0A0B'],
      ['M', 'm'],
    ]);
  });

  it('flattens UserData leaves and names the root', () => {
    const record = scanner.scan(
      `<Event><UserData><Root xmlns="y"><A>1</A><Group><B>2</B><C/></Group></Root></UserData></Event>`,
      'f.xml',
      0,
    );
    expect(record.dataRoot).toBe('UserData');
    expect(record.userDataRoot).toBe('Root');
    expect(record.data).toEqual([
      ['A', '1'],
      ['B', '2'],
      ['C', ''],
    ]);
  });

  it('takes a UserData root without children as its own leaf', () => {
    const record = scanner.scan(`<Event><UserData><Marker>on</Marker></UserData></Event>`, 'f.xml', 0);
    expect(record.userDataRoot).toBe('Marker');
    expect(record.data).toEqual([['Marker', 'on']]);
  });

  it('ignores RenderingInfo and comments', () => {
    const record = scanner.scan(
      `<Event><System><EventID>1</EventID></System><!-- c --><RenderingInfo Culture="en-US"><Message>m</Message></RenderingInfo></Event>`,
      'f.xml',
      0,
    );
    expect(record.system).toEqual({ EventID: '1' });
    expect(record.data).toEqual([]);
  });

  it('throws a typed InputError carrying the file and the event offset', () => {
    let thrown: unknown;
    try {
      scanner.scan('<Other/>', 'f.xml', 1234);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect(thrown).toMatchObject({ file: 'f.xml', offset: 1234, structure: 'Event XML' });
    expect((thrown as InputError).reason).toMatch(/root element is <Other>/);
  });

  it.each([
    ['text after the root', '<Event></Event>tail'],
    ['a second root', '<Event></Event><Event></Event>'],
    ['a stray slash', '<Event / x></Event>'],
    ['an attribute without value', '<Event a></Event>'],
    ['an unterminated attribute', '<Event a="x></Event>'],
    ['< inside an attribute', '<Event a="<"></Event>'],
    ['an unterminated CDATA', '<Event><![CDATA[x</Event>'],
    ['a DOCTYPE', '<!DOCTYPE x><Event></Event>'],
    ['no element', '   '],
  ])('rejects %s', (_name, xml) => {
    expect(() => scanner.scan(xml, 'f.xml', 0)).toThrow(InputError);
  });
});
