import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCaseReport, PDF_MAX_TIMELINE_ROWS, renderCaseReport } from '../../../src/engine/report';
import { toWinAnsi } from '../../../src/engine/report/pdf-text';
import { bigCase, HOSTILE_SUBJECT, pendingCase, sampleCase } from './fixtures';

function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const canExtract = hasPdftotext();
if (!canExtract) console.warn('pdftotext (poppler-utils) is not installed: skipping the PDF text-extraction tests');

const dir = mkdtempSync(path.join(tmpdir(), 'soc-triage-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdfOf(triaged = sampleCase()): Uint8Array {
  const pdf = renderCaseReport(buildCaseReport(triaged), 'pdf');
  expect(pdf).toBeInstanceOf(Uint8Array);
  return pdf as Uint8Array;
}

function textOf(pdf: Uint8Array, name: string): string {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

describe('PDF report', () => {
  it('is a PDF document', () => {
    const pdf = pdfOf();
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
    expect(new TextDecoder().decode(pdf.subarray(pdf.length - 6))).toContain('%%EOF');
  });

  describe.skipIf(!canExtract)('text extracted with pdftotext', () => {
    it('has the verdict, the conclusion, every technique id and page numbers', () => {
      const text = textOf(pdfOf(), 'sample');
      expect(text).toContain('Verdict: Incident');
      expect(text).toContain('Score: 86/100');
      expect(text).toMatch(/Encoded PowerShell fetched hxxp\[:\/\/\]evil-domain\[\.\]com\/a\?x=1/);
      for (const id of ['T1059.001', 'T1566.001', 'T1053.005']) expect(text).toContain(id);
      const pages = [...text.matchAll(/Page (\d+) of (\d+)/g)];
      expect(pages.length).toBeGreaterThan(1);
      expect(pages.every((match) => match[2] === String(pages.length))).toBe(true);
      expect(pages.map((match) => Number(match[1]))).toEqual(pages.map((_, index) => index + 1));
    });

    it('shows the indicators defanged and never live', () => {
      const text = textOf(pdfOf(), 'indicators');
      for (const shown of ['198[.]51[.]100[.]23', 'evil-domain[.]com', 'hxxp[://]evil-domain[.]com/a?x=1', 'mallory[@]evil-domain[.]com', 'a'.repeat(64)]) {
        expect(text).toContain(shown);
      }
      for (const live of ['http://evil-domain.com', ' evil-domain.com', '198.51.100.23']) expect(text).not.toContain(live);
      expect(text).toContain('enrichment off');
      expect(text).toContain('threatfox: high');
    });

    it('prints hostile and non-Latin-1 text as plain characters without crashing', () => {
      const text = textOf(pdfOf(), 'hostile');
      expect(text).toContain(HOSTILE_SUBJECT);
      expect(text).toContain('?????? ?? ? Lódz naïve “quoted”');
    });

    it('caps a long timeline and says so', () => {
      const triaged = bigCase(2 * PDF_MAX_TIMELINE_ROWS);
      const filler = triaged.events.filter((e) => e.message.startsWith('filler')).map((e) => e.id);
      triaged.attestations.push({ ...triaged.attestations[1], id: 'att-noisy', level: 'low', eventIds: filler, matches: [] });
      const text = textOf(pdfOf(triaged), 'big');
      expect(text).toContain(`Showing ${PDF_MAX_TIMELINE_ROWS} of ${2 * PDF_MAX_TIMELINE_ROWS + 4} timeline events`);
      expect(text).not.toContain(`filler ${PDF_MAX_TIMELINE_ROWS + 1}\n`);
      const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
      expect(pages).toBeLessThan(40);
    });

    it('renders a pending case', () => {
      const text = textOf(pdfOf(pendingCase()), 'pending');
      expect(text).toContain('Verdict: Pending');
      expect(text).toContain('No reasoning recorded yet.');
    });
  });
});

describe('toWinAnsi', () => {
  it('keeps Latin-1 and the WinAnsi extras, strips accents it cannot show, replaces the rest', () => {
    expect(toWinAnsi('café € “x” – … ÿ')).toBe('café € “x” – … ÿ');
    expect(toWinAnsi('Łódź Ő ŝ')).toBe('Lódz O s');
    expect(toWinAnsi('Привет 中 😀')).toBe('?????? ? ?');
    expect(toWinAnsi('a\u0000b\u200Bc → d')).toBe('a?bc -> d');
    expect(toWinAnsi('\uD800 lone')).toBe('? lone');
  });
});
