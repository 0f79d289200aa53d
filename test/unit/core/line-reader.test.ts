import { describe, expect, it } from 'vitest';
import { readLines } from '../../../src/engine/io/line-reader';

const collect = async (parts: BlobPart[], options = {}) => {
  const lines = [];
  for await (const line of readLines(new Blob(parts), options)) lines.push(line);
  return lines;
};

describe('readLines', () => {
  it('yields every line with its byte offset and number, across slice boundaries', async () => {
    const lines = await collect(['alpha\r\nbé\nlast'], { sliceBytes: 3 });
    expect(lines.map((l) => [l.text, l.offset, l.lineNo, l.truncated])).toEqual([
      ['alpha', 0, 1, false],
      ['bé', 7, 2, false],
      ['last', 11, 3, false],
    ]);
  });

  it('keeps empty lines and does not invent a line after a final newline', async () => {
    const lines = await collect(['a\n\nb\n']);
    expect(lines.map((l) => l.text)).toEqual(['a', '', 'b']);
  });

  it('strips a UTF-8 byte-order mark and replaces invalid bytes instead of failing', async () => {
    const lines = await collect([new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xff, 0x62, 0x0a])]);
    expect(lines[0].text).toBe('a\ufffdb');
  });

  it('cuts lines over the limit, marks them, and keeps reading the next line', async () => {
    const lines = await collect(['x'.repeat(50) + '\nok\n'], { maxLineBytes: 10, sliceBytes: 7 });
    expect(lines.map((l) => [l.text, l.truncated])).toEqual([['x'.repeat(10), true], ['ok', false]]);
    expect(lines[1].offset).toBe(51);
  });

  it('reads an empty blob as no lines', async () => {
    expect(await collect([])).toEqual([]);
  });
});

describe('readLines on UTF-16 files', () => {
  const utf16 = (text: string, bigEndian = false): Uint8Array<ArrayBuffer> => {
    const out = new Uint8Array(2 + text.length * 2);
    out.set(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      out[2 + 2 * i + (bigEndian ? 1 : 0)] = unit & 0xff;
      out[2 + 2 * i + (bigEndian ? 0 : 1)] = unit >> 8;
    }
    return out;
  };

  it('reads little-endian lines with exact byte offsets across odd slice boundaries', async () => {
    const lines = await collect([utf16('first\r\nsécond 😀\nlast')], { sliceBytes: 5 });
    expect(lines.map((l) => [l.text, l.offset, l.lineNo])).toEqual([
      ['first', 2, 1],
      ['sécond 😀', 16, 2],
      ['last', 36, 3],
    ]);
  });

  it('reads big-endian lines and cuts overlong ones', async () => {
    const lines = await collect([utf16('abcdefgh\nok\n', true)], { maxLineBytes: 8 });
    expect(lines.map((l) => [l.text, l.truncated])).toEqual([['abcd', true], ['ok', false]]);
  });
});
