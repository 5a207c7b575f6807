/** All tables in scope, with filters (year, stage, status, department) and progress counts. */
import { STAGES, TABLE_STATUSES } from '@jixiao/core';
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Progress, Select, Space, Table, Tag, Tooltip } from 'antd';
import { api, ApiError, STAGE_LABEL, STATUS_LABEL, type Org, type Stage, type TableStatus, type TableSummary } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { Link, navigate } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';
import { blankDept, blankProject } from '../form/blank.ts';
import { fmtTime, KindText, StageText, StatusTag, tableLabel } from './common.tsx';
import { BatchExport } from '../export/BatchExport.tsx';
import { adminApi } from '../admin/api.ts';


export default function TablesPage({ query }: { query: URLSearchParams }) {
  const { tr, msg, lang } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const [all, setAll] = useState<TableSummary[] | null>(null);
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [year, setYear] = useState<number | undefined>(query.get('year') ? Number(query.get('year')) : undefined);
  const [stage, setStage] = useState<Stage | undefined>((query.get('stage') as Stage) || undefined);
  const [status, setStatus] = useState<TableStatus | undefined>((query.get('status') as TableStatus) || undefined);
  const [dept, setDept] = useState<string | undefined>(query.get('org') || undefined);
  // Filters a dashboard drill-down passes on (shown as tags, each can be removed).
  const [drill, setDrill] = useState(() => drillFilters(query));
  const drillKey = JSON.stringify(drill);

  useEffect(() => {
    setAll(null);
    setError(null);
    let stop = false;
    // Every page: a county's list is a few thousand rows at most.
    (async () => {
      const items: TableSummary[] = [];
      for (let offset = 0; offset < 20_000; offset += 500) {
        const r = await api.tablesPage({ year, stage, org: dept, ...drill, limit: 500, offset });
        items.push(...r.items);
        if (stop || items.length >= r.total || r.items.length === 0) break;
      }
      if (!stop) setAll(items);
    })().catch((e) => setError(e instanceof ApiError ? msg(e.bilingual) : String(e)));
    return () => {
      stop = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [year, stage, dept, drillKey]);
  useEffect(() => {
    api.orgs().then(setOrgs, () => setOrgs([]));
  }, []);
  // The latest year with a stage open to filing, and its first open stage: where a new table starts.
  const [openWork, setOpenWork] = useState<{ year: number; stage: Stage } | null>(null);
  useEffect(() => {
    adminApi.calendar().then(
      (ys) => {
        const y = [...ys].sort((a, b) => b.year - a.year).find((x) => x.stages.some((st) => st.state === 'open' || st.state === 'overdue'));
        const st = y && STAGES.find((k) => y.stages.some((x) => x.stage === k && (x.state === 'open' || x.state === 'overdue')));
        setOpenWork(y && st ? { year: y.year, stage: st } : null);
      },
      () => setOpenWork(null),
    );
  }, []);

  const orgName = useMemo(() => new Map(orgs.map((o) => [o.id, o.name])), [orgs]);
  const rows = (all ?? []).filter((t) => !status || t.status === status);
  const counts = TABLE_STATUSES.map((s) => ({ s, n: (all ?? []).filter((t) => t.status === s).length }));
  const total = all?.length ?? 0;
  const done = (all ?? []).filter((t) => t.status === 'finance_approved' || t.status === 'published').length;
  const years = [...new Set([...(all ?? []).map((t) => t.year), new Date().getFullYear(), new Date().getFullYear() + 1])].sort();

  const [creating, setCreating] = useState<null | 'project' | 'dept-overall'>(null);
  const [form] = Form.useForm<{ name: string; year: number; stage: Stage }>();
  const create = async (kind: 'project' | 'dept-overall', v: { name: string; year: number; stage: Stage }) => {
    const own = me ? `${me.orgCode}-${me.orgName}` : '';
    const document = kind === 'project' ? blankProject(v.year, me?.orgKind === 'dept' ? own : '', me?.orgKind === 'unit' ? own : '') : blankDept(v.year, me?.orgName ?? '');
    if (document.kind === 'project') document.projectName = { raw: v.name.trim() };
    try {
      const t = await api.create({ document, year: v.year, stage: v.stage, orgId: me!.orgId });
      setCreating(null);
      navigate(`/tables/${t.id}`);
    } catch (e) {
      void message.error(e instanceof ApiError ? msg(e.bilingual) : String(e));
    }
  };
  const openCreate = (kind: 'project' | 'dept-overall') => {
    // Start at what the bureau has open (a year without a calendar is closed to filing), not a guess.
    const y = year ?? openWork?.year ?? new Date().getFullYear() + 1;
    const st = stage ?? (openWork && openWork.year === y ? openWork.stage : 'first');
    form.setFieldsValue({ name: '', year: y, stage: st });
    setCreating(kind);
  };

  return (
    <div className="page" data-testid="tables-page">
      <div className="page-head">
        <h1 className="page-title">{tr('绩效目标表', 'Target tables')}</h1>
        {me?.role === 'filer' || me?.role === 'dept_reviewer' ? (
          <Space>
            <Button onClick={() => openCreate('project')} data-testid="new-project">
              {tr('新建项目支出绩效目标表', 'New project table')}
            </Button>
            {me.orgKind === 'dept' ? <Button onClick={() => openCreate('dept-overall')}>{tr('新建部门整体绩效目标表', 'New department table')}</Button> : null}
            <Button type="primary" onClick={() => navigate('/import')}>
              {tr('导入文件', 'Import a file')}
            </Button>
          </Space>
        ) : null}
      </div>
      <Space wrap className="filters">
        <Select allowClear placeholder={tr('年度', 'Year')} style={{ width: 110 }} value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: `${y}` }))} aria-label={tr('年度', 'Year')} />
        <Select allowClear placeholder={tr('阶段', 'Stage')} style={{ width: 110 }} value={stage} onChange={setStage} options={(Object.keys(STAGE_LABEL) as Stage[]).map((s) => ({ value: s, label: msg(STAGE_LABEL[s]) }))} aria-label={tr('阶段', 'Stage')} />
        <Select allowClear placeholder={tr('状态', 'Status')} style={{ width: 140 }} value={status} onChange={setStatus} options={TABLE_STATUSES.map((s) => ({ value: s, label: msg(STATUS_LABEL[s]) }))} aria-label={tr('状态', 'Status')} />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={tr('部门 / 单位', 'Department / unit')}
          style={{ width: 260 }}
          value={dept}
          onChange={setDept}
          options={orgs.filter((o) => o.kind !== 'finance').map((o) => ({ value: o.id, label: `${o.code} ${o.name}` }))}
          aria-label={tr('部门', 'Department')}
        />
        <BatchExport year={year} stage={stage} org={dept} />
      </Space>
      <Space wrap className="drill-tags" data-testid="drill-filters">
        {Object.keys(drill).length ? <span className="muted small">{tr('来自统计分析：', 'From the dashboard:')}</span> : null}
        {Object.entries(drill).map(([k, v]) => (
          <Tag key={k} closable onClose={() => setDrill((d) => Object.fromEntries(Object.entries(d).filter(([x]) => x !== k)))}>
            {drillLabel(k, v, orgName, tr)}
          </Tag>
        ))}
        <span className="small muted" data-testid="list-total">
          {all ? tr(`共 ${rows.length} 张`, `${rows.length} tables`) : '…'}
        </span>
      </Space>
      <div className="progress-strip" data-testid="progress">
        <Tooltip title={tr('财政已审或已公开 / 全部', 'Approved or published / all')}>
          <Progress type="circle" size={56} percent={total ? Math.round((done * 100) / total) : 0} />
        </Tooltip>
        {counts.map(({ s, n }) => (
          <button type="button" key={s} className={`count-card ${status === s ? 'active' : ''}`} onClick={() => setStatus(status === s ? undefined : s)} data-testid={`count-${s}`}>
            <div className="n">{n}</div>
            <div className="l">{msg(STATUS_LABEL[s])}</div>
          </button>
        ))}
        <div className="count-card static">
          <div className="n">{total}</div>
          <div className="l">{tr('合计', 'Total')}</div>
        </div>
      </div>
      <Modal
        open={creating !== null}
        title={creating === 'project' ? tr('新建项目支出绩效目标表', 'New project table') : tr('新建部门整体绩效目标表', 'New department table')}
        okText={tr('新建', 'Create')}
        onOk={() => form.submit()}
        onCancel={() => setCreating(null)}
        okButtonProps={{ 'data-testid': 'new-ok' } as never}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => creating && void create(creating, v)} requiredMark={false}>
          {creating === 'project' ? (
            <Form.Item name="name" label={tr('项目名称', 'Project name')} rules={[{ required: true, whitespace: true, message: tr('请填写项目名称', 'Enter the project name') }]}>
              <Input autoFocus data-testid="new-name" />
            </Form.Item>
          ) : null}
          <Space>
            <Form.Item name="year" label={tr('年度', 'Year')} rules={[{ required: true }]}>
              <InputNumber min={2000} max={2100} />
            </Form.Item>
            <Form.Item name="stage" label={tr('阶段', 'Stage')} rules={[{ required: true }]}>
              <Select style={{ width: 110 }} options={(Object.keys(STAGE_LABEL) as Stage[]).map((s) => ({ value: s, label: msg(STAGE_LABEL[s]) }))} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
      {error ? <Alert type="error" title={error} /> : null}
      <Table<TableSummary>
        size="small"
        rowKey="id"
        loading={all === null}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: tr('名称', 'Name'), key: 'name', render: (_, t) => <Link to={`/tables/${t.id}`}>{tableLabel({ ...t, orgName: t.orgName ?? orgName.get(t.orgId) })}</Link> },
          { title: tr('类型', 'Kind'), key: 'kind', width: 90, render: (_, t) => <KindText kind={t.kind} /> },
          { title: tr('单位', 'Unit'), key: 'org', width: 200, render: (_, t) => t.orgName ?? orgName.get(t.orgId) ?? t.orgId },
          { title: tr('年度', 'Year'), dataIndex: 'year', width: 70 },
          { title: tr('阶段', 'Stage'), key: 'stage', width: 70, render: (_, t) => <StageText stage={t.stage} /> },
          { title: tr('状态', 'Status'), key: 'status', width: 120, render: (_, t) => <StatusTag status={t.status} /> },
          {
            title: tr('检查', 'Check'),
            key: 'check',
            width: 110,
            render: (_, t) => (
              <span className="small">
                {t.errorCount ? <span className="err-count"><i className="sev-dot sev-error" />{t.errorCount}</span> : <span className="ok-count">✓</span>} {t.warningCount ? <span className="warn-count"><i className="sev-dot sev-warning" />{t.warningCount}</span> : null}
              </span>
            ),
          },
          { title: tr('更新时间', 'Updated'), key: 'updated', width: 150, render: (_, t) => fmtTime(t.updatedAt, lang) },
        ]}
      />
    </div>
  );
}

const DRILL_KEYS = ['owner', 'kind', 'finding', 'passes', 'projectType', 'round', 'light', 'grade'] as const;

/** The dashboard's drill-down filters in a list URL (`#/tables?finding=…&passes=no`). */
function drillFilters(q: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of DRILL_KEYS) {
    const v = q.get(k);
    if (v !== null && (v !== '' || k === 'projectType' || k === 'light' || k === 'grade')) out[k] = v;
  }
  return out;
}

function drillLabel(k: string, v: string, orgName: Map<string, string>, tr: (zh: string, en: string) => string): string {
  switch (k) {
    case 'owner':
      return tr(`单位：${orgName.get(v) ?? v}`, `Unit: ${orgName.get(v) ?? v}`);
    case 'kind':
      return v === 'project' ? tr('项目支出', 'Project tables') : tr('部门整体', 'Department-wide');
    case 'finding':
      return tr(`问题：${v}`, `Finding: ${v}`);
    case 'passes':
      return v === 'yes' ? tr('通过填报规则', 'Pass the filing rules') : tr('仍有错误', 'Still have errors');
    case 'round':
      return tr('监控/自评轮次', 'Monitoring / self-evaluation round');
    case 'light':
      return tr(`预警灯：${v || '未评'}`, `Light: ${v || 'not judged'}`);
    case 'grade':
      return tr(`自评等级：${v || '未评分'}`, `Grade: ${v || 'not scored'}`);
    case 'projectType':
      return tr(`项目类型：${v || '（未填）'}`, `Project type: ${v || '(none)'}`);
    default:
      return `${k}: ${v}`;
  }
}
