/**
 * A PDF we did not make → a cell grid: its text layer read with positions (pdf-document.ts) and
 * the table rebuilt from positions and ruling lines (pdf-grid.ts). A PDF with no text at all is a
 * scan (a picture of the page) and is refused saying so; pages without text among pages with text
 * are named in a warning.
 */
import type { ReadWarning } from '../errors.ts';
import { FileReadError } from '../errors.ts';
import type { TablesRead } from '../html.ts';
import { readPdfPages, type PdfReadLimits } from './pdf-document.ts';
import { pagesToGrid } from './pdf-grid.ts';

export const SCANNED = new FileReadError('no-text', {
  zh: '这份 PDF 是扫描件（页面是图片，没有文字层），无法读取其中的表格。请导入原始的 Excel / Word 文件；若只有扫描件，请先用 OCR 软件（如 WPS、Adobe Acrobat 的“文字识别”）转成可复制文字的 PDF 或 Word 后再导入。',
  en: 'This PDF is a scan (its pages are pictures with no text layer), so the table in it cannot be read. Import the original Excel / Word file; if only the scan exists, run it through OCR first (e.g. WPS or Adobe Acrobat text recognition) to get a PDF or Word file with selectable text, and import that.',
});

export async function readPdf(bytes: Uint8Array, file: string, limits: PdfReadLimits): Promise<TablesRead> {
  const doc = await readPdfPages(bytes, limits);
  const warnings: ReadWarning[] = [];
  const textless = doc.pages.filter((p) => !p.texts.some((t) => t.str.trim() !== '')).map((p) => p.number);
  if (doc.pages.length === 0 || textless.length === doc.pages.length) {
    throw new FileReadError(SCANNED.code, SCANNED.message);
  }
  if (textless.length > 0) {
    warnings.push({
      code: 'pdf.page-without-text',
      message: {
        zh: `第 ${textless.join('、')} 页没有文字层（可能是扫描的图片），这些页上的内容未能读取。`,
        en: `Page${textless.length > 1 ? 's' : ''} ${textless.join(', ')} ha${textless.length > 1 ? 've' : 's'} no text layer (probably a scanned picture); nothing on ${textless.length > 1 ? 'them' : 'it'} could be read.`,
      },
    });
  }
  if (doc.pageCount > doc.pages.length) {
    warnings.push({
      code: 'pdf.pages-cut',
      message: { zh: `PDF 共 ${doc.pageCount} 页，只读取了前 ${doc.pages.length} 页。`, en: `The PDF has ${doc.pageCount} pages; only the first ${doc.pages.length} were read.` },
    });
  }
  const { grid, pages } = pagesToGrid(doc.pages, file);
  return { grids: [grid], info: [{ kind: 'text', pages }], text: [], warnings };
}
