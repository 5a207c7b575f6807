/** The real `jixiao` binary, run as a user runs it. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALL_RULES, importText, toExchangeDocument, toExchangeFlatCsv } from '@jixiao/core';
import { cleanProject } from '../../core/test/helpers/tables.ts';
import { ROOT, jixiao } from './run-jixiao.ts';

const SEED = fileURLToPath(new URL('../../../fixtures/seed/000_860be9a69280b0ce.txt', import.meta.url));

const tmp = mkdtempSync(join(tmpdir(), 'jixiao-cli-'));

describe('jixiao check', () => {
  it('--json on the seed: three tables with the expected findings, exit 1', () => {
    const r = jixiao('check', '--json', SEED);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.tables.map((t: any) => [t.kind, t.title])).toEqual([
      ['dept-overall', '2026年县级部门整体预算绩效目标表'],
      ['project', '2026年县级项目支出绩效目标表'],
      ['project', '2026年县级项目支出绩效目标表'],
    ]);
    const codes = report.tables.map((t: any) => t.findings.map((f: any) => f.code));
    expect(codes[0]).toEqual(expect.arrayContaining(['benefit.min', 'goal.target-uncovered']));
    expect(codes[0]).not.toContain('funds.sum-mismatch');
    expect(report.tables[0].indicators).toHaveLength(6);
    expect(report.tables[0].fields.funds.basic.fen).toBe(602_440_000);
    expect(codes[1]).toEqual(expect.arrayContaining(['output.quantitative-min', 'period.total-equals-current-multiyear']));
    expect(codes[2]).toEqual(expect.arrayContaining(['value.operator-nonstandard', 'indicator.level2-invalid', 'value.percent-as-fraction']));
    const fix = report.tables[2].findings.find((f: any) => f.code === 'value.operator-nonstandard').fix;
    expect(fix).toMatchObject({ from: '》95%', to: '≥95%' });
    for (const t of report.tables) for (const f of t.findings) {
      expect(['error', 'warning', 'info']).toContain(f.severity);
      expect(f.message.zh).toBeTruthy();
      expect(f.message.en).toBeTruthy();
      expect(f.location.section).toBeTruthy();
    }
    expect(report.summary.tables).toBe(3);
  });

  it('human-readable report by default, in both languages, with locations and fixes', () => {
    const r = jixiao('check', SEED);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('遂溪县科工贸和信息化局');
    expect(r.stdout).toContain('benefit.min');
    expect(r.stdout).toMatch(/第\d+行第\d+列/);
    expect(r.stdout).toContain('“》95%” → “≥95%”');
    expect(r.stdout).toContain('Benefit has 0 indicators');
  });

  it('reads what jixiao import reads: the exchange JSON and CSV of the seed give the same findings as the seed', () => {
    const seedReport = JSON.parse(jixiao('check', '--json', SEED).stdout);
    const tables = importText(readFileSync(SEED, 'utf8'), 'seed.txt').tables.map((table) => ({ table }));
    const json = join(tmp, 'seed.exchange.json');
    writeFileSync(json, JSON.stringify(toExchangeDocument(tables)));
    const csv = join(tmp, 'seed.csv');
    writeFileSync(csv, toExchangeFlatCsv(tables));
    const codes = (report: any) => report.tables.map((t: any) => t.findings.map((f: any) => f.code).sort());
    for (const file of [json, csv]) {
      const r = jixiao('check', '--json', file);
      expect(r.code, r.stderr).toBe(1);
      expect(codes(JSON.parse(r.stdout))).toEqual(codes(seedReport).map((c: string[]) => c.filter((x) => !x.startsWith('import.'))));
    }
  });

  it('exit 0 when no table has an error', () => {
    const file = join(tmp, 'clean.json');
    writeFileSync(file, JSON.stringify({ tables: [cleanProject()] }));
    const r = jixiao('check', file);
    expect(r.stdout).toContain('0 个错误');
    expect(r.code).toBe(0);
  });

  it('exit 2 with a clear message, no stack trace, for unreadable input', () => {
    const missing = jixiao('check', join(tmp, 'nope.txt'));
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain('找不到文件');
    expect(missing.stdout).toContain('file not found');
    const bin = join(tmp, 'garbage.txt');
    writeFileSync(bin, Buffer.from([0, 1, 2, 255, 254, 0, 7]));
    const garbage = jixiao('check', bin);
    expect(garbage.code).toBe(2);
    expect(garbage.stdout).toContain('无法识别的文件');
    expect(garbage.stdout).toContain('Unrecognised file');
    const badJson = join(tmp, 'bad.json');
    writeFileSync(badJson, '{"tables": [');
    const bj = jixiao('check', badJson);
    expect(bj.code).toBe(2);
    expect(bj.stdout).toContain('不是有效的 JSON');
    for (const r of [missing, garbage, bj]) expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
    const noArgs = jixiao('check');
    expect(noArgs.code).toBe(2);
    expect(noArgs.stderr).toContain('usage');
  });

  it('--rules selects a rule set by name or file; an unknown one is a clear error', () => {
    const unknown = jixiao('check', SEED, '--rules', 'mars-2099');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('未知的规则集');
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
    const file = join(tmp, 'lenient.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'lenient',
        title: { zh: '宽松', en: 'lenient' },
        extends: 'guangdong-2026',
        rules: Object.fromEntries(ALL_RULES.filter((r) => r.defaultSeverity === 'error').map((r) => [r.code, { severity: 'warning' }])),
      }),
    );
    const lenient = jixiao('check', SEED, '--json', '--rules', file);
    expect(lenient.code).toBe(0);
    expect(JSON.parse(lenient.stdout).ruleSet).toBe('lenient');
  });
});

describe('jixiao rules', () => {
  it('lists every rule with code, severity and both descriptions', () => {
    const r = jixiao('rules', '--json');
    expect(r.code).toBe(0);
    const listing = JSON.parse(r.stdout);
    expect(listing.ruleSet.name).toBe('guangdong-2026');
    expect(listing.rules.map((x: any) => x.code).sort()).toEqual(ALL_RULES.map((x) => x.code).sort());
    for (const x of listing.rules) {
      expect(x.description.zh).toBeTruthy();
      expect(x.description.en).toBeTruthy();
    }
  });

  it('docs/rules.md is the current output of `jixiao rules --markdown`', () => {
    const r = jixiao('rules', '--markdown');
    expect(r.code).toBe(0);
    expect(readFileSync(join(ROOT, 'docs/rules.md'), 'utf8')).toBe(r.stdout);
  });
});
