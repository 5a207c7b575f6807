/**
 * Runs the fidelity measure over folders of corpus files: each `NAME.expect.json` beside its
 * `NAME.<ext>` is read and checked exactly as `jixiao check` does (checkFiles, the default rule
 * set) and scored against the expectation (compare.ts). A broken expectation or a missing data
 * file is listed as a problem of the corpus, not thrown.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toSimplified } from '@jixiao/core';
import { checkFiles } from '../commands/check.ts';
import type { RuleSetOption } from '../rule-set-option.ts';
import { scoreFile, type CheckedFile, type FileScore } from './compare.ts';
import { ExpectationError, parseExpectation } from './expectation.ts';

export interface CorpusProblem {
  file: string;
  zh: string;
  en: string;
}

export interface FidelityRun {
  files: FileScore[];
  problems: CorpusProblem[];
}

const EXPECT = '.expect.json';

/** Scores every expectation in the folders (a folder that does not exist holds nothing); `only`: just these data files. */
export async function runFidelity(dirs: string[], ruleSet: RuleSetOption, only?: ReadonlySet<string>): Promise<FidelityRun> {
  const files: FileScore[] = [];
  const problems: CorpusProblem[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch {
      continue;
    }
    for (const name of names.filter((n) => n.endsWith(EXPECT))) {
      const stem = name.slice(0, -EXPECT.length);
      const data = names.find((n) => n !== name && n.startsWith(`${stem}.`) && !n.endsWith('.json'));
      if (only && !(data && only.has(data))) continue;
      if (!data) {
        problems.push({ file: join(dir, name), zh: `找不到与期望文件对应的数据文件（${stem}.*）`, en: `no data file beside the expectation (${stem}.*)` });
        continue;
      }
      let exp;
      try {
        // An expectation written in traditional characters (a mirror site's page, as filed) is
        // compared in simplified, as the importer reads the page (corpus README).
        exp = parseExpectation(await toSimplified(await readFile(join(dir, name), 'utf8')), name);
      } catch (e) {
        if (!(e instanceof ExpectationError)) throw e;
        problems.push({ file: join(dir, name), zh: e.zh, en: e.en });
        continue;
      }
      files.push(scoreFile(data, exp, await checkOne(join(dir, data), ruleSet)));
    }
  }
  return { files, problems };
}

/** One file through `jixiao check`'s own path. */
export async function checkOne(path: string, ruleSet: RuleSetOption): Promise<CheckedFile> {
  const report = await checkFiles([path], ruleSet);
  const f = report.files[0]!;
  const out: CheckedFile = {
    // The rule sets that judged its tables (under auto, each its own form's).
    ruleSet: [...new Set(report.tables.map((t) => t.ruleSet))].join(', ') || report.ruleSet,
    fileFindings: f.findings,
    tables: report.tables.map((t) => ({ kind: t.kind, title: t.title, indicators: t.indicators, findings: t.findings })),
  };
  if (f.error) out.readError = f.error;
  return out;
}
