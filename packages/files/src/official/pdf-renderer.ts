/**
 * PDF from the print view: headless Chromium (Debian's /usr/bin/chromium, or JIXIAO_CHROMIUM)
 * driven by playwright-core prints `officialHtml` on A4 landscape with the CJK fonts the
 * project's setup installs (fonts-noto-cjk). One browser is started on first use and shared;
 * at most `concurrency` pages print at once (the machines have two cores). The page gets no
 * network: everything it needs is inline.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { SERIF } from './official-html.ts';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export class PdfUnavailableError extends Error {
  readonly zh: string;
  readonly en: string;
  constructor(path: string, cause?: unknown) {
    const zh = `无法生成 PDF：找不到或无法启动 Chromium（${path}）。请运行 packages/web/scripts/install-browser.sh 安装，或设置 JIXIAO_CHROMIUM。`;
    const en = `Cannot make a PDF: Chromium (${path}) is missing or does not start. Run packages/web/scripts/install-browser.sh, or set JIXIAO_CHROMIUM.`;
    super(`${zh} / ${en}`, { cause });
    this.zh = zh;
    this.en = en;
  }
}

const FOOTER = `<div style="width:100%;font-family:${SERIF.replace(/"/g, "'")};font-size:8pt;text-align:center;color:#000;">第 <span class="pageNumber"></span> 页，共 <span class="totalPages"></span> 页</div>`;

export interface PdfRendererOptions {
  executablePath?: string;
  /** Pages printing at once (default 2). */
  concurrency?: number;
}

export class PdfRenderer {
  readonly executablePath: string;
  private browser: Promise<Browser> | undefined;
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly concurrency: number;

  constructor(opts: PdfRendererOptions = {}) {
    this.executablePath = opts.executablePath ?? process.env.JIXIAO_CHROMIUM ?? '/usr/bin/chromium';
    this.concurrency = Math.max(1, opts.concurrency ?? 2);
  }

  /** Is there a Chromium to start? */
  get available(): boolean {
    return existsSync(this.executablePath);
  }

  private launch(): Promise<Browser> {
    if (!this.browser) {
      const p = (async () => {
        if (!this.available) throw new PdfUnavailableError(this.executablePath);
        const { chromium } = await import('playwright-core');
        try {
          const b = await chromium.launch({ executablePath: this.executablePath, args: CHROMIUM_ARGS, headless: true });
          // A browser that dies is started again on the next request.
          b.on('disconnected', () => {
            if (this.browser === p) this.browser = undefined;
          });
          return b;
        } catch (e) {
          throw new PdfUnavailableError(this.executablePath, e);
        }
      })();
      this.browser = p;
      p.catch(() => {
        if (this.browser === p) this.browser = undefined;
      });
    }
    return this.browser;
  }

  private async slot<T>(work: () => Promise<T>): Promise<T> {
    while (this.running >= this.concurrency) await new Promise<void>((ok) => this.waiting.push(ok));
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  /** Prints one HTML page (the print view) to PDF bytes; `footer: false` leaves out the page numbers. */
  async render(html: string, opts: { footer?: boolean } = {}): Promise<Uint8Array> {
    return this.slot(async () => {
      const browser = await this.launch();
      const context = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
      try {
        const page = await context.newPage();
        await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
        await page.setContent(html, { waitUntil: 'load' });
        const pdf = await page.pdf({
          format: 'A4',
          landscape: true,
          printBackground: true,
          preferCSSPageSize: true,
          displayHeaderFooter: opts.footer !== false,
          headerTemplate: '<span></span>',
          footerTemplate: FOOTER,
        });
        return new Uint8Array(pdf);
      } finally {
        await context.close();
      }
    });
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = undefined;
    if (b) await (await b.catch(() => undefined))?.close();
  }
}
