/** Never crash: size limits, zip bombs, refused formats, damaged files, deep nesting. */
import { deflateRawSync } from 'node:zlib';
import { strToU8, strFromU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readGrids, writeXlsx } from '../src/index.ts';
import { refused, utf8 } from './helpers.ts';
import { makeZip } from './zip-helper.ts';

const WORKBOOK = { name: 'xl/workbook.xml', data: deflateRawSync(utf8('<workbook/>')), size: 11 };

describe('size and zip bomb guards', () => {
  it('refuses a 50 MB file before parsing it, with a clear message', async () => {
    const e = await refused(readGrids(new Uint8Array(50 * 1024 * 1024), '大表.xlsx'), 'too-large');
    expect(e.message.zh).toContain('50 MB');
    expect(e.message.zh).toContain('20 MB');
    expect(e.message.en).toMatch(/too large \(50 MB\); the limit is 20 MB/);
  });

  it('honours a configured size limit', async () => {
    await refused(readGrids(utf8('a\tb\n'.repeat(1000)), 'a.txt', { maxBytes: 1000 }), 'too-large');
    await expect(readGrids(utf8('a\tb\n'.repeat(1000)), 'a.txt', { maxBytes: 5000 })).resolves.toMatchObject({ format: 'text' });
  });

  it('refuses a zip bomb by its declared size', async () => {
    const zip = makeZip([WORKBOOK, { name: 'xl/worksheets/sheet1.xml', data: deflateRawSync(new Uint8Array(1000)), size: 0xfff00000 }]);
    const e = await refused(readGrids(zip, 'bomb.xlsx'), 'zip-bomb');
    expect(e.message.zh).toContain('压缩炸弹');
    expect(e.message.en).toContain('zip bomb');
  });

  it('refuses a zip bomb that lies about its size, while inflating (300 MB of zeros in 300 KB)', async () => {
    const data = deflateRawSync(new Uint8Array(300 * 1024 * 1024), { level: 9 });
    expect(data.length).toBeLessThan(400_000);
    const lying = makeZip([WORKBOOK, { name: 'xl/worksheets/sheet1.xml', data, size: 2000 }]);
    const t0 = performance.now();
    const e = await refused(readGrids(lying, 'bomb.xlsx'), 'zip-bomb');
    expect(e.message.en).toContain('past the size its header declares');
    expect(performance.now() - t0).toBeLessThan(2000);
    // The same entry with an honest header is refused by its declared size, before inflating.
    await refused(readGrids(makeZip([WORKBOOK, { name: 'xl/worksheets/sheet1.xml', data, size: 300 * 1024 * 1024 }]), 'b.xlsx'), 'zip-bomb');
    // Honest entries inflating to 80 MB from about 80 KB, under the 100 MB budget: refused by the ratio.
    const parts = Array.from({ length: 4 }, (_, i) => ({ name: `xl/p${i}.xml`, data: deflateRawSync(new Uint8Array(20 * 1024 * 1024)), size: 20 * 1024 * 1024 }));
    const e2 = await refused(readGrids(makeZip([WORKBOOK, ...parts]), 'c.xlsx', { maxUnzippedBytes: 100 * 1024 * 1024 }), 'zip-bomb');
    expect(e2.message.en).toMatch(/compression ratio/);
  }, 30_000);

  it('refuses an archive by its compression ratio and by its entry count', async () => {
    const data = deflateRawSync(new Uint8Array(20 * 1024 * 1024), { level: 9 });
    const e = await refused(readGrids(makeZip([WORKBOOK, { name: 'xl/media/a.bin', data, size: 20 * 1024 * 1024 }]), 'r.xlsx'), 'zip-bomb');
    expect(e.message.en).toMatch(/compression ratio is \d+:1, the limit is 200:1/);
    const many = Array.from({ length: 6000 }, (_, i) => ({ name: `f${i}.xml`, data: new Uint8Array(0), method: 0, size: 0 }));
    const e2 = await refused(readGrids(makeZip(many), 'm.docx'), 'zip-bomb');
    expect(e2.message.en).toContain('6000 entries');
  });
});

describe('refused and damaged files', () => {
  it('names what the file is and what to do', async () => {
    // A PDF is read from its text layer (pdf-read.test.ts); one that is only a header is damaged.
    const pdf = await refused(readGrids(utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj'), '表.pdf'), 'corrupt');
    expect(pdf.message.zh).toContain('PDF');
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect((await refused(readGrids(ole, '表.xls'), 'corrupt')).message.zh).toContain('损坏');
    const png = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect((await refused(readGrids(png, 'scan.png'), 'unsupported-format')).message.zh).toContain('图片');
    await refused(readGrids(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0]), 'a.gz'), 'unsupported-format');
    await refused(readGrids(zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet') }), 'a.ods'), 'unsupported-format');
    await refused(readGrids(zipSync({ 'readme.txt': strToU8('hi') }), 'a.zip'), 'unsupported-format');
    const encrypted = makeZip([{ ...WORKBOOK, flags: 1 }]);
    expect((await refused(readGrids(encrypted, 'secret.xlsx'), 'unsupported-format')).message.zh).toContain('密码');
    const noise = new Uint8Array(8192).map((_, i) => (i * 2654435761) % 251);
    await refused(readGrids(noise, 'noise.bin'), 'unsupported-format');
  });

  it('reports damaged Office files and empty files', async () => {
    await refused(readGrids(utf8('项目名称\t某项目'), '改了扩展名.xlsx'), 'corrupt');
    const good = await writeXlsx([{ rows: [[{ row: 1, col: 1, text: 'x' }]] }]);
    await refused(readGrids(good.subarray(0, good.length - 100), 'cut.xlsx'), 'corrupt');
    await refused(readGrids(new Uint8Array(0), 'empty.txt'), 'empty');
  });
});

describe('deep nesting', () => {
  it('reads a million nested elements without blowing the stack or hanging', async () => {
    const t0 = performance.now();
    const html = await readGrids(utf8('<div>'.repeat(1_000_000) + '<table><tr><td>深</td></tr></table>'), 'deep.html');
    expect(html.grids).toHaveLength(1);
    const tables = await readGrids(utf8('<table><tr><td>'.repeat(50_000) + 'x'), 'deep2.html');
    expect(tables.grids).toHaveLength(50_000);
    const xml = '<w:document><w:body>' + '<w:tbl><w:tr><w:tc>'.repeat(50_000) + '<w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>';
    const docx = await readGrids(zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8(xml) }), 'deep.docx');
    expect(docx.grids).toHaveLength(50_000);
    expect(docx.info[49_999]!.parent).toEqual({ grid: 49_998, row: 1, col: 1 });
    expect(performance.now() - t0).toBeLessThan(20_000);
  }, 60_000);

  it('lays out very wide tables in linear time (vertical merges matched in one pass)', async () => {
    const n = 16_000; // columns up to Excel's 16,384
    const cell = (pr: string) => `<w:tc><w:tcPr>${pr}</w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>`;
    const xml =
      '<w:document><w:body><w:tbl>' +
      `<w:tr>${cell('<w:vMerge w:val="restart"/>').repeat(n)}</w:tr>` +
      `<w:tr>${cell('<w:vMerge/>').repeat(n)}</w:tr>` +
      '</w:tbl></w:body></w:document>';
    const t0 = performance.now();
    const r = await readGrids(zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8(xml) }), 'wide.docx');
    expect(r.grids[0]!.rows[1]![n - 1]!.mergedInto).toEqual({ row: 1, col: n });
    expect(performance.now() - t0).toBeLessThan(10_000);
  }, 60_000);
});

describe('xlsx parts ExcelJS would expand cell by cell', () => {
  it('reads a sheet with whole-sheet data validations, column ranges and defined names quickly', async () => {
    const parts = unzipSync(await writeXlsx([{ sheet: '表', rows: [[{ row: 1, col: 1, text: '指标性质' }]] }]));
    const sheet = Object.keys(parts).find((n) => /worksheets\/sheet1\.xml$/.test(n))!;
    let xml = strFromU8(parts[sheet]!);
    xml = xml.replace('<sheetData>', '<cols><col min="1" max="999999999" width="9"/></cols><sheetData>');
    xml = xml.replace('</worksheet>', '<dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"≥,≤,＝,定性"</formula1></dataValidation></dataValidations></worksheet>');
    parts[sheet] = strToU8(xml);
    const wbName = Object.keys(parts).find((n) => /xl\/workbook\.xml$/.test(n))!;
    parts[wbName] = strToU8(strFromU8(parts[wbName]!).replace('</workbook>', '<definedNames><definedName name="全表">\'表\'!$A$1:$XFD$1048576</definedName></definedNames></workbook>'));
    const t0 = performance.now();
    const r = await readGrids(zipSync(parts), 'validations.xlsx');
    expect(r.grids[0]!.rows[0]![0]!.text).toBe('指标性质');
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('refuses merges it cannot read or that cover too much, before ExcelJS sees them', async () => {
    const parts = unzipSync(await writeXlsx([{ rows: [[{ row: 1, col: 1, text: 'x' }]] }]));
    const sheet = Object.keys(parts).find((n) => /worksheets\/sheet1\.xml$/.test(n))!;
    const xml = strFromU8(parts[sheet]!);
    const withMerge = (ref: string) => {
      const p = { ...parts, [sheet]: strToU8(xml.replace('</sheetData>', `</sheetData><mergeCells count="1"><mergeCell ref=${ref}/></mergeCells>`)) };
      return zipSync(p);
    };
    await refused(readGrids(withMerge(`'A1:XFD1048576'`), 'a.xlsx'), 'too-complex');
    await refused(readGrids(withMerge(`"A1&#58;XFD1048576"`), 'a.xlsx'), 'corrupt');
    const ok = await readGrids(withMerge(`'A1:B2'`), 'a.xlsx');
    expect(ok.grids[0]!.rows[0]![0]!.merge).toEqual({ top: 1, left: 1, bottom: 2, right: 2 });
  });
});

