/** The to-do page: what this person has to do now, by role. */
import { useEffect, useState } from 'react';
import { Alert, Badge, Card, Col, Empty, Row, Spin } from 'antd';
import { api, ApiError, type Role, type TableStatus, type TableSummary } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { Link } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';
import { StageText, StatusTag, tableLabel } from './common.tsx';
import { OwedThisMonth } from '../evaluation/OwedThisMonth.tsx';

interface Bucket {
  key: string;
  title: [string, string];
  hint: [string, string];
  test: (t: TableSummary) => boolean;
}

const returned = (t: TableSummary & { returned?: boolean }) => t.status === 'draft' && (t.returned === true || t.lastAction === 'return');

function bucketsFor(role: Role): Bucket[] {
  const st = (...s: TableStatus[]) => (t: TableSummary) => s.includes(t.status);
  switch (role) {
    case 'filer':
      return [
        { key: 'returned', title: ['退回给我的', 'Returned to me'], hint: ['请按审核意见修改后重新提交', 'Revise as the reviewer asked and resubmit'], test: returned },
        { key: 'fill', title: ['待填报', 'To fill'], hint: ['草稿：修正错误后提交', 'Drafts: fix the errors and submit'], test: (t) => t.status === 'draft' && !returned(t) },
        { key: 'review', title: ['审核中', 'In review'], hint: ['已提交，等待审核', 'Submitted, awaiting review'], test: st('submitted', 'dept_approved') },
      ];
    case 'dept_reviewer':
      return [
        { key: 'review', title: ['待我审核', 'To review'], hint: ['单位已提交的表', 'Tables the units submitted'], test: st('submitted') },
        { key: 'returned', title: ['已退回待修改', 'Returned, being revised'], hint: ['', ''], test: returned },
        { key: 'fill', title: ['草稿（可代编）', 'Drafts (you may edit)'], hint: ['', ''], test: (t) => t.status === 'draft' && !returned(t) },
      ];
    case 'finance_reviewer':
    case 'admin':
      return [
        { key: 'review', title: ['待财政审核', 'To review'], hint: ['主管部门已审的表', 'Approved by the department'], test: st('dept_approved') },
        { key: 'publish', title: ['待公开', 'To publish'], hint: ['财政已审，可以公开', 'Approved, ready to publish'], test: st('finance_approved') },
        { key: 'waiting', title: ['在主管部门审核中', 'With the departments'], hint: ['', ''], test: st('submitted') },
      ];
  }
}

export default function TodoPage() {
  const { tr, msg, lang } = useI18n();
  const { me } = useSession();
  const [tables, setTables] = useState<TableSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .tables()
      .then(async (list) => {
        // A draft whose last workflow step was a return came back to its filer.
        // The list carries lastAction; older servers did not, so ask the events only then.
        const drafts = list.filter((t) => t.status === 'draft' && t.version > 1 && t.lastAction === undefined).slice(0, 50);
        const last = await Promise.all(drafts.map((t) => api.events(t.id).then((e) => e[e.length - 1]?.action, () => undefined)));
        const flag = new Map(drafts.map((t, i) => [t.id, last[i]]));
        setTables(list.map((t) => (flag.get(t.id) ? { ...t, lastAction: flag.get(t.id)! } : t)));
      })
      .catch((e) => setError(e instanceof ApiError ? msg(e.bilingual) : String(e)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  if (!me) return null;
  if (error) return <Alert type="error" title={error} />;
  if (!tables) return <Spin />;
  const buckets = bucketsFor(me.role);
  return (
    <div className="page" data-testid="todo-page">
      <h1 className="page-title">
        {tr('待办', 'To do')} <span className="muted">· {me.displayName}</span>
      </h1>
      <Row gutter={16}>
        {buckets.map((b) => {
          const list = tables.filter(b.test);
          return (
            <Col span={8} key={b.key}>
              <Card
                title={
                  <span>
                    {lang === 'zh' ? b.title[0] : b.title[1]} <Badge count={list.length} showZero color={list.length ? '#b71c1c' : '#bbb'} />
                  </span>
                }
                size="small"
                data-testid={`todo-${b.key}`}
              >
                {b.hint[0] ? <div className="muted small">{lang === 'zh' ? b.hint[0] : b.hint[1]}</div> : null}
                {list.length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('暂无', 'Nothing here')} />
                ) : (
                  <ul className="plain-list">
                    {list.map((t) => (
                      <li key={t.id} className="todo-item">
                        <Link to={`/tables/${t.id}`} data-testid="todo-link">
                          {tableLabel(t)}
                        </Link>
                        <div className="small muted">
                          {t.year} · <StageText stage={t.stage} /> · <StatusTag status={t.status} />
                          {t.errorCount ? <span className="err-count">{tr(`${t.errorCount} 个错误`, `${t.errorCount} errors`)}</span> : null}
                        </div>
                      </li>
                    ))}
                  </ul>
                )}
              </Card>
            </Col>
          );
        })}
      </Row>
      <OwedThisMonth />
      <p style={{ marginTop: 24 }}>
        <Link to="/tables">{tr('查看全部绩效目标表 →', 'All tables →')}</Link>
      </p>
      {msg({ zh: '', en: '' })}
    </div>
  );
}
