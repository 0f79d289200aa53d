import { describe, expect, it } from 'vitest';
import type { ParseIssue } from '../../../src/engine/errors';
import { parser } from '../../../src/engine/parsers/evtx';
import { SAMPLE_SYSTEM, eventTemplate, systemValues } from '../../helpers/evtx/fixtures';
import { v } from '../../helpers/evtx/values';
import { ChunkWriter, evtxFile, type TemplateSpec } from '../../helpers/evtx/writer';
import { lcg } from '../../helpers/seeded-random';

/**
 * Damaged copies of a fixture, made the way the project's mutate-run tool makes them (truncations, bit flips, 4-byte
 * overwrites with 0x00/0xff, repeated slices): every parse must end, and every problem must be a typed input error,
 * never an internal one.
 */

const MUTATIONS = 400;

function fixture(): Uint8Array<ArrayBuffer> {
  const data = eventTemplate('fuzz', ['Image', 'Hashes', 'ProcessGuid', 'Ports', 'When']);
  const inner: TemplateSpec = { key: 'inner', root: { element: 'Inner', children: [{ element: 'Leaf', children: [{ sub: 0 }] }] } };
  const outer: TemplateSpec = { key: 'outer', root: { element: 'Event', children: [{ element: 'UserData', children: [{ sub: 0 }] }] } };
  const chunks: Uint8Array[] = [];
  for (let c = 0; c < 2; c++) {
    const writer = new ChunkWriter();
    writer.templateRecord(1, inner, [v.string('leaf')]);
    for (let r = 0; r < 6; r++) {
      const id = c * 10 + r + 2;
      writer.templateRecord(id, data, [
        ...systemValues({ ...SAMPLE_SYSTEM, recordId: id }),
        v.string(`C:\\Windows\\System32\\tool${r}.exe`),
        v.string('SHA1=F04EE61F0C6766590492CD3D9E26ECB0D4F501D8'),
        v.guid('{B2796A13-E44F-5880-0000-001006E40F00}'),
        v.uint16Array([80, 443, r]),
        v.systemTime([2019, 2, 3, 13, 18, 1, 41, 593]),
      ]);
    }
    writer.templateRecord(c * 10 + 9, outer, [v.binXml(writer.nestedInstance(inner, [v.string('nested')]))]);
    writer.elementRecord(c * 10 + 10, { element: 'Event', children: [{ element: 'System', children: [{ element: 'EventID', children: ['7'] }] }] });
    chunks.push(writer.finish());
  }
  return evtxFile(chunks);
}

function mutate(original: Uint8Array<ArrayBuffer>, kind: number, random: () => number): Uint8Array<ArrayBuffer> {
  let bytes = original.slice();
  if (kind === 0) return bytes.subarray(0, Math.floor(random() * bytes.length));
  if (kind === 1) {
    for (let k = 0; k < 1 + random() * 64; k++) bytes[Math.floor(random() * bytes.length)] ^= 1 << Math.floor(random() * 8);
  } else if (kind === 2) {
    const view = new DataView(bytes.buffer);
    for (let k = 0; k < 1 + random() * 16; k++) view.setUint32(Math.floor(random() * (bytes.length - 4)), random() < 0.5 ? 0 : 0xffffffff, true);
  } else {
    const at = Math.floor(random() * bytes.length);
    const length = Math.floor(random() * 4096);
    const grown = new Uint8Array(bytes.length + Math.min(length, bytes.length - at));
    grown.set(bytes.subarray(0, at));
    grown.set(bytes.subarray(at, at + length), at);
    grown.set(bytes.subarray(at), at + Math.min(length, bytes.length - at));
    bytes = grown;
  }
  return bytes;
}

describe('EVTX on damaged input', () => {
  it(`ends with typed issues only, over ${MUTATIONS} mutations`, async () => {
    const original = fixture();
    const random = lcg(12345);
    const internal: ParseIssue[] = [];
    let records = 0;
    for (let i = 0; i < MUTATIONS; i++) {
      const damaged = mutate(original, i % 4, random);
      for await (const batch of parser.parse(new Blob([damaged]), { fileName: `m${i}.evtx`, fileIndex: 0 })) {
        records += batch.events.length;
        internal.push(...batch.issues.filter((issue) => issue.reason.startsWith('internal')));
      }
    }
    expect(internal).toEqual([]);
    // Damage loses some records, not most of them.
    expect(records).toBeGreaterThan(MUTATIONS * 8);
  });
});
