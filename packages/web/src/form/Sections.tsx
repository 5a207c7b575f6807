/**
 * The header, funds, goal and task sections of the two official tables, with their merged
 * label cells, amounts in 万元 (kept as integer 分 through core's parseMoney, summed exactly)
 * and the reconciliation shown live.
 */
import { formatWan, sumFen, type AmountField, type DeptOverallTable, type ProjectTable } from '@jixiao/core';
import { useI18n } from '../app/i18n.tsx';
import { Field } from './Cell.tsx';
import { useForm } from './context.ts';

function AmountHint({ a }: { a: AmountField | undefined }) {
  const { tr } = useI18n();
  if (!a || !a.raw.trim()) return null;
  if (a.fen === null) return <div className="amount-hint bad">{tr('不是有效金额', 'not an amount')}</div>;
  return null;
}

function Check({ ok, children }: { ok: boolean; children: React.ReactNode }) {
  return (
    <div className={`recon ${ok ? 'ok' : 'bad'}`} role="status">
      <span className="recon-icon">{ok ? '✓' : '✗'}</span> {children}
    </div>
  );
}

const wan = (fen: number) => formatWan(fen);

export function ProjectSections({ t }: { t: ProjectTable }) {
  const { tr } = useI18n();
  const ctx = useForm();
  const total = t.totalAmount.fen;
  const cur = t.currentAmount.fen;
  const hasSources = !!(t.fiscalAmount || t.otherAmount);
  const sources = sumFen([t.fiscalAmount?.fen, t.otherAmount?.fen]);
  return (
    <table className="official head">
      <colgroup>
        <col className="w-label" />
        <col />
        <col />
        <col />
        <col />
      </colgroup>
      <tbody>
        <tr>
          <th className="label">{tr('项目名称', 'Project name')}</th>
          <td colSpan={4}>
            <Field k="projectName" value={t.projectName.raw} label={tr('项目名称', 'Project name')} />
          </td>
        </tr>
        <tr>
          <th className="label">{tr('项目类型', 'Project type')}</th>
          <td colSpan={4}>
            <Field k="projectType" value={t.projectType.raw} label={tr('项目类型', 'Project type')} placeholder={tr('类型编码-类型名称', 'type code-name')} />
          </td>
        </tr>
        <tr>
          <th className="label">{tr('项目等级', 'Project level')}</th>
          <td colSpan={4}>
            <Field k="projectLevel" value={t.projectLevel.raw} label={tr('项目等级', 'Project level')} placeholder="二级项目" />
          </td>
        </tr>
        <tr>
          <th className="label">{tr('主管部门', 'Supervising dept.')}</th>
          <td>
            <Field k="department" value={t.department.raw} label={tr('主管部门', 'Supervising department')} placeholder={tr('部门编码-部门名称', 'dept code-name')} />
          </td>
          <th className="label">{tr('用款单位', 'Spending unit')}</th>
          <td colSpan={2}>
            <Field k="unit" value={t.unit.raw} label={tr('用款单位', 'Spending unit')} placeholder={tr('单位编码-单位名称', 'unit code-name')} />
          </td>
        </tr>
        <tr>
          <th className="label">{tr('实施期限', 'Period')}</th>
          <th className="label sub">{tr('起始年度', 'Start year')}</th>
          <td>
            <Field k="period.start" value={t.period.start.raw} label={tr('起始年度', 'Start year')} align="center" />
          </td>
          <th className="label sub">{tr('到期年度', 'End year')}</th>
          <td>
            <Field k="period.end" value={t.period.end.raw} label={tr('到期年度', 'End year')} align="center" />
          </td>
        </tr>
        <tr>
          <th className="label" rowSpan={hasSources ? 3 : 2}>
            {tr('预算金额', 'Budget')}
          </th>
          <th className="label sub">{tr('总金额(万元)', 'Total (万元)')}</th>
          <td>
            <Field k="totalAmount" value={t.totalAmount.raw} label={tr('总金额(万元)', 'Total (万元)')} align="right" after={<AmountHint a={t.totalAmount} />} />
          </td>
          <th className="label sub">{tr('当年度金额(万元)', 'This year (万元)')}</th>
          <td>
            <Field k="currentAmount" value={t.currentAmount.raw} label={tr('当年度金额(万元)', 'This year (万元)')} align="right" after={<AmountHint a={t.currentAmount} />} />
          </td>
        </tr>
        {hasSources ? (
          <tr>
            <th className="label sub">{tr('其中：财政拨款', 'of which fiscal')}</th>
            <td>
              <Field k="fiscalAmount" value={t.fiscalAmount?.raw ?? ''} label={tr('财政拨款', 'Fiscal')} align="right" />
            </td>
            <th className="label sub">{tr('其他资金', 'Other')}</th>
            <td>
              <Field k="otherAmount" value={t.otherAmount?.raw ?? ''} label={tr('其他资金', 'Other')} align="right" />
            </td>
          </tr>
        ) : null}
        <tr className="recon-row">
          <td colSpan={4}>
            {total !== null && cur !== null ? (
              <Check ok={cur <= total}>
                {tr(`当年度金额 ${wan(cur)} ${cur <= total ? '≤' : '>'} 总金额 ${wan(total)} 万元`, `This year ${wan(cur)} ${cur <= total ? '≤' : '>'} total ${wan(total)} 万元`)}
              </Check>
            ) : (
              <span className="muted">{tr('填写总金额与当年度金额后自动核对', 'Fill both amounts to reconcile')}</span>
            )}
            {hasSources && cur !== null ? (
              <Check ok={sources === cur}>
                {tr(`财政拨款 + 其他资金 = ${wan(sources)}，当年度金额 ${wan(cur)} 万元`, `Fiscal + other = ${wan(sources)}, this year ${wan(cur)} 万元`)}
              </Check>
            ) : null}
          </td>
        </tr>
        <tr>
          <th className="label">{tr('项目概述', 'Overview')}</th>
          <td colSpan={4}>
            <Field k="overview" value={t.overview.raw} label={tr('项目概述', 'Overview')} multiline />
          </td>
        </tr>
        <tr>
          <th className="label" rowSpan={2}>
            {tr('总体绩效目标', 'Overall goal')}
          </th>
          <th className="label sub" colSpan={2}>
            {tr('实施周期总目标(跨年度项目需填写)', 'Period goal (multi-year projects)')}
          </th>
          <th className="label sub" colSpan={2}>
            {tr('当年度目标', 'Annual goal')}
          </th>
        </tr>
        <tr>
          <td colSpan={2}>
            <Field k="periodGoal" value={t.periodGoal.raw} label={tr('实施周期总目标', 'Period goal')} multiline />
          </td>
          <td colSpan={2}>
            <Field k="annualGoal" value={t.annualGoal.raw} label={tr('当年度目标', 'Annual goal')} multiline />
          </td>
        </tr>
      </tbody>
      {ctx.readOnly ? null : null}
    </table>
  );
}

export function DeptSections({ t, onAddTask, onRemoveTask, onAddDev }: { t: DeptOverallTable; onAddTask: () => void; onRemoveTask: (i: number) => void; onAddDev: () => void }) {
  const { tr } = useI18n();
  const ctx = useForm();
  const f = t.funds;
  const dev = sumFen(f.development.map((l) => l.amount.fen));
  const spending = sumFen([f.basic.fen, f.project.fen, dev]);
  const income = sumFen([f.fiscal.fen, f.other.fen]);
  const tasks = sumFen(t.keyTasks.map((k) => k.amount.fen));
  const devRows = Math.max(1, f.development.length);
  const fundRows = 3 + 1 + devRows + 1;
  return (
    <table className="official head">
      <colgroup>
        <col className="w-label" />
        <col className="w-sub" />
        <col />
        <col className="w-sub" />
        <col />
      </colgroup>
      <tbody>
        <tr>
          <th className="label">{tr('部门名称', 'Department')}</th>
          <td colSpan={4}>
            <Field k="deptName" value={t.deptName.raw} label={tr('部门名称', 'Department')} />
          </td>
        </tr>
        <tr>
          <th className="label">{tr('基本信息', 'Basics')}</th>
          <th className="label sub">{tr('财政供养人数', 'Staff funded')}</th>
          <td>
            <Field k="staffCount" value={t.staffCount.raw} label={tr('财政供养人数', 'Staff funded')} align="right" />
          </td>
          <th className="label sub">{tr('下属二级单位数', 'Sub-units')}</th>
          <td>
            <Field k="subUnitCount" value={t.subUnitCount.raw} label={tr('下属二级单位数', 'Sub-units')} align="right" />
          </td>
        </tr>
        <tr>
          <th className="label" rowSpan={fundRows}>
            {tr('预算整体情况', 'Budget overview')}
          </th>
          <th className="label sub">{tr('部门预算支出', 'Spending')}</th>
          <th className="label sub">{tr('预算金额(万元)', 'Amount (万元)')}</th>
          <th className="label sub">{tr('收入来源', 'Income source')}</th>
          <th className="label sub">{tr('预算金额(万元)', 'Amount (万元)')}</th>
        </tr>
        <tr>
          <th className="label sub">{tr('基本支出', 'Basic spending')}</th>
          <td>
            <Field k="funds.basic" value={f.basic.raw} label={tr('基本支出', 'Basic spending')} align="right" after={<AmountHint a={f.basic} />} />
          </td>
          <th className="label sub">{tr('财政拨款', 'Fiscal funds')}</th>
          <td>
            <Field k="funds.fiscal" value={f.fiscal.raw} label={tr('财政拨款', 'Fiscal funds')} align="right" after={<AmountHint a={f.fiscal} />} />
          </td>
        </tr>
        <tr>
          <th className="label sub">{tr('项目支出', 'Project spending')}</th>
          <td>
            <Field k="funds.project" value={f.project.raw} label={tr('项目支出', 'Project spending')} align="right" after={<AmountHint a={f.project} />} />
          </td>
          <th className="label sub">{tr('其他资金', 'Other funds')}</th>
          <td>
            <Field k="funds.other" value={f.other.raw} label={tr('其他资金', 'Other funds')} align="right" after={<AmountHint a={f.other} />} />
          </td>
        </tr>
        <tr>
          <th className="label sub">
            {tr('事业发展性支出', 'Development spending')}
            {!ctx.readOnly ? (
              <button type="button" className="add-btn no-print" onClick={onAddDev} aria-label={tr('添加事业发展性支出', 'Add development line')}>
                ＋
              </button>
            ) : null}
          </th>
          <th className="label sub">{tr('预算金额(万元)', 'Amount (万元)')}</th>
          <td colSpan={2} rowSpan={devRows + 1} className="recon-cell">
            <Check ok={spending === income}>
              {tr(
                `支出合计 ${wan(spending)}（基本 ${wan(f.basic.fen ?? 0)} + 项目 ${wan(f.project.fen ?? 0)} + 事业发展性 ${wan(dev)}）${spending === income ? '=' : '≠'} 收入合计 ${wan(income)} 万元`,
                `Spending ${wan(spending)} (basic ${wan(f.basic.fen ?? 0)} + project ${wan(f.project.fen ?? 0)} + development ${wan(dev)}) ${spending === income ? '=' : '≠'} income ${wan(income)} 万元`,
              )}
              {spending !== income ? <strong> {tr(`相差 ${wan(spending - income)} 万元`, `difference ${wan(spending - income)}`)}</strong> : null}
            </Check>
          </td>
        </tr>
        {f.development.length === 0 ? (
          <tr>
            <td className="muted">—</td>
            <td />
          </tr>
        ) : (
          f.development.map((l, i) => (
            <tr key={i}>
              <td>
                <Field k={`funds.development.${i}.name`} value={l.name.raw} label={tr('事业发展性支出名称', 'Development line')} />
              </td>
              <td>
                <Field k={`funds.development.${i}`} value={l.amount.raw} label={tr(`${l.name.raw || '事业发展性支出'}金额`, 'Development amount')} align="right" after={<AmountHint a={l.amount} />} />
              </td>
            </tr>
          ))
        )}
        <tr className="sum-row">
          <th className="label sub">{tr('支出合计', 'Total spending')}</th>
          <td className="num" data-testid="spending-total">
            {wan(spending)}
          </td>
          <th className="label sub">{tr('收入合计', 'Total income')}</th>
          <td className="num" data-testid="income-total">
            {wan(income)}
          </td>
        </tr>
        <tr>
          <th className="label">{tr('总体绩效目标', 'Overall goal')}</th>
          <td colSpan={4}>
            <Field k="overallGoal" value={t.overallGoal.raw} label={tr('总体绩效目标', 'Overall goal')} multiline />
          </td>
        </tr>
        <tr>
          <th className="label" rowSpan={t.keyTasks.length + 2}>
            {tr('年度重点工作任务', 'Key tasks')}
            {!ctx.readOnly ? (
              <div>
                <button type="button" className="link-btn no-print" onClick={onAddTask}>
                  {tr('＋ 添加任务', '+ Add task')}
                </button>
              </div>
            ) : null}
          </th>
          <th className="label sub">{tr('名称', 'Name')}</th>
          <th className="label sub">{tr('主要实施内容', 'Main content')}</th>
          <th className="label sub">{tr('拟投入的资金(万元)', 'Funds (万元)')}</th>
          <th className="label sub">{tr('期望达到的目标(概述)', 'Expected result')}</th>
        </tr>
        {t.keyTasks.map((k, i) => (
          <tr key={i}>
            <td>
              <Field k={`keyTasks.${i}.name`} value={k.name.raw} label={tr(`任务${i + 1}名称`, `Task ${i + 1} name`)} multiline />
              {!ctx.readOnly ? (
                <button type="button" className="link-btn danger no-print" onClick={() => onRemoveTask(i)}>
                  {tr('删除', 'Remove')}
                </button>
              ) : null}
            </td>
            <td>
              <Field k={`keyTasks.${i}.content`} value={k.content.raw} label={tr(`任务${i + 1}主要实施内容`, `Task ${i + 1} content`)} multiline />
            </td>
            <td>
              <Field k={`keyTasks.${i}.amount`} value={k.amount.raw} label={tr(`任务${i + 1}拟投入的资金`, `Task ${i + 1} funds`)} align="right" after={<AmountHint a={k.amount} />} />
            </td>
            <td>
              <Field k={`keyTasks.${i}.expected`} value={k.expected.raw} label={tr(`任务${i + 1}期望达到的目标`, `Task ${i + 1} expected`)} multiline />
            </td>
          </tr>
        ))}
        <tr className="sum-row">
          <td colSpan={2} className="muted">
            <Check ok={tasks <= spending || spending === 0}>
              {tr(`任务资金合计 ${wan(tasks)} 万元 ${tasks <= spending ? '≤' : '>'} 支出合计 ${wan(spending)} 万元`, `Tasks ${wan(tasks)} ${tasks <= spending ? '≤' : '>'} spending ${wan(spending)} 万元`)}
            </Check>
          </td>
          <td className="num">{wan(tasks)}</td>
          <td />
        </tr>
        <tr>
          <th className="label">{tr('其他需完成的任务(可选填)', 'Other tasks (optional)')}</th>
          <td colSpan={4}>
            <Field k="otherTasks" value={t.otherTasks.raw} label={tr('其他需完成的任务', 'Other tasks')} multiline />
          </td>
        </tr>
      </tbody>
    </table>
  );
}
