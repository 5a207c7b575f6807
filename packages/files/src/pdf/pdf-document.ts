/**
 * A PDF's pages as positioned text and ruling lines, read with pdf.js (`pdfjs-dist`, its legacy
 * Node build, in this thread: no worker, no network; CMaps and standard fonts from the package so
 * CJK text in predefined encodings decodes). Coordinates are the page as a reader sees it: points,
 * origin top left, y down, the page's /Rotate applied — and, when most of the text runs sideways
 * (a landscape table set on a portrait page), turned so that it reads left to right.
 *
 * pdf.js never gets the bytes we were given: it takes ownership of (detaches) its input, so it
 * gets a copy. Every failure becomes a FileReadError; a deadline and a page cap bound the work.
 */
/// <reference path="./pdfjs-worker.d.ts" />
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileReadError } from '../errors.ts';
import { mulMatrix, pathRules, type Matrix, type Rule } from './pdf-rules.ts';

/** A run of text as pdf.js gives it, boxed in page coordinates (points, y down). */
export interface PdfText {
  str: string;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  /** Font size in points (the box's height, about). */
  size: number;
  /** A space came before this word in its run (a run split at its spaces, pdf-lines.ts). */
  spaced?: boolean;
}

export interface PdfPage {
  /** 1-based. */
  number: number;
  width: number;
  height: number;
  texts: PdfText[];
  rules: Rule[];
  /** Did the page's text run sideways, so that it was turned to read left to right? */
  turned: boolean;
}

export interface PdfReadLimits {
  /** Most pages read; later pages are left out with a warning. */
  maxPages: number;
  /** Wall-clock budget for the whole document, in ms. */
  maxMs: number;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let loaded: Promise<{ pdfjs: PdfJs; assets: string }> | undefined;

/** pdf.js and its worker module, loaded once on first use (none of the other readers need them). */
function pdfjsModule(): Promise<{ pdfjs: PdfJs; assets: string }> {
  loaded ??= (async () => {
    // With the worker's handler on globalThis, pdf.js runs it in this thread instead of spawning one.
    const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const assets = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    return { pdfjs, assets };
  })();
  return loaded;
}

const corrupt = (cause?: unknown) =>
  new FileReadError('corrupt', { zh: 'PDF 文件已损坏或不是有效的 PDF，无法读取。请用原始的 Excel / Word 文件，或重新导出 PDF。', en: 'The PDF is damaged or not a valid PDF and cannot be read. Import the original Excel / Word file, or export the PDF again.' }, { cause });

const TIMEOUT = (ms: number) =>
  new FileReadError('too-complex', { zh: `PDF 内容过于复杂，${Math.round(ms / 1000)} 秒内未能读完。请导入原始的 Excel / Word 文件。`, en: `The PDF is too complex to read within ${Math.round(ms / 1000)} s. Import the original Excel / Word file.` });

/** Maps a pdf.js failure to what the user should be told. */
function failure(e: unknown): FileReadError {
  if (e instanceof FileReadError) return e;
  const name = (e as { name?: string } | undefined)?.name;
  if (name === 'PasswordException') {
    return new FileReadError('unsupported-format', { zh: 'PDF 文件已加密（需要密码才能打开），无法读取。请取消密码后再导入，或导入原始的 Excel / Word 文件。', en: 'The PDF is encrypted (it needs a password to open) and cannot be read. Remove the password and import it again, or import the original Excel / Word file.' }, { cause: e });
  }
  return corrupt(e);
}

/** The quarter turn (0–3) most of the text's characters run in, in display coordinates. */
function dominantTurn(items: Array<{ str: string; m: Matrix }>): number {
  const votes = [0, 0, 0, 0];
  for (const { str, m } of items) {
    const angle = Math.atan2(m[1], m[0]);
    const q = ((Math.round(angle / (Math.PI / 2)) % 4) + 4) % 4;
    votes[q]! += str.length;
  }
  return votes.indexOf(Math.max(...votes));
}

/** A matrix turning the display by `q` quarter turns back (so that text running at q reads left to right), kept on the positive quadrant. */
function unturn(q: number, w: number, h: number): { m: Matrix; w: number; h: number } {
  // Display coordinates are y down, so a direction at angle θ = q·90° (clockwise on screen) is undone by rotating −θ.
  switch (q) {
    case 1: // text runs down the page: rotate −90°: (x, y) → (y, w − x)
      return { m: [0, -1, 1, 0, 0, w], w: h, h: w };
    case 2:
      return { m: [-1, 0, 0, -1, w, h], w, h };
    case 3: // text runs up the page: (x, y) → (h − y, x)
      return { m: [0, 1, -1, 0, h, 0], w: h, h: w };
    default:
      return { m: [1, 0, 0, 1, 0, 0], w, h };
  }
}

interface RawPage {
  view: Matrix;
  width: number;
  height: number;
  items: Array<{ str: string; transform: number[]; width: number; height: number }>;
  fnArray: number[];
  argsArray: unknown[];
}

function layoutPage(n: number, raw: RawPage, OPS: Record<string, number>): PdfPage {
  const placed = raw.items.filter((it) => it.str.trim() !== '').map((it) => ({ it, str: it.str, m: mulMatrix(raw.view, it.transform as Matrix) }));
  const turn = dominantTurn(placed);
  const u = unturn(turn, raw.width, raw.height);
  const texts: PdfText[] = [];
  for (const { it, m: m0 } of placed) {
    const m = mulMatrix(u.m, m0);
    const size = Math.hypot(m[2], m[3]) || it.height || 1;
    const len = Math.hypot(m[0], m[1]);
    // item.width is in the text's own direction, in page units; box the run in display space.
    const dx = len > 0 ? m[0] / len : 1;
    const dy = len > 0 ? m[1] / len : 0;
    // Glyphs rise about 0.85 of the size above the baseline and drop 0.15 below (CJK fonts' ascent and descent).
    const up: [number, number] = [dy, -dx];
    const corners: Array<[number, number]> = [];
    for (const t of [0, it.width]) {
      for (const s of [-0.15 * size, 0.85 * size]) corners.push([m[4] + dx * t + up[0] * s, m[5] + dy * t + up[1] * s]);
    }
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    texts.push({ str: it.str, x0: Math.min(...xs), x1: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys), size });
  }
  const rules = pathRules(raw.fnArray, raw.argsArray, mulMatrix(u.m, raw.view), OPS);
  return { number: n, width: u.w, height: u.h, texts, rules, turned: turn !== 0 };
}

export interface PdfDocumentRead {
  pages: PdfPage[];
  /** Pages in the file (more than `pages.length` when cut at maxPages). */
  pageCount: number;
}

/**
 * Opens the PDF once and reads every page's text (with positions) and, when `withRules`, its
 * ruling lines. `textOnly` is what the benchmark compares against: the same opening and text
 * extraction with nothing else.
 */
export async function readPdfPages(bytes: Uint8Array, limits: PdfReadLimits, withRules = true): Promise<PdfDocumentRead> {
  const { pdfjs, assets } = await pdfjsModule();
  const task = pdfjs.getDocument({
    data: bytes.slice(),
    cMapUrl: pathToFileURL(join(assets, 'cmaps') + '/').href,
    cMapPacked: true,
    standardFontDataUrl: pathToFileURL(join(assets, 'standard_fonts') + '/').href,
    wasmUrl: pathToFileURL(join(assets, 'wasm') + '/').href,
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    useWorkerFetch: true,
    enableXfa: false,
    verbosity: 0,
    // Images are never needed for the text; do not decode large ones.
    maxImageSize: 1,
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(TIMEOUT(limits.maxMs)), limits.maxMs);
  });
  const work = (async () => {
    const doc = await task.promise;
    const pages: PdfPage[] = [];
    const count = doc.numPages;
    for (let n = 1; n <= Math.min(count, limits.maxPages); n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent({ disableNormalization: true });
      const items = content.items.filter((it): it is Extract<typeof it, { str: string }> => 'str' in it);
      let fnArray: number[] = [];
      let argsArray: unknown[] = [];
      if (withRules) {
        const ops = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
        fnArray = ops.fnArray;
        argsArray = ops.argsArray;
      }
      pages.push(layoutPage(n, { view: viewport.transform as Matrix, width: viewport.width, height: viewport.height, items, fnArray, argsArray }, pdfjs.OPS as unknown as Record<string, number>));
      page.cleanup();
    }
    return { pages, pageCount: count };
  })();
  try {
    return await Promise.race([work, deadline]);
  } catch (e) {
    throw failure(e);
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined);
    await task.destroy().catch(() => undefined);
  }
}
