/**
 * `npx tsx scripts/render-seed-pdf.ts [DIR]`: the seed's three tables, and sample 002's
 * self-evaluation table (自评表), as PDF (the print view in headless Chromium), one PDF per
 * table, each page rendered to PNG with pdftoppm (poppler-utils) into DIR (default
 * docs/exports/) — the images looked at when the layout changes. With LibreOffice installed
 * (`soffice`), the .docx of each table too, rendered by LibreOffice: `<name>-docx-<page>.png`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importText, officialLayout } from '@jixiao/core';
import { officialHtml, PdfRenderer, writeOfficialDocx } from '@jixiao/files';

const dir = process.argv[2] ?? 'docs/exports';
mkdirSync(dir, { recursive: true });
const seed = importText(readFileSync('fixtures/seed/000_860be9a69280b0ce.txt', 'utf8'), 'seed.txt').tables;
const selfEval = importText(readFileSync('fixtures/samples/002_qingshen_fagaiju_gongzi_2023_selfeval.txt', 'utf8'), '002.txt').tables.find((t) => t.kind === 'self-eval');
if (selfEval) seed.push(selfEval);
const names = ['seed-1-dept', 'seed-2-project-work', 'seed-3-project-digital', 'sample-002-self-eval'];
const pdf = new PdfRenderer();
try {
  for (const [i, t] of seed.entries()) {
    const file = join(dir, `${names[i]}.pdf`);
    writeFileSync(file, await pdf.render(officialHtml([officialLayout(t)])));
    execFileSync('pdftoppm', ['-r', '80', '-png', file, join(dir, names[i]!)]);
    rmSync(file);
    console.log(names[i]);
    if (spawnSync('soffice', ['--version'], { stdio: 'ignore' }).error) continue;
    const docx = join(dir, `${names[i]}-docx.docx`);
    writeFileSync(docx, writeOfficialDocx([officialLayout(t)]));
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, docx], { stdio: 'ignore' });
    execFileSync('pdftoppm', ['-r', '80', '-png', docx.replace(/\.docx$/, '.pdf'), join(dir, `${names[i]}-docx`)]);
    rmSync(docx);
    rmSync(docx.replace(/\.docx$/, '.pdf'));
    console.log(`${names[i]} (.docx in LibreOffice)`);
  }
} finally {
  await pdf.close();
}
