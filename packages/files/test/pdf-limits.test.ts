/**
 * PDFs that are damaged, encrypted, too long or too slow give a clear FileReadError (or a result),
 * never a crash or a hang: a real PDF (LibreOffice from a .docx of sample 001) cut, flipped and
 * spliced at random, each read within a time bound; a PDF that needs a password; one with only an
 * owner password (read as usual); the page and time limits.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileReadError, readGrids, readTableFile, writeDocx } from '../src/index.ts';
import { refused, sample } from './helpers.ts';

const SOFFICE = !spawnSync('soffice', ['--version'], { stdio: 'ignore', timeout: 60_000 }).error;
if (!SOFFICE) console.warn('pdf-limits.test: LibreOffice (soffice) missing — run packages/web/scripts/install-browser.sh; skipped');
const dir = mkdtempSync(join(tmpdir(), 'jixiao-pdf-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** sample 001 as .docx printed by LibreOffice, with the given PDF export options (JSON filter data). */
function printed(name: string, filter?: object): Uint8Array {
  const docx = join(dir, `${name}.docx`);
  const target = filter ? `pdf:writer_pdf_Export:${JSON.stringify(filter)}` : 'pdf';
  execFileSync('soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', target, '--outdir', dir, docx], { stdio: 'ignore', timeout: 120_000 });
  return new Uint8Array(readFileSync(join(dir, `${name}.pdf`)));
}

let plain: Uint8Array;
beforeAll(async () => {
  if (!SOFFICE) return;
  const grids = (await readGrids(sample('001_xiangtan_wupaoche_2023_project.txt'), '001.txt')).grids;
  for (const n of ['plain', 'locked', 'owner']) writeFileSync(join(dir, `${n}.docx`), writeDocx(grids));
  plain = printed('plain');
}, 240_000);

describe.skipIf(!SOFFICE)('PDF limits', () => {
  it('a PDF that needs a password is refused saying so; one with only an owner password is read', async () => {
    const locked = printed('locked', { EncryptFile: { type: 'boolean', value: 'true' }, DocumentOpenPassword: { type: 'string', value: 'secret' } });
    const e = await refused(readTableFile(locked, 'locked.pdf'), 'unsupported-format');
    expect(e.message.zh).toContain('密码');
    expect(e.message.en).toContain('password');
    const owner = printed('owner', { EncryptFile: { type: 'boolean', value: 'true' }, PermissionPassword: { type: 'string', value: 'owner' }, Changes: { type: 'long', value: '0' } });
    expect(execFileSync('pdfinfo', [join(dir, 'owner.pdf')], { encoding: 'utf8' })).toMatch(/Encrypted:\s+yes/);
    const back = await readTableFile(owner, 'owner.pdf');
    expect(back.tables[0]?.indicators.length).toBe(7);
  }, 240_000);

  it('not a PDF after its signature, cut short, or empty after the header: corrupt, with what to do', async () => {
    await refused(readTableFile(new TextEncoder().encode('%PDF-1.7\n%garbage\n'), 'x.pdf'), 'corrupt');
    const e = await refused(readTableFile(plain.subarray(0, 2000), 'cut.pdf'), 'corrupt');
    expect(e.message.zh).toContain('PDF');
  }, 60_000);

  it('the time and page limits hold', async () => {
    await refused(readGrids(plain, 'slow.pdf', { maxPdfMs: 1 }), 'too-complex');
    const many = await readGrids(plain, 'p.pdf', { maxPdfPages: 1 });
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [join(dir, 'plain.pdf')], { encoding: 'utf8' }))![1]);
    if (pages > 1) expect(many.warnings.map((w) => w.code)).toContain('pdf.pages-cut');
    expect(many.info[0]!.pages!.every((p) => p === 1)).toBe(true);
  }, 60_000);

  const SCALE = Math.max(1, Number(process.env.JIXIAO_FUZZ_SCALE ?? 1) || 1);
  it(`${150 * SCALE} mutated PDFs: a result or a FileReadError, each within 20 s`, async () => {
    let slowest = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ op: fc.constantFrom('flip', 'cut', 'splice', 'zero'), pos: fc.nat(), len: fc.integer({ min: 1, max: 4096 }), val: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 4 }),
        async (ops) => {
          let b = plain.slice();
          for (const o of ops) {
            const p = o.pos % Math.max(1, b.length);
            if (o.op === 'flip') b[p] = b[p]! ^ (1 << (o.val % 8));
            else if (o.op === 'cut') b = b.slice(0, Math.max(8, p));
            else if (o.op === 'zero') b.fill(0, p, p + o.len);
            else b = new Uint8Array([...b.subarray(0, p), ...b.subarray(p + o.len, p + 2 * o.len), ...b.subarray(p)]);
          }
          const t0 = performance.now();
          try {
            const r = await readTableFile(b, 'm.pdf', { maxPdfMs: 20_000 });
            expect(Array.isArray(r.tables)).toBe(true);
          } catch (e) {
            if (!(e instanceof FileReadError)) throw e;
          }
          slowest = Math.max(slowest, performance.now() - t0);
          expect(performance.now() - t0).toBeLessThan(25_000);
        },
      ),
      { numRuns: 150 * SCALE },
    );
    console.log(`pdf fuzz: ${150 * SCALE} cases, slowest ${slowest.toFixed(0)} ms`);
  }, 900_000);
});
