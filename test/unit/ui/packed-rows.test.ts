import { describe, expect, it } from 'vitest';
import { packRows, rowAtPosition, unpackRow } from '../../../src/ui/bridge/packed-rows';
import type { EventRow } from '../../../src/ui/bridge/protocol';
import { RowTable } from '../../../src/ui/state/row-table';

function row(index: number, message: string, patch: Partial<EventRow> = {}): EventRow {
  return {
    id: `0:${index * 100}`, ts: `2026-01-01T00:00:${String(index % 60).padStart(2, '0')}Z`, t: 1_767_225_600_000 + index * 1000,
    host: `HOST-${index % 3}`, user: 'CORP\\bob', kind: 'process_creation', source: 'sysmon-xml', message,
    file: 'a.xml', offset: index * 100, ...patch,
  };
}

describe('packed rows', () => {
  it('round-trips every field, an untimed row and separators hidden in the text', () => {
    const rows = [row(0, 'cmd.exe /c whoami'), row(1, 'tab\u001fand\u001erecord', { ts: null, t: NaN }), row(2, '')];
    const packed = packRows(rows);
    expect(unpackRow(packed, 0)).toEqual(rows[0]);
    expect(unpackRow(packed, 1)).toEqual({ ...rows[1], message: 'tab and record' });
    expect(unpackRow(packed, 2)).toEqual(rows[2]);
    expect(unpackRow(packed, 3)).toBeUndefined();
    expect(unpackRow(packed, -1)).toBeUndefined();
    expect(rowAtPosition(packed, 0)).toBe(0);
    expect(rowAtPosition(packed, packed.starts[1])).toBe(1);
    expect(rowAtPosition(packed, packed.text.length - 1)).toBe(2);
  });

  it('packs no rows into an empty chunk', () => {
    const packed = packRows([]);
    expect(packed.times).toHaveLength(0);
    expect(packed.starts).toEqual(new Uint32Array([0]));
  });
});

describe('row table', () => {
  const table = new RowTable();
  table.append(packRows([row(0, 'powershell -enc AAA'), row(1, 'net user'), row(2, 'PowerShell again powershell')]));
  table.append(packRows([]));
  table.append(packRows([row(3, 'whoami'), row(4, 'POWERSHELL.EXE')]));

  it('addresses rows across chunks by arrival index and keeps decoded rows identical', () => {
    expect(table.count).toBe(5);
    expect(table.row(3)?.message).toBe('whoami');
    expect(table.row(3)).toBe(table.row(3));
    expect(table.row(5)).toBeUndefined();
    expect(table.time(4)).toBe(1_767_225_604_000);
    expect(table.time(9)).toBeNaN();
    const times: number[] = [];
    table.forEachTimeIn(0, table.count, (t) => times.push(t));
    expect(times).toEqual([0, 1, 2, 3, 4].map((i) => 1_767_225_600_000 + i * 1000));
    // A slice that starts inside one chunk and ends inside another.
    const middle: number[] = [];
    table.forEachTimeIn(1, 4, (t) => middle.push(t));
    expect(middle).toEqual([1, 2, 3].map((i) => 1_767_225_600_000 + i * 1000));
  });

  it('finds each matching row once, case-insensitively, in arrival order', () => {
    expect(table.search('powershell')).toEqual([0, 2, 4]);
    expect(table.search('HOST-1')).toEqual([1, 4]);
    expect(table.search('  ')).toEqual([]);
    // The empty batch added no chunk: chunk 1 holds rows 3 and 4.
    expect(table.search('powershell', 0, 1)).toEqual([0, 2]);
    expect(table.search('powershell', 1)).toEqual([4]);
    expect(table.search('powershell', 2)).toEqual([]);
  });

  it('still finds the right rows when lower-casing changes the text length', () => {
    const unicode = new RowTable();
    unicode.append(packRows([row(0, 'İstanbul office'), row(1, 'nothing'), row(2, 'target here')]));
    expect(unicode.search('target')).toEqual([2]);
    expect(unicode.search('office')).toEqual([0]);
  });
});
