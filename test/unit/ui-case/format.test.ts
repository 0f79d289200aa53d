import { describe, expect, it } from 'vitest';
import {
  DISPLAY_MAX_VALUE_CHARS,
  clipForDisplay,
  displayText,
  formatBytes,
  formatTime,
  formatTimeRange,
  formatWeight,
} from '../../../src/ui/case/format';

describe('formatWeight', () => {
  it('signs contributions with a real minus and no +0', () => {
    expect(formatWeight(12)).toBe('+12');
    expect(formatWeight(-5)).toBe('\u22125');
    expect(formatWeight(0)).toBe('0');
    expect(formatWeight(Number.NaN)).toBe('?');
  });
});

describe('times', () => {
  it('keeps full precision and says when there is no time', () => {
    expect(formatTime('2019-03-19T23:34:25.4564240Z')).toBe('2019-03-19 23:34:25.4564240Z');
    expect(formatTime(null)).toBe('no time');
  });
  it('collapses equal range ends', () => {
    expect(formatTimeRange('2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')).toBe('2026-01-01 00:00:00Z');
    expect(formatTimeRange('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')).toBe('2026-01-01 00:00:00Z – 2026-01-02 00:00:00Z');
  });
});

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(69632)).toBe('68.0 KiB');
    expect(formatBytes(-1)).toBe('?');
  });
});

describe('displayText and clipForDisplay', () => {
  it('defangs indicators quoted in free text', () => {
    const shown = displayText('fetched http://evil.example.com/a.ps1 from 198.51.100.7');
    expect(shown).not.toContain('http://');
    expect(shown).not.toContain('198.51.100.7');
    expect(shown).toContain('198[.]51[.]100[.]7');
  });
  it('leaves already defanged text as it is', () => {
    const text = 'beacon to evil[.]example[.]com and 1.2.3[.]4';
    expect(displayText(text)).toBe(text);
  });
  it('cuts long values and counts what it cut', () => {
    const clipped = clipForDisplay('a'.repeat(DISPLAY_MAX_VALUE_CHARS + 10));
    expect(clipped.text).toHaveLength(DISPLAY_MAX_VALUE_CHARS);
    expect(clipped.omitted).toBe(10);
    expect(clipForDisplay('short')).toEqual({ text: 'short', omitted: 0 });
  });
});
