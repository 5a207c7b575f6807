/**
 * Files embedded in a PDF by an incremental update, on a minimal hand-made PDF (no browser
 * needed): the bytes come back exactly, the original bytes stay a prefix, poppler reads the
 * result without a complaint, and damage is told apart from absence.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { attachToPdf, isPdf, PdfAttachmentError, readPdfAttachment } from '../src/index.ts';

/** A one-page PDF with a classic cross-reference table, offsets computed. */
function minimalPdf(): Uint8Array {
  const objects = ['<</Type /Catalog /Pages 2 0 R>>', '<</Type /Pages /Kids [3 0 R] /Count 1>>', '<</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]>>'];
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  text += `trailer\n<</Size ${objects.length + 1} /Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(text);
}

const dir = mkdtempSync(join(tmpdir(), 'jixiao-pdf-attach-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const poppler = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.error ? undefined : r;
};
const HAVE_POPPLER = !!poppler('pdfinfo', ['-v']) && !!poppler('pdfdetach', ['-v']);

describe('PDF attachments', () => {
  const data = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256); // every byte value, not just text
  const base = minimalPdf();
  const withFile = attachToPdf(base, { name: 'data (1).bin', mimeType: 'application/octet-stream', data, description: 'test data' });

  it('gives the bytes back exactly and leaves the original bytes as they were', () => {
    expect(isPdf(withFile)).toBe(true);
    expect(withFile.subarray(0, base.length)).toEqual(base);
    expect(readPdfAttachment(withFile, 'data (1).bin')).toEqual(data);
    expect(readPdfAttachment(withFile, 'other.bin')).toBeUndefined();
    expect(readPdfAttachment(base, 'data (1).bin')).toBeUndefined();
    expect(readPdfAttachment(new TextEncoder().encode('hello'), 'x')).toBeUndefined();
  });

  it.skipIf(!HAVE_POPPLER)('poppler reads the updated PDF without a complaint and finds the file', () => {
    const file = join(dir, 'a.pdf');
    writeFileSync(file, withFile);
    const info = poppler('pdfinfo', [file])!;
    expect(info.status).toBe(0);
    expect(info.stderr).toBe('');
    expect(info.stdout).toMatch(/Pages:\s+1/);
    const list = poppler('pdfdetach', ['-list', file])!;
    expect(list.stderr).toBe('');
    expect(list.stdout).toContain('1: data (1).bin');
    poppler('pdfdetach', ['-save', '1', '-o', join(dir, 'out.bin'), file]);
    expect(new Uint8Array(readFileSync(join(dir, 'out.bin')))).toEqual(data);
  });

  it('damage is an error, not data: a wrong checksum, a wrong size; a cut-off update is no attachment', () => {
    const text = new TextDecoder('latin1').decode(withFile);
    const start = text.indexOf('stream\n', text.indexOf('/Type /EmbeddedFile')) + 7;
    const end = text.indexOf('\nendstream', start);
    // The Adler-32 at the end of the zlib stream: the data still inflates, the checksum catches it.
    const sum = withFile.slice();
    sum[end - 1] = sum[end - 1]! ^ 0x01;
    expect(() => readPdfAttachment(sum, 'data (1).bin')).toThrow(/checksum/);
    const resized = withFile.slice();
    resized.set(new TextEncoder().encode('/Size 3001'), text.indexOf('/Size 3000'));
    expect(() => readPdfAttachment(resized, 'data (1).bin')).toThrow(/not the 3001/);
    // Cut inside the update: the original trailer is the last one left, so the file has no attachment (and no error).
    expect(readPdfAttachment(withFile.slice(0, start + 10), 'data (1).bin')).toBeUndefined();
  });

  it('damaged anywhere (bytes flipped, cut short), it gives the data, nothing, or a PdfAttachmentError — never another error', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(withFile.length - 1), fc.integer({ min: 1, max: 255 })), { maxLength: 8 }), fc.option(fc.nat(withFile.length)), (flips, cut) => {
        const bad = withFile.slice(0, cut ?? withFile.length);
        for (const [at, x] of flips) if (at < bad.length) bad[at] = bad[at]! ^ x;
        try {
          const got = readPdfAttachment(bad, 'data (1).bin');
          if (got) expect(got).toEqual(data); // whatever it hands back passed the checksum: it is the data
        } catch (e) {
          expect(e).toBeInstanceOf(PdfAttachmentError);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('refuses what it cannot update: not a PDF, a second name tree', () => {
    expect(() => attachToPdf(new TextEncoder().encode('not a pdf'), { name: 'a', mimeType: 'text/plain', data })).toThrow(PdfAttachmentError);
    expect(() => attachToPdf(withFile, { name: 'b', mimeType: 'text/plain', data })).toThrow(/name tree/);
    expect(() => attachToPdf(base, { name: '数据.json', mimeType: 'application/json', data })).toThrow(/ASCII/);
  });
});
