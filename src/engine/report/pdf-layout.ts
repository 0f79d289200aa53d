/**
 * A small flowing layout over jsPDF: headings, wrapped paragraphs and tables that break across A4 pages with their
 * header repeated, then "Page n of m" on every page. All text is real PDF text (selectable, found by pdftotext)
 * and passes through `toWinAnsi` first, because the built-in fonts cannot show anything else.
 */
import { jsPDF } from 'jspdf';
import { toWinAnsi } from './pdf-text';

const PAGE_MARGIN = 40;
const FOOTER_SPACE = 24;
const CELL_PADDING = 3;
const LINE_HEIGHT_FACTOR = 1.25;

/** Lines per table cell: a cell may never be taller than a page, or the table could not make progress. */
export const PDF_MAX_CELL_LINES = 40;

export type TextStyle = 'normal' | 'bold' | 'italic';

export interface TableColumn {
  title: string;
  /** Share of the text width; the shares of a table add up to 1. */
  width: number;
  mono?: boolean;
}

type Rgb = [number, number, number];

const INK: Rgb = [31, 35, 40];
const MUTED: Rgb = [89, 99, 110];
const RULE: Rgb = [208, 215, 222];
const HEADER_FILL: Rgb = [240, 242, 245];

export class PdfWriter {
  private readonly doc = new jsPDF({ unit: 'pt', format: 'a4', compress: true });
  private readonly pageWidth = this.doc.internal.pageSize.getWidth();
  private readonly pageHeight = this.doc.internal.pageSize.getHeight();
  private readonly textWidth = this.pageWidth - 2 * PAGE_MARGIN;
  private y = PAGE_MARGIN;

  constructor(title: string) {
    this.doc.setProperties({ title: toWinAnsi(title), creator: 'SOC Triage' });
    this.doc.setLineHeightFactor(LINE_HEIGHT_FACTOR);
  }

  private setFont(size: number, style: TextStyle, mono = false, color: Rgb = INK): void {
    this.doc.setFont(mono ? 'courier' : 'helvetica', style);
    this.doc.setFontSize(size);
    this.doc.setTextColor(...color);
  }

  private lineHeight(size: number): number {
    return size * LINE_HEIGHT_FACTOR;
  }

  private wrap(text: string, width: number): string[] {
    return this.doc.splitTextToSize(toWinAnsi(text), width) as string[];
  }

  private ensureSpace(height: number): boolean {
    if (this.y + height <= this.pageHeight - PAGE_MARGIN - FOOTER_SPACE) return false;
    this.doc.addPage();
    this.y = PAGE_MARGIN;
    return true;
  }

  heading(text: string, size = 13): void {
    this.ensureSpace(this.lineHeight(size) * 3);
    this.y += size * 0.6;
    this.setFont(size, 'bold');
    for (const line of this.wrap(text, this.textWidth)) {
      if (this.ensureSpace(this.lineHeight(size))) this.setFont(size, 'bold');
      this.doc.text(line, PAGE_MARGIN, this.y + size);
      this.y += this.lineHeight(size);
    }
    this.y += 2;
  }

  paragraph(text: string, options: { size?: number; style?: TextStyle; muted?: boolean; mono?: boolean; indent?: number } = {}): void {
    const size = options.size ?? 10;
    const indent = options.indent ?? 0;
    this.setFont(size, options.style ?? 'normal', options.mono, options.muted ? MUTED : INK);
    for (const line of this.wrap(text, this.textWidth - indent)) {
      this.ensureSpace(this.lineHeight(size));
      this.setFont(size, options.style ?? 'normal', options.mono, options.muted ? MUTED : INK);
      this.doc.text(line, PAGE_MARGIN + indent, this.y + size);
      this.y += this.lineHeight(size);
    }
    this.y += 3;
  }

  /** A coloured band with white text, for the verdict. */
  banner(text: string, fill: Rgb): void {
    const size = 13;
    const height = this.lineHeight(size) + 10;
    this.ensureSpace(height + 6);
    this.doc.setFillColor(...fill);
    this.doc.rect(PAGE_MARGIN, this.y, this.textWidth, height, 'F');
    this.setFont(size, 'bold', false, [255, 255, 255]);
    this.doc.text(this.wrap(text, this.textWidth - 12)[0] ?? '', PAGE_MARGIN + 6, this.y + 5 + size);
    this.y += height + 6;
  }

  private cellLines(text: string, width: number, mono: boolean, size: number): string[] {
    this.setFont(size, 'normal', mono);
    const lines = this.wrap(text, width - 2 * CELL_PADDING);
    if (lines.length <= PDF_MAX_CELL_LINES) return lines;
    return [...lines.slice(0, PDF_MAX_CELL_LINES - 1), '...'];
  }

  private tableHeader(columns: TableColumn[], size: number): void {
    const height = this.lineHeight(size) + 2 * CELL_PADDING;
    this.doc.setFillColor(...HEADER_FILL);
    this.doc.setDrawColor(...RULE);
    this.doc.rect(PAGE_MARGIN, this.y, this.textWidth, height, 'FD');
    let x = PAGE_MARGIN;
    this.setFont(size, 'bold');
    for (const column of columns) {
      const width = column.width * this.textWidth;
      this.doc.text(this.wrap(column.title, width - 2 * CELL_PADDING)[0] ?? '', x + CELL_PADDING, this.y + CELL_PADDING + size);
      x += width;
    }
    this.y += height;
  }

  table(columns: TableColumn[], rows: string[][], size = 8): void {
    const lineHeight = this.lineHeight(size);
    this.ensureSpace(lineHeight * 3 + 4 * CELL_PADDING);
    this.tableHeader(columns, size);
    for (const row of rows) {
      const cells = columns.map((column, index) => this.cellLines(row[index] ?? '', column.width * this.textWidth, column.mono === true, size));
      const height = Math.max(1, ...cells.map((lines) => lines.length)) * lineHeight + 2 * CELL_PADDING;
      if (this.ensureSpace(height)) this.tableHeader(columns, size);
      this.doc.setDrawColor(...RULE);
      let x = PAGE_MARGIN;
      columns.forEach((column, index) => {
        const width = column.width * this.textWidth;
        this.doc.rect(x, this.y, width, height, 'S');
        this.setFont(size, 'normal', column.mono === true);
        cells[index].forEach((line, lineIndex) => this.doc.text(line, x + CELL_PADDING, this.y + CELL_PADDING + size + lineIndex * lineHeight));
        x += width;
      });
      this.y += height;
    }
    this.y += 8;
  }

  /** Writes "Page n of m" and the case id on every page, then the file. */
  finish(footer: string): Uint8Array {
    const pages = this.doc.getNumberOfPages();
    for (let page = 1; page <= pages; page++) {
      this.doc.setPage(page);
      this.setFont(8, 'normal', false, MUTED);
      const baseline = this.pageHeight - PAGE_MARGIN / 2;
      this.doc.text(this.wrap(footer, this.textWidth * 0.75)[0] ?? '', PAGE_MARGIN, baseline);
      this.doc.text(`Page ${page} of ${pages}`, this.pageWidth - PAGE_MARGIN, baseline, { align: 'right' });
    }
    return new Uint8Array(this.doc.output('arraybuffer'));
  }
}
