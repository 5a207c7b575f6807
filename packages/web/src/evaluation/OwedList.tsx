/** The obligations of a round or of everything open: each approved table, its report (or a button to start it), and how due it is. */
import { Button, Empty, Table } from 'antd';
import { ApiError } from '../app/api.ts';
import { App } from 'antd';
import { useI18n } from '../app/i18n.tsx';
import { Link, navigate } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';
import { StatusTag } from '../pages/common.tsx';
import { evaluationApi, KIND_NAME, type Obligation } from './api.ts';
import { DueTag, LightDot } from './components.tsx';

export function OwedList({ items, showRound = true, testId = 'owed-list' }: { items: Obligation[]; showRound?: boolean; testId?: string }) {
  const { tr, msg } = useI18n();
  const { me } = useSession();
  const { modal } = App.useApp();
  const mayFile = me?.role === 'filer' || me?.role === 'dept_reviewer';
  const start = async (o: Obligation) => {
    try {
      const d = await evaluationApi.start(o.round.id, o.table.id);
      navigate(`/reports/${d.report.id}`);
    } catch (e) {
      const existing = e instanceof ApiError ? (e.body as { error?: { details?: { id?: string } } })?.error?.details?.id : undefined;
      if (existing) navigate(`/reports/${existing}`);
      else modal.error({ title: tr('未能开始', 'Could not start'), content: e instanceof ApiError ? msg(e.bilingual) : String(e) });
    }
  };
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('没有需要填报的监控或自评', 'Nothing to report')} />;
  return (
    <Table<Obligation>
      size="small"
      data-testid={testId}
      rowKey={(o) => `${o.round.id}|${o.table.id}`}
      pagination={items.length > 50 ? { pageSize: 50 } : false}
      dataSource={items}
      columns={[
        ...(showRound ? [{ title: tr('批次', 'Round'), render: (_: unknown, o: Obligation) => <span>{o.round.title} <span className="small muted">{msg(KIND_NAME[o.round.kind])}</span></span> }] : []),
        { title: tr('项目 / 部门整体', 'Project / department'), render: (_, o) => <span data-testid="owed-name">{o.table.name || o.table.orgName}</span> },
        { title: tr('单位', 'Unit'), render: (_, o) => <span className="small">{o.table.orgName}<div className="muted">{o.table.deptName}</div></span> },
        { title: tr('截止', 'Deadline'), render: (_, o) => <span className="small">{o.round.deadline.slice(0, 10)} <DueTag due={o.due} daysLeft={o.daysLeft} /></span> },
        { title: tr('状态', 'Status'), render: (_, o) => (o.report ? <StatusTag status={o.report.status} /> : <span className="muted">{tr('未开始', 'Not started')}</span>) },
        {
          title: tr('预警 / 得分', 'Light / score'),
          render: (_, o) => (o.round.kind === 'monitoring' ? <LightDot light={o.report?.light ?? null} /> : o.report?.total != null ? `${o.report.total} · ${o.report.grade}` : '—'),
        },
        {
          title: tr('操作', 'Action'),
          render: (_, o) =>
            o.report ? (
              <Link to={`/reports/${o.report.id}`} data-testid="owed-open">{tr('打开', 'Open')}</Link>
            ) : mayFile && o.round.status === 'open' ? (
              <Button size="small" type="primary" onClick={() => void start(o)} data-testid="owed-start">
                {tr('开始填报', 'Start')}
              </Button>
            ) : null,
        },
      ]}
    />
  );
}
