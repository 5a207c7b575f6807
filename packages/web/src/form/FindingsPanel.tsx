/**
 * The findings of core's checkTable, recomputed in the browser on every keystroke. A click on
 * a finding focuses its cell; a safe fix applies with one click.
 */
import { memo, useState } from 'react';
import { countBySeverity, type Finding, type TargetTable } from '@jixiao/core';
import { useI18n } from '../app/i18n.tsx';
import { findingCellKey, fixApplies } from './edit.ts';

const ICON = { error: <i className="sev-dot sev-error" />, warning: <i className="sev-dot sev-warning" />, info: <i className="sev-dot sev-info" /> } as const;

export function focusCell(key: string | undefined): boolean {
  if (!key) return false;
  const el = document.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
  if (!el) return false;
  el.scrollIntoView({ block: 'center', behavior: 'auto' });
  el.focus({ preventScroll: true });
  el.classList.add('flash');
  window.setTimeout(() => el.classList.remove('flash'), 900);
  return true;
}

function sectionKey(f: Finding): string | undefined {
  const k = findingCellKey(f);
  if (k) return k;
  // Count rules point at a category: focus its 二级/一级 label cell.
  const m = /^indicators\.(.+)$/.exec(f.location.field ?? '');
  if (m) return `l1:${m[1]}`;
  return f.location.section === 'indicators' ? 'indicator-grid' : undefined;
}

export const FindingsPanel = memo(function FindingsPanel(props: {
  table: TargetTable;
  findings: Finding[];
  readOnly: boolean;
  onFix: (f: Finding) => void;
  onFixAll: () => void;
  /** Adds the indicator a finding suggests (e.g. for an aim of the goal with no indicator). */
  onSuggest?: (s: NonNullable<NonNullable<Finding['suggestion']>['indicator']>) => void;
}) {
  const { tr, msg } = useI18n();
  const c = countBySeverity(props.findings);
  const fixable = props.readOnly ? [] : props.findings.filter((f) => f.fix && fixApplies(props.table, f));
  const order = { error: 0, warning: 1, info: 2 } as const;
  const [only, setOnly] = useState<'all' | 'error' | 'warning'>('all');
  const sorted = [...props.findings].filter((f) => only === 'all' || f.severity === only).sort((a, b) => order[a.severity] - order[b.severity] || (a.location.row ?? 0) - (b.location.row ?? 0));
  return (
    <section className="findings" aria-label={tr('检查结果', 'Findings')} data-testid="findings">
      <div className="findings-head">
        <span className="count count-error" data-testid="count-error">
          {ICON.error} {tr('错误', 'Errors')} {c.error}
        </span>
        <span className="count count-warning" data-testid="count-warning">
          {ICON.warning} {tr('警告', 'Warnings')} {c.warning}
        </span>
        {c.info ? (
          <span className="count">
            {ICON.info} {c.info}
          </span>
        ) : null}
        {fixable.length > 1 ? (
          <button type="button" className="btn-small" onClick={props.onFixAll} data-testid="fix-all">
            {tr(`全部安全修正（${fixable.length}）`, `Apply all safe fixes (${fixable.length})`)}
          </button>
        ) : null}
      </div>
      {props.findings.length > 6 ? (
        <div className="findings-filter" role="radiogroup" aria-label={tr('筛选', 'Filter')}>
          {(['all', 'error', 'warning'] as const).map((k) => (
            <button key={k} type="button" role="radio" aria-checked={only === k} className={`filter-btn ${only === k ? 'on' : ''}`} onClick={() => setOnly(k)}>
              {k === 'all' ? tr('全部', 'All') : k === 'error' ? tr('只看错误', 'Errors only') : tr('只看警告', 'Warnings only')}
            </button>
          ))}
        </div>
      ) : null}
      {props.findings.length === 0 ? <div className="findings-empty">{tr('✓ 未发现问题', '✓ No findings')}</div> : null}
      <ol className="findings-list">
        {sorted.map((f, i) => (
          <FindingItem key={`${f.code}-${f.location.indicatorId ?? ''}-${f.location.field ?? ''}-${i}`} f={f} canFix={!props.readOnly && !!f.fix && fixApplies(props.table, f)} readOnly={props.readOnly} onFix={props.onFix} onSuggest={props.onSuggest} />
        ))}
      </ol>
    </section>
  );
});

const sig = (f: Finding) => `${f.code}|${f.severity}|${f.location.indicatorId ?? ''}|${f.location.field ?? ''}|${f.message.zh}|${f.message.en}|${f.fix?.to ?? ''}|${f.suggestion?.zh ?? ''}`;

/** One finding; re-renders only when what it says changes (findings are new objects per check). */
const FindingItem = memo(
  function FindingItem({ f, canFix, readOnly, onFix, onSuggest }: { f: Finding; canFix: boolean; readOnly: boolean; onFix: (f: Finding) => void; onSuggest?: ((s: NonNullable<NonNullable<Finding['suggestion']>['indicator']>) => void) | undefined }) {
    const { tr, msg } = useI18n();
    const key = sectionKey(f);
    return (
      <li className={`finding finding-${f.severity}`} data-code={f.code} data-target={key}>
        <button type="button" className="finding-msg" onClick={() => focusCell(key)} title={tr('定位到此单元格', 'Go to the cell')}>
          <span className="sev">{ICON[f.severity]}</span> {msg(f.message)}
          <span className="code">{f.code}</span>
        </button>
        {canFix ? (
          <button type="button" className="fix-btn" onClick={() => onFix(f)} data-testid={`fix-${f.code}`}>
            {tr('一键修正：', 'Fix: ')}
            {msg(f.fix!.description)}
          </button>
        ) : null}
        {f.suggestion && !readOnly ? (
          <div className="suggestion">
            {tr('建议：', 'Suggestion: ')}
            {msg(f.suggestion)}
            {f.suggestion.indicator && onSuggest ? (
              <button type="button" className="suggest-btn" onClick={() => onSuggest(f.suggestion!.indicator!)} data-testid={`suggest-${f.code}`}>
                {tr('添加此指标', 'Add this indicator')}
              </button>
            ) : null}
          </div>
        ) : null}
      </li>
    );
  },
  (a, b) => a.canFix === b.canFix && a.readOnly === b.readOnly && a.onFix === b.onFix && a.onSuggest === b.onSuggest && sig(a.f) === sig(b.f),
);
