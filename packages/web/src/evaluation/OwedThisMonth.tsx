/**
 * The to-do page's monitoring and self-evaluation block: in-app reminders, everything the unit
 * (or department) still owes — overdue first, then due this month, then later — and, for
 * reviewers, the reports waiting for them. One screen: what I owe this month.
 */
import { useEffect, useState } from 'react';
import { Alert, Badge, Card, Empty, Space } from 'antd';
import { useI18n } from '../app/i18n.tsx';
import { Link } from '../app/router.tsx';
import { evaluationApi, KIND_NAME, type Owed } from './api.ts';
import { LightDot } from './components.tsx';
import { OwedList } from './OwedList.tsx';

export function OwedThisMonth() {
  const { tr, msg } = useI18n();
  const [owed, setOwed] = useState<Owed | null>(null);
  useEffect(() => {
    // The block is an addition to the to-do page: if it fails the page still shows the tables.
    evaluationApi.owed().then(setOwed, () => setOwed({ items: [], reminders: [], toReview: [] }));
  }, []);
  if (!owed) return null;
  const now = new Date();
  const monthEnd = new Date(now.getFullYear(), now.getMonth() + 1, 1);
  const rank = { overdue: 0, 'due-soon': 1, upcoming: 2, done: 3 } as const;
  const open = owed.items.filter((o) => o.due !== 'done').sort((a, b) => rank[a.due] - rank[b.due] || a.round.deadline.localeCompare(b.round.deadline));
  // Overdue, due within the week (even if that is early next month) or due before the month ends.
  const thisMonth = open.filter((o) => o.due === 'overdue' || o.due === 'due-soon' || new Date(o.round.deadline) < monthEnd);
  const later = open.length - thisMonth.length;
  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      data-testid="todo-owed"
      title={
        <span>
          {tr('本月应报：运行监控与绩效自评（含 7 天内到期）', 'Owed this month: monitoring and self-evaluation (and due within 7 days)')} <Badge count={thisMonth.length} showZero color={thisMonth.length ? '#b71c1c' : '#bbb'} />
        </span>
      }
      extra={<Link to="/monitoring">{tr('全部批次 →', 'All rounds →')}</Link>}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {owed.reminders.map((r, i) => (
          <Alert key={i} type={r.level === 'info' ? 'info' : r.level} showIcon title={msg(r.message)} data-testid="reminder" />
        ))}
        {thisMonth.length ? <OwedList items={thisMonth} testId="owed-this-month" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('本月没有到期的监控或自评', 'Nothing due this month')} />}
        {later ? <div className="small muted">{tr(`另有 ${later} 份在以后到期`, `${later} more due later`)}</div> : null}
        {owed.toReview.length ? (
          <div data-testid="reports-to-review">
            <strong>{tr('待我审核的监控/自评', 'Reports to review')}</strong>
            <ul className="plain-list">
              {owed.toReview.map((r) => (
                <li key={r.id}>
                  <Link to={`/reports/${r.id}`}>{r.name || r.orgName}</Link> <span className="small muted">{r.roundTitle} · {msg(KIND_NAME[r.kind])}</span>{' '}
                  {r.kind === 'monitoring' ? <LightDot light={r.light} /> : r.total != null ? `${r.total} · ${r.grade}` : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </Space>
    </Card>
  );
}
