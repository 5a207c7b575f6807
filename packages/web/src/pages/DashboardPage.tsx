/**
 * 统计分析: the finance bureau's view of the county (a 主管部门's of its units) for a year and
 * stage — filing progress, the commonest findings, the share of tables that pass the filing
 * rules, and funds by project type. Every bar, slice and figure opens the table list filtered to
 * exactly the tables behind it (the server counts over the same visibility as the list).
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Card, Col, Empty, Row, Select, Space, Spin, Statistic, Tag } from 'antd';
import { formatWan, STAGES, TABLE_STATUSES } from '@jixiao/core';
import { api, ApiError, STAGE_LABEL, STATUS_LABEL, type Dashboard, type Stage, type TableStatus } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { Link, navigate } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';
import { regionWhole } from '../app/region.ts';
import { Chart, type ChartOption } from '../dashboard/Chart.tsx';

const STATUS_COLORS: Record<TableStatus, string> = { draft: '#bfbfbf', submitted: '#1677ff', dept_approved: '#13c2c2', finance_approved: '#52c41a', published: '#d4a017' };

export default function DashboardPage({ query }: { query: URLSearchParams }) {
  const { tr, msg } = useI18n();
  const { me } = useSession();
  const [year, setYear] = useState<number | undefined>(query.get('year') ? Number(query.get('year')) : undefined);
  const [stage, setStage] = useState<Stage | undefined>((query.get('stage') as Stage) || undefined);
  const [d, setD] = useState<Dashboard | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setError(null);
    api.dashboard({ year, stage }).then(
      (x) => {
        setD(x);
        if (year === undefined && x.year !== null) setYear(x.year);
      },
      (e) => setError(e instanceof ApiError ? msg(e.bilingual) : String(e)),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [year, stage]);

  /** The list of the tables behind a figure. */
  const drill = (q: Record<string, string | undefined>) => {
    if (!d) return '/tables';
    const p = new URLSearchParams();
    if (d.year) p.set('year', String(d.year));
    if (d.stage) p.set('stage', d.stage);
    for (const [k, v] of Object.entries(q)) if (v !== undefined) p.set(k, v);
    return `/tables?${p.toString()}`;
  };
  const groupParam = d?.groupBy === 'unit' ? 'owner' : 'org';
  const groupName = useMemo(() => new Map((d?.groups ?? []).map((g) => [g.id, g.name])), [d]);
  const short = (id: string) => {
    const n = groupName.get(id) ?? id;
    return n.length > 8 ? `${n.replace(/^.{2,3}县/, '').slice(0, 8)}…` : n;
  };

  if (error) return <Alert type="error" title={error} />;
  if (!d) return <Spin style={{ margin: 80 }} />;

  const groups = d.groups;
  const countOf = (gid: string, s: TableStatus) => d.progress.filter((p) => p.groupId === gid && p.status === s).reduce((n, p) => n + p.count, 0);
  const shownStatuses = TABLE_STATUSES.filter((s) => d.progress.some((p) => p.status === s));
  const progressOption: ChartOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 60 },
    xAxis: { type: 'category', data: groups.map((g) => short(g.id)), axisLabel: { interval: 0, rotate: groups.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: shownStatuses.map((s) => ({ name: msg(STATUS_LABEL[s]), type: 'bar', stack: 'n', itemStyle: { color: STATUS_COLORS[s] }, data: groups.map((g) => countOf(g.id, s)) })),
  };
  const findingsOption: ChartOption = {
    tooltip: { trigger: 'item', formatter: (p: { dataIndex: number }) => findingTip(d.findings[d.findings.length - 1 - p.dataIndex]!, msg, tr) },
    grid: { left: 200, right: 24, top: 8, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: [...d.findings].reverse().map((f) => f.code), axisLabel: { width: 190, overflow: 'truncate' } },
    series: [{ type: 'bar', name: tr('表数', 'Tables'), itemStyle: { color: '#b71c1c' }, data: [...d.findings].reverse().map((f) => f.tables) }],
  };
  const failing = d.totals.tables - d.totals.passing;
  const passingOption: ChartOption = {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['45%', '70%'],
        data: [
          { name: tr('通过填报规则', 'Pass the rules'), value: d.totals.passing, itemStyle: { color: '#52c41a' } },
          { name: tr('仍有错误', 'Still have errors'), value: failing, itemStyle: { color: '#ff4d4f' } },
        ].filter((x) => x.value > 0),
      },
    ],
  };
  const types = [...new Set(d.funds.map((f) => f.projectType))].sort();
  const fundsOf = (gid: string, type: string) => d.funds.find((f) => f.groupId === gid && f.projectType === type)?.amountFen ?? 0;
  const fundGroups = groups.filter((g) => d.funds.some((f) => f.groupId === g.id));
  const fundsOption: ChartOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 64, right: 16, top: 36, bottom: 60 },
    xAxis: { type: 'category', data: fundGroups.map((g) => short(g.id)), axisLabel: { interval: 0, rotate: fundGroups.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', name: tr('万元', '10k yuan') },
    series: types.map((t) => ({ name: t || tr('未填类型', 'No type'), type: 'bar', stack: 'f', data: fundGroups.map((g) => Number(formatWan(fundsOf(g.id, t)))) })),
  };
  // Never a blank selector: with nothing counted yet, the year asked for or this year.
  const shownYear = d.year ?? year ?? d.years[0] ?? new Date().getFullYear();
  const whole = regionWhole(me?.region);
  const share = d.totals.tables ? Math.round((d.totals.passing * 1000) / d.totals.tables) / 10 : 0;
  const orgsFiled = groups.reduce((n, g) => n + g.orgsFiled, 0);
  const orgCount = groups.reduce((n, g) => n + g.orgCount, 0);

  return (
    <div className="page dashboard" data-testid="dashboard-page">
      <div className="page-head">
        <h1 className="page-title" data-testid="dash-title">{d.groupBy === 'dept' ? tr(`统计分析（${whole[0]}）`, `Dashboard (${whole[1]})`) : tr('统计分析（本部门）', 'Dashboard (department)')}</h1>
        <Space>
          <Select style={{ width: 110 }} value={shownYear} onChange={(y) => setYear(y)} options={[...new Set([shownYear, ...d.years])].sort((a, b) => b - a).map((y) => ({ value: y, label: `${y}` }))} aria-label={tr('年度', 'Year')} data-testid="dash-year" />
          <Select
            allowClear
            style={{ width: 120 }}
            placeholder={tr('全部阶段', 'All stages')}
            value={stage}
            onChange={(s) => setStage(s)}
            options={STAGES.map((s) => ({ value: s, label: msg(STAGE_LABEL[s]), disabled: !d.stages.includes(s) }))}
            aria-label={tr('阶段', 'Stage')}
          />
        </Space>
      </div>
      {d.groupBy === 'dept' ? (
        <p className="muted small">{tr('统计范围：财政局可查看的目标表（已提交及以后）；草稿只计入“未报送单位”。', 'Counted: the tables the finance bureau may read (submitted onwards); drafts show only as units that have not handed anything in.')}</p>
      ) : null}
      <Row gutter={[12, 12]} className="dash-totals">
        <Col xs={12} md={6}>
          <Card size="small">
            <Link to={drill({})} data-testid="total-tables">
              <Statistic title={tr('目标表', 'Tables')} value={d.totals.tables} />
            </Link>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Link to={drill({ passes: 'yes' })} data-testid="total-passing">
              <Statistic title={tr('通过填报规则', 'Pass the filing rules')} value={share} suffix={`% (${d.totals.passing})`} />
            </Link>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Link to={drill({ kind: 'project' })}>
              <Statistic title={tr('项目资金（万元）', 'Project funds (10k yuan)')} value={formatWan(d.totals.amountFen)} />
            </Link>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={tr('已报送单位', 'Units that filed')} value={orgsFiled} suffix={`/ ${orgCount}`} />
          </Card>
        </Col>
      </Row>
      {d.totals.tables === 0 ? <Empty description={tr('该年度/阶段暂无可统计的目标表', 'No tables to count for this year and stage')} /> : null}
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={d.groupBy === 'dept' ? tr('填报进度（按部门、状态）', 'Filing progress by department and status') : tr('填报进度（按单位、状态）', 'Filing progress by unit and status')}>
            <Chart option={progressOption} testId="chart-progress" onClick={(c) => navigate(drill({ [groupParam]: groups[c.dataIndex]?.id, status: shownStatuses[c.seriesIndex ?? 0] }))} />
            <StageProgress d={d} drill={drill} />
            <NotFiled d={d} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={tr('通过填报规则的比例', 'Share of tables that pass the filing rules')}>
            <Chart option={passingOption} height={220} testId="chart-passing" onClick={(c) => navigate(drill({ passes: c.name === tr('通过填报规则', 'Pass the rules') ? 'yes' : 'no' }))} />
            <table className="dash-table" data-testid="passing-table">
              <thead>
                <tr>
                  <th>{d.groupBy === 'dept' ? tr('部门', 'Department') : tr('单位', 'Unit')}</th>
                  <th>{tr('通过', 'Pass')}</th>
                  <th>{tr('有错误', 'Errors')}</th>
                </tr>
              </thead>
              <tbody>
                {d.passing.map((p) => (
                  <tr key={p.groupId}>
                    <td>{groupName.get(p.groupId)}</td>
                    <td>
                      <Link to={drill({ [groupParam]: p.groupId, passes: 'yes' })}>{p.passing}</Link>
                    </td>
                    <td>
                      <Link to={drill({ [groupParam]: p.groupId, passes: 'no' })}>{p.tables - p.passing}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={tr('最常见的问题（按代码，涉及表数）', 'Most common findings by code (tables)')}>
            {d.findings.length ? (
              <>
                <Chart option={findingsOption} height={Math.max(160, d.findings.length * 26 + 40)} testId="chart-findings" onClick={(c) => navigate(drill({ finding: [...d.findings].reverse()[c.dataIndex]?.code }))} />
                <ol className="dash-findings" data-testid="findings-list">
                  {d.findings.map((f) => (
                    <li key={f.code}>
                      <Link to={drill({ finding: f.code })} data-testid={`finding-${f.code}`}>
                        <code>{f.code}</code> <b>{f.tables}</b>
                      </Link>{' '}
                      <span className="muted small">
                        {f.severity === 'error' ? <Tag color="red">{tr('错误', 'error')}</Tag> : f.severity === 'warning' ? <Tag color="orange">{tr('警告', 'warning')}</Tag> : null}
                        {f.description ? msg(f.description) : null}
                      </span>
                    </li>
                  ))}
                </ol>
              </>
            ) : (
              <Empty description={tr('没有问题', 'No findings')} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={d.groupBy === 'dept' ? tr('项目资金（按部门、项目类型，万元）', 'Project funds by department and project type (10k yuan)') : tr('项目资金（按单位、项目类型，万元）', 'Project funds by unit and project type (10k yuan)')}>
            {d.funds.length ? (
              <>
                <Chart option={fundsOption} testId="chart-funds" onClick={(c) => navigate(drill({ [groupParam]: fundGroups[c.dataIndex]?.id, kind: 'project', projectType: types[c.seriesIndex ?? 0] ?? '' }))} />
                <table className="dash-table" data-testid="funds-table">
                  <thead>
                    <tr>
                      <th>{d.groupBy === 'dept' ? tr('部门', 'Department') : tr('单位', 'Unit')}</th>
                      <th>{tr('项目类型', 'Project type')}</th>
                      <th>{tr('表数', 'Tables')}</th>
                      <th>{tr('万元', '10k yuan')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.funds.map((f) => (
                      <tr key={`${f.groupId}|${f.projectType}`}>
                        <td>{groupName.get(f.groupId)}</td>
                        <td>{f.projectType || tr('（未填）', '(none)')}</td>
                        <td>
                          <Link to={drill({ [groupParam]: f.groupId, kind: 'project', projectType: f.projectType })}>{f.tables}</Link>
                        </td>
                        <td className="num">{formatWan(f.amountFen)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            ) : (
              <Empty description={tr('没有项目资金', 'No project funds')} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={tr('运行监控（预警灯）', 'Monitoring lights')}>
            {d.monitoring && d.monitoring.counts.length ? <EvaluationChart d={d} fig={d.monitoring} kind="light" /> : <Empty description={tr('本年度尚无可查看的监控报告', 'No monitoring reports to show for this year')} />}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={tr('绩效自评（等级）', 'Self-evaluation grades')}>
            {d.selfEvaluation && d.selfEvaluation.counts.length ? <EvaluationChart d={d} fig={d.selfEvaluation} kind="grade" /> : <Empty description={tr('本年度尚无可查看的自评报告', 'No self-evaluation reports to show for this year')} />}
          </Card>
        </Col>
      </Row>
    </div>
  );
}

const LIGHTS: Array<{ value: string; zh: string; en: string; color: string }> = [
  { value: 'red', zh: '红灯', en: 'Red', color: '#ff4d4f' },
  { value: 'yellow', zh: '黄灯', en: 'Yellow', color: '#fadb14' },
  { value: 'green', zh: '绿灯', en: 'Green', color: '#52c41a' },
  { value: 'blue', zh: '蓝灯（超额）', en: 'Blue (over target)', color: '#1677ff' },
  { value: '', zh: '未评', en: 'Not judged', color: '#bfbfbf' },
];
const GRADES: Array<{ value: string; zh: string; en: string; color: string }> = [
  { value: '优', zh: '优', en: 'Excellent', color: '#52c41a' },
  { value: '良', zh: '良', en: 'Good', color: '#1677ff' },
  { value: '中', zh: '中', en: 'Fair', color: '#fadb14' },
  { value: '差', zh: '差', en: 'Poor', color: '#ff4d4f' },
  { value: '', zh: '未评分', en: 'Not scored', color: '#bfbfbf' },
];

/** Monitoring lights or self-evaluation grades per group (stacked), each bar drilling to its tables. */
function EvaluationChart({ d, fig, kind }: { d: Dashboard; fig: NonNullable<Dashboard['monitoring']>; kind: 'light' | 'grade' }) {
  const { tr, msg } = useI18n();
  const scale = kind === 'light' ? LIGHTS : GRADES;
  const values = scale.filter((v) => fig.counts.some((c) => c.value === v.value));
  const groups = d.groups.filter((g) => fig.counts.some((c) => c.groupId === g.id));
  const groupParam = d.groupBy === 'unit' ? 'owner' : 'org';
  // A report's table may be of another year or stage than the dashboard's: the link names the round only.
  const link = (groupId: string, value: string) => `/tables?${new URLSearchParams({ [groupParam]: groupId, round: fig.roundId, [kind]: value }).toString()}`;
  const option: ChartOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 40 },
    xAxis: { type: 'category', data: groups.map((g) => g.name) },
    yAxis: { type: 'value', minInterval: 1 },
    series: values.map((v) => ({ name: msg(v), type: 'bar', stack: 'e', itemStyle: { color: v.color }, data: groups.map((g) => fig.counts.find((c) => c.groupId === g.id && c.value === v.value)?.count ?? 0) })),
  };
  return (
    <>
      <Chart option={option} height={240} testId={`chart-${kind}`} onClick={(c) => groups[c.dataIndex] && navigate(link(groups[c.dataIndex]!.id, values[c.seriesIndex ?? 0]!.value))} />
      <table className="dash-table" data-testid={`${kind}-table`}>
        <tbody>
          {groups.map((g) => (
            <tr key={g.id}>
              <td>{g.name}</td>
              {values.map((v) => {
                const n = fig.counts.find((c) => c.groupId === g.id && c.value === v.value)?.count ?? 0;
                return (
                  <td key={v.value}>
                    {msg(v)}：{n ? <Link to={link(g.id, v.value)}>{n}</Link> : 0}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="small muted">{tr(`轮次：${fig.title}`, `Round: ${fig.title}`)}</div>
    </>
  );
}

function findingTip(f: Dashboard['findings'][number], msg: (m: { zh: string; en: string } | null) => string, tr: (a: string, b: string) => string): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  return `<b>${esc(f.code)}</b><br/>${esc(msg(f.description))}<br/>${tr('涉及表数', 'Tables')}: ${f.tables} · ${tr('出现次数', 'Occurrences')}: ${f.occurrences}`;
}

/** Progress as figures: per group and status (each a link to its tables). */
function StageProgress({ d, drill }: { d: Dashboard; drill: (q: Record<string, string | undefined>) => string }) {
  const { tr, msg } = useI18n();
  const groupParam = d.groupBy === 'unit' ? 'owner' : 'org';
  const stages = STAGES.filter((s) => d.progress.some((p) => p.stage === s));
  const statuses = TABLE_STATUSES.filter((s) => d.progress.some((p) => p.status === s));
  if (!d.progress.length) return null;
  return (
    <table className="dash-table" data-testid="progress-table">
      <thead>
        <tr>
          <th>{d.groupBy === 'dept' ? tr('部门', 'Department') : tr('单位', 'Unit')}</th>
          <th>{tr('阶段', 'Stage')}</th>
          {statuses.map((s) => (
            <th key={s}>{msg(STATUS_LABEL[s])}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {d.groups.flatMap((g) =>
          stages
            .filter((st) => d.progress.some((p) => p.groupId === g.id && p.stage === st))
            .map((st) => (
              <tr key={`${g.id}|${st}`}>
                <td>{g.name}</td>
                <td>{msg(STAGE_LABEL[st])}</td>
                {statuses.map((s) => {
                  const n = d.progress.find((p) => p.groupId === g.id && p.stage === st && p.status === s)?.count ?? 0;
                  return (
                    <td key={s}>
                      {n ? (
                        <Link to={drill({ [groupParam]: g.id, stage: st, status: s })} data-testid={`progress-${g.code}-${st}-${s}`}>
                          {n}
                        </Link>
                      ) : (
                        <span className="muted">0</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            )),
        )}
      </tbody>
    </table>
  );
}

/** Units with nothing handed in (for the finance bureau: nothing it can see yet). */
function NotFiled({ d }: { d: Dashboard }) {
  const { tr } = useI18n();
  if (!d.notFiled.length) return null;
  const name = new Map(d.groups.map((g) => [g.id, g.name]));
  return (
    <div className="not-filed small" data-testid="not-filed">
      <b>{tr('未报送：', 'Nothing handed in yet: ')}</b>
      {d.notFiled.map((n) => (
        <span key={n.groupId}>
          {d.groupBy === 'dept' ? `${name.get(n.groupId)}（${n.orgs.length}）` : null}
          {n.orgs.slice(0, 6).map((o) => (
            <Tag key={o.id}>{o.name}</Tag>
          ))}
          {n.orgs.length > 6 ? `… +${n.orgs.length - 6}` : null}
        </span>
      ))}
    </div>
  );
}
