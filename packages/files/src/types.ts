import type { CellGrid } from '@jixiao/core';
import type { ReadWarning } from './errors.ts';

export type FileFormat = 'xlsx' | 'xls' | 'xml-spreadsheet' | 'docx' | 'doc' | 'html' | 'csv' | 'tsv' | 'text' | 'pdf';

export interface ReadOptions {
  /** Files larger than this are refused before parsing. Default 20 MB. */
  maxBytes?: number;
  /** Zip archives (.xlsx/.docx): most bytes all entries may inflate to. Default 200 MB. */
  maxUnzippedBytes?: number;
  /** Zip archives: most entries. Default 5,000. */
  maxZipEntries?: number;
  /** Zip archives inflating to more than 10 MB: most (inflated ÷ file size). Default 200. */
  maxZipRatio?: number;
  /** Most cells (rows × columns laid out) in one grid; beyond that the grid is cut, with a warning. Default 1,000,000 (empty cells filling holes count). */
  maxCells?: number;
  /** PDF: most pages read (later ones are left out, with a warning). Default 300. */
  maxPdfPages?: number;
  /** PDF: time allowed for reading one document, in ms; past it the file is refused as too complex. Default 60,000. */
  maxPdfMs?: number;
  /** Force a text encoding (any TextDecoder label, e.g. "gb18030"); default: detected. */
  encoding?: string;
}

export const DEFAULTS = {
  maxBytes: 20 * 1024 * 1024,
  maxUnzippedBytes: 200 * 1024 * 1024,
  maxZipEntries: 5000,
  maxZipRatio: 200,
  maxCells: 1_000_000,
  maxPdfPages: 300,
  maxPdfMs: 60_000,
} as const;

export type Limits = Required<Omit<ReadOptions, 'encoding'>> & { encoding?: string };

export function limitsOf(opts: ReadOptions = {}): Limits {
  const l: Limits = {
    maxBytes: opts.maxBytes ?? DEFAULTS.maxBytes,
    maxUnzippedBytes: opts.maxUnzippedBytes ?? DEFAULTS.maxUnzippedBytes,
    maxZipEntries: opts.maxZipEntries ?? DEFAULTS.maxZipEntries,
    maxZipRatio: opts.maxZipRatio ?? DEFAULTS.maxZipRatio,
    maxCells: opts.maxCells ?? DEFAULTS.maxCells,
    maxPdfPages: opts.maxPdfPages ?? DEFAULTS.maxPdfPages,
    maxPdfMs: opts.maxPdfMs ?? DEFAULTS.maxPdfMs,
  };
  if (opts.encoding !== undefined) l.encoding = opts.encoding;
  return l;
}

/**
 * A run of rows of a text grid that are not real rows but single cells in reading order:
 * the "one cell per line ending in |" form (`pipe-cells`) or a run of one-cell lines, as text
 * copied out of a web page or PDF often is (`lines`). Rows fromRow..toRow (1-based, inclusive).
 */
export interface CellStream {
  kind: 'pipe-cells' | 'lines';
  fromRow: number;
  toRow: number;
}

/** What the reader knows about one grid, beyond the grid itself (same index as `grids`). */
export interface GridInfo {
  /** `sheet` (a worksheet), `table` (a .docx/.html table), `text` (text laid out as rows). */
  kind: 'sheet' | 'table' | 'text';
  /** Worksheet hidden in Excel. */
  hidden?: boolean;
  /**
   * .docx/.html: paragraphs between the previous top-level table and this one (the title is
   * usually the last); for a nested table, the text above it in its cell.
   */
  before?: string[];
  /** .html: the table's <caption>. */
  caption?: string;
  /** A table nested in a cell of another grid: that grid's index in `grids`, and the cell. */
  parent?: { grid: number; row: number; col: number };
  /** Text grids: rows that are a cell stream rather than real rows. */
  streams?: CellStream[];
  /** PDF: the page each row of the grid came from (same index as the grid's rows). */
  pages?: number[];
}

export interface ReadResult {
  grids: CellGrid[];
  /** Parallel to `grids`. */
  info: GridInfo[];
  format: FileFormat;
  /** Text encoding used, for text formats (utf-8, utf-16le, gb18030 …). */
  encoding?: string;
  /** .docx/.html: every paragraph outside tables, in document order. */
  text?: string[];
  warnings: ReadWarning[];
}
