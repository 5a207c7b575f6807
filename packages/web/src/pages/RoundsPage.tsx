/**
 * Monitoring and self-evaluation rounds. The finance bureau opens a round (1–7月 monitoring with
 * a deadline, or the year's self-evaluation) and can move its deadline or close it; everyone
 * sees each round's obligations in their scope: which approved tables have reported, which are
 * due soon or overdue.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Segmented, Space, Spin, Tag } from 'antd';
import { ApiError } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { Link } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';
import { evaluationApi, KIND_NAME, type Obligation, type ReportKind, type Round } from '../evaluation/api.ts';
import { OwedList } from '../evaluation/OwedList.tsx';

function OpenRoundForm({ onOpened }: { onOpened: () => void }) {
  const { tr, msg } = useI18n();
  const { modal } = App.useApp();
  const [kind, setKind] = useState<ReportKind>('monitoring');
  const [form] = Form.useForm();
  const submit = async (v: { year: number; month?: number; deadline: { format(f: string): string }; title?: string }) => {
    try {
      await evaluationApi.openRound({ kind, year: v.year, ...(kind === 'monitoring' ? { month: v.month ?? 7 } : {}), deadline: v.deadline.format('YYYY-MM-DD'), ...(v.title ? { title: v.title } : {}) });
      form.resetFields(['title']);
      onOpened();
    } catch (e) {
      modal.error({ title: tr('未能开启', 'Not opened'), content: e instanceof ApiError ? msg(e.bilingual) : String(e) });
    }
  };
  return (
    <Card size="small" title={tr('开启批次（财政局）', 'Open a round (finance bureau)')} style={{ marginBottom: 16 }} data-testid="open-round">
      <Segmented tabIndex={-1} value={kind} onChange={(v) => setKind(v as ReportKind)} options={[{ label: tr('运行监控', 'Monitoring'), value: 'monitoring' }, { label: tr('绩效自评', 'Self-evaluation'), value: 'self-evaluation' }]} style={{ marginBottom: 8 }} />
      <Form form={form} layout="inline" initialValues={{ year: new Date().getFullYear(), month: 7 }} onFinish={(v) => void submit(v)}>
        <Form.Item name="year" label={tr('年度', 'Year')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2200} data-testid="round-year" />
        </Form.Item>
        {kind === 'monitoring' ? (
          <Form.Item name="month" label={tr('截至月份（1–N月）', 'Last month covered')} rules={[{ required: true }]}>
            <InputNumber min={1} max={12} data-testid="round-month" />
          </Form.Item>
        ) : null}
        <Form.Item name="deadline" label={tr('报送截止日期', 'Deadline')} rules={[{ required: true, message: tr('请选择截止日期', 'Choose the deadline') }]}>
          <DatePicker data-testid="round-deadline" />
        </Form.Item>
        <Form.Item name="title" label={tr('名称（可选）', 'Title (optional)')}>
          <Input style={{ width: 220 }} placeholder={tr('默认：2026年1–7月绩效运行监控', 'Default: 2026年1–7月绩效运行监控')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="round-open">
          {tr('开启', 'Open')}
        </Button>
      </Form>
    </Card>
  );
}

export default function RoundsPage() {
  const { tr, msg } = useI18n();
  const { me } = useSession();
  const { modal } = App.useApp();
  const [rounds, setRounds] = useState<Round[] | null>(null);
  const [owed, setOwed] = useState<Obligation[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const [rs, o] = await Promise.all([evaluationApi.rounds(), evaluationApi.owed({})]);
      setRounds(rs);
      setOwed(o.items);
    } catch (e) {
      setError(e instanceof ApiError ? msg(e.bilingual) : String(e));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => void load(), [load]);
  if (error) return <Alert type="error" title={error} />;
  if (!rounds || !me) return <Spin />;
  const finance = me.orgKind === 'finance' && (me.role === 'finance_reviewer' || me.role === 'admin');
  const toggle = async (r: Round) => {
    try {
      await evaluationApi.updateRound(r.id, { status: r.status === 'open' ? 'closed' : 'open' });
      await load();
    } catch (e) {
      modal.error({ title: tr('未完成', 'Not done'), content: e instanceof ApiError ? msg(e.bilingual) : String(e) });
    }
  };
  return (
    <div className="page" data-testid="rounds-page">
      <h1 className="page-title">
        {tr('运行监控与绩效自评', 'Monitoring and self-evaluation')} <Link to="/rollup">{tr('汇总与预警 →', 'Roll-ups →')}</Link>
      </h1>
      {finance ? <OpenRoundForm onOpened={() => void load()} /> : null}
      {rounds.length === 0 ? <Alert type="info" title={tr('财政局尚未开启监控或自评批次', 'The finance bureau has not opened a round yet')} /> : null}
      {rounds.map((r) => {
        const items = owed.filter((o) => o.round.id === r.id);
        return (
          <Card
            key={r.id}
            size="small"
            style={{ marginBottom: 16 }}
            data-testid="round-card"
            data-round={r.id}
            title={
              <Space>
                <span data-testid="round-title">{r.title}</span>
                <Tag>{msg(KIND_NAME[r.kind])}</Tag>
                <Tag color={r.status === 'open' ? 'green' : 'default'}>{r.status === 'open' ? tr('进行中', 'Open') : tr('已关闭', 'Closed')}</Tag>
                <span className="small muted">{tr(`截止 ${r.deadline.slice(0, 10)}`, `Due ${r.deadline.slice(0, 10)}`)}</span>
              </Space>
            }
            extra={
              <Space>
                <Link to={`/rollup?round=${r.id}`}>{tr('汇总', 'Roll-up')}</Link>
                {finance ? (
                  <Button size="small" onClick={() => void toggle(r)}>
                    {r.status === 'open' ? tr('关闭批次', 'Close') : tr('重新开启', 'Reopen')}
                  </Button>
                ) : null}
              </Space>
            }
          >
            {r.status === 'open' ? <OwedList items={items} showRound={false} /> : <span className="muted">{tr('已关闭：见汇总', 'Closed: see the roll-up')}</span>}
          </Card>
        );
      })}
    </div>
  );
}
