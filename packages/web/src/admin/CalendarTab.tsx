/** 预算日历: a budget year's rule set and its stages (一上, 二上, 调整) with opening and deadline; close; overdue per department. */
import { useWorkYear } from './work-year.ts';
import { STAGES } from '@jixiao/core';
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { ApiError, type Stage } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { adminApi, STAGE_NAME, STATE_NAME, type OwedItem, type StageView, type YearView } from './api.ts';
import { OwedList } from './OwedList.tsx';

const dateOnly = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '');

function StageRow({ year, stage, view, onChanged }: { year: number; stage: Stage; view: StageView | undefined; onChanged: () => void }) {
  const { tr, msg } = useI18n();
  const { modal, message } = App.useApp();
  const [opens, setOpens] = useState(dateOnly(view?.opensAt) || new Date().toISOString().slice(0, 10));
  const [deadline, setDeadline] = useState(dateOnly(view?.deadline));
  const run = async (f: () => Promise<unknown>, done: string) => {
    try {
      await f();
      message.success(done);
      onChanged();
    } catch (e) {
      modal.error({ title: tr('未能完成', 'Not done'), content: e instanceof ApiError ? msg(e.bilingual) : String(e) });
    }
  };
  // The deadline is the end of that day, local time.
  const save = () => run(() => adminApi.setStage(year, stage, new Date(`${opens}T00:00:00`).toISOString(), new Date(`${deadline}T23:59:59`).toISOString(), view?.state === 'closed'), tr('已保存', 'Saved'));
  return (
    <Space wrap data-testid={`stage-${stage}`}>
      <strong style={{ width: 48, display: 'inline-block' }}>{msg(STAGE_NAME[stage])}</strong>
      <Tag color={view?.state === 'open' ? 'green' : view?.state === 'closed' ? 'default' : view?.state === 'overdue' ? 'red' : 'orange'} data-testid={`stage-${stage}-state`}>
        {msg(STATE_NAME[view?.state ?? 'not_set'])}
      </Tag>
      <span>{tr('开放', 'Opens')}</span>
      <Input type="date" value={opens} onChange={(e) => setOpens(e.target.value)} style={{ width: 150 }} data-testid={`stage-${stage}-opens`} />
      <span>{tr('截止', 'Deadline')}</span>
      <Input type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} style={{ width: 150 }} data-testid={`stage-${stage}-deadline`} />
      <Button type="primary" size="small" disabled={!opens || !deadline} onClick={() => void save()} data-testid={`stage-${stage}-save`}>
        {view?.state === 'closed' ? tr('重新开放', 'Reopen') : view ? tr('保存', 'Save') : tr('开放', 'Open')}
      </Button>
      {view && view.state !== 'closed' ? (
        <Button
          size="small"
          danger
          onClick={() =>
            modal.confirm({
              title: tr(`关闭 ${year} 年${STAGE_NAME[stage].zh}？`, `Close ${year} ${STAGE_NAME[stage].en}?`),
              content: tr('关闭后，该阶段的目标表冻结：不能再修改、提交或审核（公开除外）。', 'Its tables are frozen: no saving, submitting or reviewing (publishing stays possible).'),
              onOk: () => run(() => adminApi.closeStage(year, stage), tr('已关闭', 'Closed')),
            })
          }
          data-testid={`stage-${stage}-close`}
        >
          {tr('关闭', 'Close')}
        </Button>
      ) : null}
    </Space>
  );
}

export function CalendarTab() {
  const { tr, msg } = useI18n();
  const { modal } = App.useApp();
  const [year, setYear] = useWorkYear();
  const [view, setView] = useState<(YearView & { managed: boolean }) | null>(null);
  const [sets, setSets] = useState<Array<{ name: string; title: { zh: string; en: string } }>>([]);
  const [overdue, setOverdue] = useState<Array<{ dept: { code: string; name: string }; missing: number; drafts: number; items: OwedItem[] }>>([]);
  const [stage, setStage] = useState<Stage>('second');
  const load = useCallback(async () => {
    const [v, s, o] = await Promise.all([adminApi.year(year), adminApi.ruleSets(), adminApi.overdue(year, stage)]);
    setView(v);
    setSets(s);
    setOverdue(o.departments);
  }, [year, stage]);
  useEffect(() => void load(), [load]);
  // Choosing the year's rule set changes how every save and submission of the year is judged: asked first.
  const setRuleSet = (ruleSet: string) =>
    modal.confirm({
      title: tr(`将 ${year} 年度的规则集设为 ${ruleSet}？`, `Use ${ruleSet} for ${year}?`),
      content: view?.managed
        ? tr(`原为 ${view.ruleSet}。此后该年度目标表的保存和提交都按新规则集检查；已提交或已审核的表不重新判定。`, `It was ${view.ruleSet}. From now on every save and submission of the year is checked with the new set; tables already submitted or approved are not judged again.`)
        : tr('该年度将纳入预算日历：此后按阶段开放填报，保存和提交都按此规则集检查。', 'The year becomes managed: filing follows its stages, and every save and submission is checked with this set.'),
      okText: tr('确认', 'Confirm'),
      cancelText: tr('取消', 'Cancel'),
      onOk: async () => {
        try {
          await adminApi.setYear(year, ruleSet);
          await load();
        } catch (e) {
          modal.error({ title: tr('未能保存', 'Not saved'), content: e instanceof ApiError ? msg(e.bilingual) : String(e) });
        }
      },
    });
  return (
    <div data-testid="admin-calendar">
      <Card size="small" title={tr('预算年度', 'Budget year')} style={{ marginBottom: 16 }}>
        <Space wrap>
          <span>{tr('年度', 'Year')}</span>
          <InputNumber min={2000} max={2200} value={year} onChange={(v) => v && setYear(v)} data-testid="calendar-year" />
          <span>{tr('规则集', 'Rule set')}</span>
          <Select style={{ width: 320 }} value={view?.managed ? view.ruleSet : undefined} placeholder={tr('选择规则集以纳入预算日历', 'Choose a rule set to manage this year')} onChange={(v) => setRuleSet(v)} options={sets.map((s) => ({ value: s.name, label: `${s.name} · ${msg(s.title)}` }))} data-testid="calendar-rule-set" />
        </Space>
        {view && !view.managed ? (
          <Alert style={{ marginTop: 12 }} type="info" showIcon title={tr('该年度尚未纳入预算日历：不限制填报时间，按服务器默认规则集检查。选择规则集后即可设定各阶段。', 'This year is not managed: filing is not limited in time and the server’s default rule set applies. Choose a rule set to set its stages.')} />
        ) : null}
      </Card>
      {view?.managed ? (
        <Card size="small" title={tr('阶段', 'Stages')} style={{ marginBottom: 16 }}>
          <Space direction="vertical">
            {STAGES.map((s) => (
              <StageRow key={`${year}-${s}-${view.stages.find((x) => x.stage === s)?.opensAt ?? ''}-${view.stages.find((x) => x.stage === s)?.state ?? ''}`} year={year} stage={s} view={view.stages.find((x) => x.stage === s)} onChanged={() => void load()} />
            ))}
          </Space>
        </Card>
      ) : null}
      <Card size="small" title={tr('逾期未报（按主管部门）', 'Overdue, per department')} extra={<Select size="small" value={stage} onChange={setStage} options={STAGES.map((s) => ({ value: s, label: msg(STAGE_NAME[s]) }))} />}>
        {overdue.length === 0 ? (
          <p className="muted">{tr('没有逾期的目标表（或尚未到截止时间）。', 'Nothing overdue (or the deadline has not passed).')}</p>
        ) : (
          <Table
            size="small"
            rowKey={(d) => d.dept.code}
            pagination={false}
            dataSource={overdue}
            expandable={{ expandedRowRender: (d) => <OwedList items={d.items} testId="overdue-items" /> }}
            columns={[
              { title: tr('主管部门', 'Department'), render: (_, d) => `${d.dept.code} ${d.dept.name}` },
              { title: tr('未建表', 'Missing'), dataIndex: 'missing', width: 100 },
              { title: tr('仍为草稿', 'Still drafts'), dataIndex: 'drafts', width: 100 },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
