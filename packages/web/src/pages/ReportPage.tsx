/**
 * A monitoring report or a self-evaluation of an approved target table. The targets are shown
 * read-only (copied from the approved version); the unit enters only what was achieved, the
 * budget executed and the explanations. Lights (monitoring) and scores (self-evaluation) are
 * computed in the browser with core's rules as the unit types, and by the server on save.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Input, Select, Space, Spin, Statistic, Tag } from 'antd';
import {
  DEVIATION_CAUSES,
  evaluateReport,
  LIKELIHOODS,
  parseMoney,
  targetsName,
  type DeviationCause,
  type Finding,
  type Indicator,
  type Likelihood,
  type MonitoringDocument,
  type ReportDocument,
  type SelfEvaluationDocument,
} from '@jixiao/core';
import { ApiError } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { Link, navigate } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';
import { evaluationApi, KIND_NAME, type ReportDetail } from '../evaluation/api.ts';
import { LightDot } from '../evaluation/components.tsx';
import { fmtTime, StatusTag } from './common.tsx';

type Text = { raw: string };
const t = (raw: string): Text => ({ raw });
/** An amount typed in 万元: the text, and its 分 when it reads as money. */
const amount = (raw: string) => ({ raw, fen: raw.trim() ? (parseMoney(raw)?.fen ?? null) : null });

/** The cells every indicator row starts with: its number, 一级/二级, 三级 and the approved target (read-only). */
function TargetCells({ row, ind }: { row: number; ind: Indicator }) {
  return (
    <>
      <td>{row}</td>
      <td className="small muted">
        {ind.level1.raw} / {ind.level2.raw}
      </td>
      <td>{ind.name.raw}</td>
      <td className="target-cell">{ind.value.raw}</td>
    </>
  );
}

/** An edit of the report's row for one indicator; the row is created (from `blank`) on its first edit. */
function rowEditor<R extends { indicatorId: string }>(update: (f: (d: ReportDocument) => void) => void, rows: (d: ReportDocument) => R[], blank: R) {
  return (f: (x: R) => void) =>
    update((d) => {
      const list = rows(d);
      let x = list.find((y) => y.indicatorId === blank.indicatorId);
      if (!x) list.push((x = structuredClone(blank)));
      f(x);
    });
}

function FindingList({ findings }: { findings: Finding[] }) {
  const { msg, tr } = useI18n();
  if (!findings.length) return <Alert type="success" title={tr('没有问题，可以提交', 'No problems: ready to submit')} showIcon data-testid="report-findings-ok" />;
  return (
    <ul className="plain-list" data-testid="report-findings">
      {findings.map((f, i) => (
        <li key={i} data-code={f.code}>
          <Tag color={f.severity === 'error' ? 'red' : f.severity === 'warning' ? 'orange' : 'default'}>{f.severity === 'error' ? tr('错误', 'Error') : tr('提示', 'Warning')}</Tag>
          {msg(f.message)}
        </li>
      ))}
    </ul>
  );
}

export default function ReportPage({ id }: { id: string }) {
  const { tr, msg, lang } = useI18n();
  const { me } = useSession();
  const { message, modal } = App.useApp();
  const [detail, setDetail] = useState<ReportDetail | null>(null);
  const [doc, setDoc] = useState<ReportDocument | null>(null);
  const [events, setEvents] = useState<Awaited<ReturnType<typeof evaluationApi.events>>>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dirty, setDirty] = useState(false);

  const load = useCallback(async () => {
    try {
      const [d, ev] = await Promise.all([evaluationApi.report(id), evaluationApi.events(id)]);
      setDetail(d);
      setDoc(d.document);
      setEvents(ev);
      setDirty(false);
    } catch (e) {
      setError(e instanceof ApiError ? msg(e.bilingual) : String(e));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);
  useEffect(() => void load(), [load]);

  // Live lights and scores as the unit types (the server recomputes them on save).
  const live = useMemo(() => (doc ? evaluateReport(doc) : null), [doc]);

  if (error) return <Alert type="error" title={error} />;
  if (!detail || !doc || !live) return <Spin />;
  const r = detail.report;
  const editable = r.status === 'draft' && (me?.role === 'filer' || me?.role === 'dept_reviewer');
  const update = (f: (d: ReportDocument) => void) => {
    const next = structuredClone(doc);
    f(next);
    setDoc(next);
    setDirty(true);
  };

  const save = async () => {
    setBusy(true);
    try {
      const d = await evaluationApi.save(id, r.version, doc);
      setDetail(d);
      setDoc(d.document);
      setDirty(false);
      message.success(tr(`已保存为第 ${d.report.version} 版`, `Saved as version ${d.report.version}`));
    } catch (e) {
      if (e instanceof ApiError) modal.error({ title: tr('未保存', 'Not saved'), content: msg(e.bilingual) });
      else throw e;
    } finally {
      setBusy(false);
    }
  };
  const act = async (action: 'submit' | 'approve' | 'return' | 'publish', comment?: string) => {
    setBusy(true);
    try {
      await evaluationApi.action(id, action, { version: r.version, ...(comment ? { comment } : {}) });
      message.success(tr('已完成', 'Done'));
      await load();
    } catch (e) {
      if (e instanceof ApiError) modal.error({ title: tr('未完成', 'Not done'), content: msg(e.bilingual) });
      else throw e;
    } finally {
      setBusy(false);
    }
  };
  const returnWithComment = () => {
    let comment = '';
    modal.confirm({
      title: tr('退回意见', 'Reason for returning'),
      content: <Input.TextArea data-testid="return-comment" rows={3} onChange={(e) => (comment = e.target.value)} />,
      onOk: () => act('return', comment || tr('请修改', 'Please revise')),
    });
  };
  const canReview = (me?.role === 'dept_reviewer' && r.status === 'submitted') || (me?.role === 'finance_reviewer' && r.status === 'dept_approved');

  const targets = doc.targets;
  const inds = targets.indicators.filter((i) => i.name.raw.trim());
  const isMonitoring = doc.kind === 'monitoring';
  const mon = isMonitoring ? (doc as MonitoringDocument) : null;
  const se = !isMonitoring ? (doc as SelfEvaluationDocument) : null;
  const monRes = live.monitoring;
  const seRes = live.selfEvaluation;
  const exec = mon ? mon.report.execution : se!.evaluation.execution;

  return (
    <div className="page report-page" data-testid="report-page" data-kind={doc.kind}>
      <h1 className="page-title">
        {msg(KIND_NAME[doc.kind])} · {targetsName(targets) || r.orgName || r.title} <StatusTag status={r.status} />
      </h1>
      <Descriptions size="small" column={3} bordered style={{ marginBottom: 12 }}>
        <Descriptions.Item label={tr('批次', 'Round')}>{mon ? mon.round.title : doc.title}</Descriptions.Item>
        <Descriptions.Item label={tr('目标来源', 'Targets from')}>
          <Link to={`/tables/${doc.basedOn.tableId}`}>{tr(`已批复目标表第 ${doc.basedOn.version} 版（只读）`, `Approved table, version ${doc.basedOn.version} (read-only)`)}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={tr('版本', 'Version')}>
          {r.version} · {fmtTime(r.updatedAt, lang)}
        </Descriptions.Item>
      </Descriptions>

      <Space size="large" style={{ marginBottom: 12 }} wrap>
        {monRes ? (
          <Card size="small" title={tr('项目预警灯', 'Project light')}>
            <LightDot light={monRes.overall} testId="report-overall-light" />
          </Card>
        ) : null}
        {seRes ? (
          <>
            <Card size="small">
              <Statistic title={tr('自评总分', 'Total score')} value={seRes.total} precision={2} valueRender={(v) => <span data-testid="selfeval-total">{v}</span>} />
            </Card>
            <Card size="small">
              <Statistic title={tr('评价等级', 'Grade')} value={seRes.grade} valueRender={(v) => <span data-testid="selfeval-grade">{v}</span>} />
            </Card>
          </>
        ) : null}
        <Space>
          {editable ? (
            <Button type="primary" onClick={() => void save()} loading={busy} disabled={!dirty} data-testid="report-save">
              {tr('保存', 'Save')}
            </Button>
          ) : null}
          {editable && r.status === 'draft' && me?.role === 'filer' ? (
            <Button onClick={() => void act('submit')} disabled={dirty || busy} data-testid="report-submit">
              {tr('提交审核', 'Submit')}
            </Button>
          ) : null}
          {canReview ? (
            <>
              <Button type="primary" onClick={() => void act('approve')} data-testid="report-approve">
                {tr('审核通过', 'Approve')}
              </Button>
              <Button danger onClick={returnWithComment} data-testid="report-return">
                {tr('退回', 'Return')}
              </Button>
            </>
          ) : null}
          <Button onClick={() => navigate(`/reports/${id}/print`)} data-testid="report-print">
            {se ? tr('自评表（打印）', 'Print 自评表') : tr('监控表（打印）', 'Print')}
          </Button>
          <Button href={evaluationApi.xlsxUrl(id)} data-testid="report-xlsx">
            {tr('下载 .xlsx', 'Download .xlsx')}
          </Button>
          <Button href={evaluationApi.docxUrl(id)} data-testid="report-docx">
            {tr('下载 .docx', 'Download .docx')}
          </Button>
          <Button href={evaluationApi.pdfUrl(id)} data-testid="report-pdf">
            {tr('下载 PDF', 'Download PDF')}
          </Button>
        </Space>
      </Space>

      <Card size="small" title={tr('预算执行（万元）', 'Budget execution (万元)')} style={{ marginBottom: 12 }}>
        <Space wrap>
          {se ? (
            <label>
              {tr('年初预算数', 'Opening budget')}{' '}
              <Input style={{ width: 130 }} disabled={!editable} value={se.evaluation.execution.initialBudget?.raw ?? ''} onChange={(e) => update((d) => ((d as SelfEvaluationDocument).evaluation.execution.initialBudget = amount(e.target.value)))} />
            </label>
          ) : null}
          <label>
            {tr('调整后预算数', 'Adjusted budget')}{' '}
            <Input
              style={{ width: 130 }}
              disabled={!editable}
              data-testid="exec-adjusted"
              value={exec.adjustedBudget.raw}
              onChange={(e) => update((d) => ((d.kind === 'monitoring' ? d.report.execution : d.evaluation.execution).adjustedBudget = amount(e.target.value)))}
            />
          </label>
          <label>
            {isMonitoring ? tr('执行数（截至本期）', 'Executed to date') : tr('全年执行数', 'Executed in the year')}{' '}
            <Input
              style={{ width: 130 }}
              disabled={!editable}
              data-testid="exec-executed"
              value={exec.executed.raw}
              onChange={(e) => update((d) => ((d.kind === 'monitoring' ? d.report.execution : d.evaluation.execution).executed = amount(e.target.value)))}
            />
          </label>
          {mon ? (
            <label>
              {tr('预计全年执行', 'Expected for the year')}{' '}
              <Input style={{ width: 130 }} disabled={!editable} value={mon.report.execution.expectedFullYear?.raw ?? ''} onChange={(e) => update((d) => ((d as MonitoringDocument).report.execution.expectedFullYear = amount(e.target.value)))} />
            </label>
          ) : null}
          {monRes ? (
            <span data-testid="exec-light">
              {tr('执行率', 'Rate')} {monRes.execution.rate ?? '—'}% · {tr('时序进度比', 'vs schedule')} {monRes.execution.progress ?? '—'}% <LightDot light={monRes.execution.light} />
            </span>
          ) : null}
          {seRes ? (
            <span data-testid="exec-score">
              {tr('执行率', 'Rate')} {seRes.execution.rate ?? '—'}% · {tr('得分', 'Score')} {seRes.execution.score} / {seRes.execution.weight}
            </span>
          ) : null}
        </Space>
        {se ? (
          <div style={{ marginTop: 8 }}>
            <Input
              disabled={!editable}
              placeholder={tr('执行率低于 90% 时须说明原因', 'Explain when the rate is below 90%')}
              value={se.evaluation.execution.reason?.raw ?? ''}
              onChange={(e) => update((d) => ((d as SelfEvaluationDocument).evaluation.execution.reason = t(e.target.value)))}
              data-testid="exec-reason"
            />
          </div>
        ) : null}
      </Card>

      <Card size="small" title={tr('绩效指标（目标值只读）', 'Indicators (targets read-only)')} style={{ marginBottom: 12 }}>
        <div style={{ overflowX: 'auto' }}>
          <table className="report-grid" data-testid="report-grid">
            <thead>
              <tr>
                <th>#</th>
                <th>{tr('一级 / 二级', 'Level 1 / 2')}</th>
                <th>{tr('三级指标', 'Indicator')}</th>
                <th>{tr('年度指标值', 'Target')}</th>
                {mon ? (
                  <>
                    <th>{tr('截至本期完成', 'Achieved so far')}</th>
                    <th>{tr('全年预计', 'Expected')}</th>
                    <th>{tr('预警', 'Light')}</th>
                    <th>{tr('偏差原因', 'Cause')}</th>
                    <th>{tr('完成可能性', 'Likelihood')}</th>
                    <th>{tr('纠偏措施', 'Corrective measure')}</th>
                  </>
                ) : (
                  <>
                    <th>{tr('实际完成值', 'Actual')}</th>
                    <th>{tr('分值', 'Weight')}</th>
                    <th>{tr('得分', 'Score')}</th>
                    <th>{tr('偏差原因分析及改进措施', 'Reason for any gap')}</th>
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {inds.map((ind, k) => {
                const row = k + 1;
                if (mon) {
                  const p = mon.report.indicators.find((x) => x.indicatorId === ind.id);
                  const l = monRes?.indicators.find((x) => x.indicatorId === ind.id);
                  const set = rowEditor(update, (d) => (d as MonitoringDocument).report.indicators, { indicatorId: ind.id, achieved: t('') });
                  return (
                    <tr key={ind.id} data-row={row}>
                      <TargetCells row={row} ind={ind} />
                      <td>
                        <Input size="small" disabled={!editable} data-testid={`achieved-${row}`} value={p?.achieved.raw ?? ''} onChange={(e) => set((x) => (x.achieved = t(e.target.value)))} />
                      </td>
                      <td>
                        <Input size="small" disabled={!editable} data-testid={`expected-${row}`} value={p?.expectedFullYear?.raw ?? ''} onChange={(e) => set((x) => (x.expectedFullYear = t(e.target.value)))} />
                      </td>
                      <td>
                        <LightDot light={l?.light} progress={l?.progress} testId={`light-${row}`} />
                      </td>
                      <td>
                        <Select<DeviationCause>
                          size="small"
                          style={{ width: 120 }}
                          disabled={!editable}
                          allowClear
                          data-testid={`cause-${row}`}
                          value={p?.deviationCause}
                          onChange={(v) => set((x) => (v ? (x.deviationCause = v) : delete x.deviationCause))}
                          options={DEVIATION_CAUSES.map((c) => ({ value: c, label: c }))}
                        />
                      </td>
                      <td>
                        <Select<Likelihood>
                          size="small"
                          style={{ width: 110 }}
                          disabled={!editable}
                          allowClear
                          data-testid={`likelihood-${row}`}
                          value={p?.likelihood}
                          onChange={(v) => set((x) => (v ? (x.likelihood = v) : delete x.likelihood))}
                          options={LIKELIHOODS.map((c) => ({ value: c, label: c }))}
                        />
                      </td>
                      <td>
                        <Input size="small" disabled={!editable} data-testid={`measure-${row}`} value={p?.measure?.raw ?? ''} onChange={(e) => set((x) => (x.measure = t(e.target.value)))} />
                      </td>
                    </tr>
                  );
                }
                const a = se!.evaluation.indicators.find((x) => x.indicatorId === ind.id);
                const s = seRes?.indicators.find((x) => x.indicatorId === ind.id);
                const set = rowEditor(update, (d) => (d as SelfEvaluationDocument).evaluation.indicators, { indicatorId: ind.id, actual: t('') });
                return (
                  <tr key={ind.id} data-row={row}>
                    <TargetCells row={row} ind={ind} />
                    <td>
                      <Input size="small" disabled={!editable} data-testid={`actual-${row}`} value={a?.actual.raw ?? ''} onChange={(e) => set((x) => (x.actual = t(e.target.value)))} />
                    </td>
                    <td data-testid={`weight-${row}`}>{s?.weight ?? ''}</td>
                    <td>
                      {s?.method === '定性' ? (
                        <Space size={2}>
                          <Input size="small" style={{ width: 64 }} disabled={!editable} data-testid={`score-${row}`} value={a?.score?.raw ?? ''} onChange={(e) => set((x) => (x.score = t(e.target.value)))} />
                          {s.band ? <span className="small muted">{`${s.band[0]}–${s.band[1]}`}</span> : null}
                        </Space>
                      ) : (
                        <span data-testid={`score-${row}`}>{s?.score ?? '—'}</span>
                      )}
                    </td>
                    <td>
                      <Input size="small" disabled={!editable} data-testid={`reason-${row}`} value={a?.reason?.raw ?? ''} onChange={(e) => set((x) => (x.reason = t(e.target.value)))} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Card>

      {se ? (
        <Card size="small" title={tr('年度总体目标完成情况与评价', 'Outcome and conclusion')} style={{ marginBottom: 12 }}>
          <p className="small muted">
            {tr('年度目标：', 'Annual goal: ')}
            {targets.kind === 'project' ? targets.annualGoal.raw : targets.overallGoal.raw}
          </p>
          {(
            [
              ['goalOutcome', tr('实际完成情况', 'What was achieved')],
              ['problems', tr('存在问题', 'Problems')],
              ['measures', tr('改进措施', 'Improvements')],
              ['conclusion', tr('评价结论（补充说明）', 'Conclusion (notes)')],
            ] as const
          ).map(([k, label]) => (
            <div key={k} style={{ marginBottom: 8 }}>
              <div className="small">{label}</div>
              <Input.TextArea rows={2} disabled={!editable} data-testid={`se-${k}`} value={se.evaluation[k]?.raw ?? ''} onChange={(e) => update((d) => ((d as SelfEvaluationDocument).evaluation[k] = t(e.target.value)))} />
            </div>
          ))}
        </Card>
      ) : null}

      <Card size="small" title={tr('检查结果', 'Findings')} style={{ marginBottom: 12 }}>
        <FindingList findings={live.findings} />
      </Card>

      <Card size="small" title={tr('审核记录', 'Review history')}>
        {events.length === 0 ? (
          <span className="muted">{tr('尚未提交', 'Not submitted yet')}</span>
        ) : (
          <ul className="plain-list" data-testid="report-events">
            {events.map((e) => (
              <li key={e.id}>
                {fmtTime(e.createdAt, lang)} · {e.actor.name} · {e.action}
                {e.comment ? ` · ${e.comment}` : ''}
                {e.fieldComments.map((c, i) => (
                  <div key={i} className="small muted">
                    {c.field}: {c.comment}
                  </div>
                ))}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
