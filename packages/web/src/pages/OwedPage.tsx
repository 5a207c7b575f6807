/**
 * 应报目标表: for each open stage of the budget calendar, the tables the signed-in person owes
 * (their unit's, or their department's units') — the projects the rule set says need their own
 * table and the department-wide table — with the table to open, or the gap.
 */
import { ymdhm } from '../app/dates.ts';
import { useEffect, useState } from 'react';
import { Alert, Card, Spin, Tag } from 'antd';
import { ApiError } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { adminApi, STAGE_NAME, STATE_NAME, type Owed } from '../admin/api.ts';
import { OwedList } from '../admin/OwedList.tsx';

export default function OwedPage() {
  const { tr, msg } = useI18n();
  const [owed, setOwed] = useState<Owed[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void (async () => {
      try {
        const years = await adminApi.calendar();
        const open = years.flatMap((y) => y.stages.filter((s) => s.state === 'open' || s.state === 'overdue').map((s) => ({ year: y.year, stage: s.stage })));
        setOwed(await Promise.all(open.map((o) => adminApi.owed(o.year, o.stage))));
      } catch (e) {
        setError(e instanceof ApiError ? msg(e.bilingual) : String(e));
      }
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  if (error) return <Alert type="error" title={error} />;
  if (!owed) return <Spin />;
  return (
    <div className="page" data-testid="owed-page">
      <h2>{tr('应报目标表', 'Tables owed')}</h2>
      {owed.length === 0 ? <Alert type="info" showIcon title={tr('财政局目前没有开放的填报阶段。', 'The finance bureau has no stage open for filing now.')} /> : null}
      {owed.map((o) => (
        <Card
          key={`${o.year}-${o.stage}`}
          size="small"
          style={{ marginBottom: 16 }}
          data-testid={`owed-${o.year}-${o.stage}`}
          title={
            <span>
              {o.year} {tr('年', '')} {msg(STAGE_NAME[o.stage])} <Tag color={o.state === 'overdue' ? 'red' : 'green'}>{msg(STATE_NAME[o.state as keyof typeof STATE_NAME] ?? { zh: o.state, en: o.state })}</Tag>
              {o.deadline ? <span className="muted">{tr(`截止 ${ymdhm(o.deadline)}`, `deadline ${ymdhm(o.deadline)}`)}</span> : null}
            </span>
          }
        >
          <OwedList items={o.items} />
        </Card>
      ))}
    </div>
  );
}
