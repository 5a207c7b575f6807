/**
 * The demo's filer corrections: the seed tables as published do not pass the checker (missing
 * units, a row under the wrong 一级, no 效益 indicator in the department table), so the demo
 * files them as a filer would — apply the checker's safe fixes (core applyFix, the same as the
 * browser's one-click fix), then mend what needs a person — and saves that as revision 2
 * before submitting. The history then shows a real diff.
 */
import { applyFix, FixError, setIndicatorValue, type Finding, type Indicator, type TargetTable } from '@jixiao/core';
import type { StoredDocument } from '../tables/document.ts';

function benefitRow(project: boolean): Indicator {
  const row: Indicator = {
    id: 'demo-benefit',
    level1: { raw: '效益指标', name: '效益指标' },
    level2: { raw: '社会效益指标', name: '社会效益指标' },
    name: { raw: '新增完成数字化改造企业数' },
    value: { raw: '', operator: null, number: null, unit: null, quantitative: false, empty: true, notes: [] },
  };
  let out = setIndicatorValue(row, 'value', '≥3家');
  if (project) out = setIndicatorValue(out, 'periodValue', '≥3家');
  return out;
}

/** Returns a corrected copy. */
export function correctForDemo(input: StoredDocument, findings: Finding[]): StoredDocument {
  let doc = structuredClone(input) as TargetTable;
  const update = (id: string, f: (i: Indicator) => Indicator) => {
    doc = { ...doc, indicators: doc.indicators.map((i) => (i.id === id ? f(i) : i)) } as TargetTable;
  };
  for (const f of findings) {
    if (f.fix) {
      try {
        doc = applyFix(doc, f);
      } catch (err) {
        if (!(err instanceof FixError)) throw err;
      }
      continue;
    }
    if (f.severity !== 'error') continue;
    const id = f.location.indicatorId;
    const ind = id ? doc.indicators.find((i) => i.id === id) : undefined;
    if (ind && f.code === 'value.unit-missing') {
      const slot = f.location.field === 'periodValue' ? 'periodValue' : 'value';
      const raw = ind[slot]?.raw ?? '';
      if (/\d\s*$/.test(raw)) update(ind.id, (i) => setIndicatorValue(i, slot, `${raw.trim()}%`));
    } else if (f.code === 'benefit.min' && !doc.indicators.some((i) => i.id === 'demo-benefit')) {
      doc = { ...doc, indicators: [...doc.indicators, benefitRow(doc.kind === 'project')] } as TargetTable;
    } else if (f.code === 'output.quantitative-min') {
      const target = doc.indicators.find((i) => i.level1.name === '产出指标' && /率/.test(i.name.raw) && !i.value.quantitative);
      if (target) {
        update(target.id, (i) => {
          const v = setIndicatorValue(i, 'value', '＝100%');
          return v.periodValue ? setIndicatorValue(v, 'periodValue', '＝100%') : v;
        });
      }
    }
  }
  return doc as StoredDocument;
}
