/** 规则集: every rule with its description; copy a rule set, change thresholds and severities, preview the effect on the year's tables, save a version. */
import { ymdhm } from '../app/dates.ts';
import { useWorkYear } from './work-year.ts';
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Input, InputNumber, Select, Space, Switch, Table, Tag } from 'antd';
import { changeText } from '@jixiao/core';
import { ApiError } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { adminApi, type Impact, type RuleChange, type RuleSetDetail, type RuleView } from './api.ts';

export function RuleSetsTab() {
  const { tr, msg } = useI18n();
  const { modal, message } = App.useApp();
  const [list, setList] = useState<Awaited<ReturnType<typeof adminApi.ruleSets>>>([]);
  const [name, setName] = useState('guangdong-2026');
  const [detail, setDetail] = useState<RuleSetDetail | null>(null);
  const [changes, setChanges] = useState<Record<string, RuleChange>>({});
  const [year, setYear] = useWorkYear();
  const [impact, setImpact] = useState<Impact | null>(null);
  const [comment, setComment] = useState('');
  const load = useCallback(async () => {
    const [l, d] = await Promise.all([adminApi.ruleSets(), adminApi.ruleSet(name)]);
    setList(l);
    setDetail(d);
    setChanges({});
    setImpact(null);
  }, [name]);
  useEffect(() => void load(), [load]);
  const fail = (e: unknown): void => {
    modal.error({ title: tr('未能完成', 'Not done'), content: e instanceof ApiError ? msg(e.bilingual) : String(e) });
  };
  const change = (r: RuleView, patch: Partial<RuleChange>) => {
    setChanges((c) => ({ ...c, [r.code]: { ...c[r.code], ...patch, rule: r.code, ...(patch.params ? { params: { ...c[r.code]?.params, ...patch.params } } : {}) } }));
    setImpact(null);
  };
  const copy = () => {
    let newName = `${name}-local`;
    modal.confirm({
      title: tr(`复制 ${name}`, `Copy ${name}`),
      content: <Input defaultValue={newName} onChange={(e) => (newName = e.target.value)} />,
      onOk: async () => {
        try {
          await adminApi.copyRuleSet(name, newName);
          setName(newName);
        } catch (e) {
          fail(e);
        }
      },
    });
  };
  const pending = Object.values(changes);
  const editable = detail && !detail.builtIn;
  return (
    <div data-testid="admin-rule-sets">
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <Select style={{ width: 360 }} value={name} onChange={setName} options={list.map((r) => ({ value: r.name, label: `${r.name}${r.builtIn ? tr('（内置）', ' (built-in)') : ` v${r.version}`}${r.years.length ? ` · ${r.years.join('、')}` : ''}` }))} />
          <Button onClick={copy}>{tr('复制为本地规则集', 'Copy as a local rule set')}</Button>
        </Space>
        {detail ? <p style={{ marginTop: 8 }}>{msg(detail.title)} <span className="muted">{detail.chain.join(' → ')}</span></p> : null}
        {detail?.builtIn ? <Alert type="info" showIcon title={tr('内置规则集只读；复制一份后可调整阈值和级别。', 'Built-in rule sets are read-only; copy one to change thresholds and severities.')} /> : null}
      </Card>
      {detail ? (
        <Card size="small" title={tr('规则', 'Rules')} style={{ marginBottom: 16 }}>
          <Table<RuleView>
            size="small"
            rowKey="code"
            pagination={false}
            dataSource={detail.rules}
            columns={[
              { title: tr('规则', 'Rule'), dataIndex: 'code', width: 230, render: (c: string, r) => <span data-testid={`rule-title-${c}`}>{msg(r.title)}<br /><code className="muted small">{c}</code></span> },
              { title: tr('说明', 'Description'), render: (_, r) => <span data-testid={`rule-description-${r.code}`}>{msg(r.description)}</span> },
              { title: tr('启用', 'On'), width: 60, render: (_, r) => <Switch size="small" disabled={!editable} checked={changes[r.code]?.enabled ?? r.enabled} onChange={(v) => change(r, { enabled: v })} /> },
              {
                title: tr('级别', 'Severity'),
                width: 110,
                render: (_, r) => <Select size="small" disabled={!editable} value={changes[r.code]?.severity ?? r.severity} style={{ width: 100 }} onChange={(v) => change(r, { severity: v })} options={[{ value: 'error', label: tr('错误', 'error') }, { value: 'warning', label: tr('警告', 'warning') }, { value: 'info', label: tr('提示', 'info') }]} />,
              },
              {
                title: tr('阈值', 'Thresholds'),
                width: 280,
                render: (_, r) => (
                  <Space size="small" wrap>
                    {Object.entries(r.params).map(([k, v]) => {
                      const now = changes[r.code]?.params?.[k] ?? v;
                      const set = (x: string | number | boolean | string[]) => change(r, { params: { [k]: x } });
                      // Every kind of parameter the rules have: numbers, yes/no, and word lists (value.vague's phrases).
                      if (typeof v === 'number') {
                        return (
                          <span key={k}>
                            {msg(r.paramNames[k] ?? { zh: k, en: k })} <InputNumber size="small" min={0} disabled={!editable} value={now as number} onChange={(n) => n !== null && set(n)} style={{ width: 70 }} data-testid={`param-${r.code}-${k}`} />
                          </span>
                        );
                      }
                      if (typeof v === 'boolean') {
                        return (
                          <span key={k}>
                            {msg(r.paramNames[k] ?? { zh: k, en: k })} <Switch size="small" disabled={!editable} checked={now as boolean} onChange={set} data-testid={`param-${r.code}-${k}`} />
                          </span>
                        );
                      }
                      if (Array.isArray(v)) {
                        return (
                          <Select
                            key={k}
                            mode="tags"
                            size="small"
                            disabled={!editable}
                            value={now as string[]}
                            onChange={(list: string[]) => set(list.map((x) => x.trim()).filter(Boolean))}
                            style={{ minWidth: 180, maxWidth: 320 }}
                            maxTagCount="responsive"
                            placeholder={msg(r.paramNames[k] ?? { zh: k, en: k })}
                            data-testid={`param-${r.code}-${k}`}
                          />
                        );
                      }
                      return null;
                    })}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      ) : null}
      {editable ? (
        <Card size="small" title={tr(`待保存的修改（${pending.length}）`, `Pending changes (${pending.length})`)} style={{ marginBottom: 16 }}>
          <Space wrap>
            <span>{tr('预览年度', 'Preview year')}</span>
            <InputNumber value={year} onChange={(v) => v && setYear(v)} />
            <Button disabled={!pending.length} onClick={() => void adminApi.preview(name, year, pending).then(setImpact, fail)}>{tr('预览影响', 'Preview the effect')}</Button>
            <Input style={{ width: 260 }} placeholder={tr('修改说明（必填）', 'Why (required)')} value={comment} onChange={(e) => setComment(e.target.value)} />
            <Button type="primary" disabled={!pending.length || !comment.trim()} onClick={() => void adminApi.saveRuleSet(name, detail!.version ?? 1, pending, comment.trim()).then(() => { message.success(tr('已保存新版本', 'New version saved')); setComment(''); return load(); }, fail)}>
              {tr('保存为新版本', 'Save a new version')}
            </Button>
          </Space>
          {impact ? (
            <div style={{ marginTop: 12 }}>
              <Alert type={impact.statusChanges ? 'warning' : 'success'} showIcon title={tr(`${year} 年共 ${impact.tables} 张目标表，${impact.statusChanges} 张的通过/不通过会改变`, `${impact.tables} tables in ${year}; ${impact.statusChanges} would change between pass and fail`)} />
              <Table
                size="small"
                rowKey="tableId"
                pagination={false}
                dataSource={impact.items}
                columns={[
                  { title: tr('目标表', 'Table'), render: (_, i) => `${i.orgName} · ${i.name || i.title}` },
                  { title: tr('现在', 'Now'), render: (_, i) => `${i.before.passes ? tr('通过', 'pass') : tr('不通过', 'fail')} · ${i.before.errors}/${i.before.warnings}` },
                  { title: tr('修改后', 'After'), render: (_, i) => <Tag color={i.changesStatus ? 'red' : 'default'}>{`${i.after.passes ? tr('通过', 'pass') : tr('不通过', 'fail')} · ${i.after.errors}/${i.after.warnings}`}</Tag> },
                ]}
              />
            </div>
          ) : null}
        </Card>
      ) : null}
      {detail && detail.versions.length ? (
        <Card size="small" title={tr('版本记录', 'Versions')}>
          <Table
            size="small"
            rowKey="version"
            pagination={false}
            dataSource={detail.versions}
            columns={[
              { title: 'v', dataIndex: 'version', width: 50 },
              { title: tr('修改', 'Changes'), render: (_, v) => <span data-testid={`version-${v.version}-changes`}>{v.changes.map((c) => msg(changeText(c))).join(tr('；', '; '))}</span> },
              { title: tr('说明', 'Why'), dataIndex: 'comment' },
              { title: tr('修改人', 'By'), dataIndex: 'by', width: 100 },
              { title: tr('时间', 'When'), render: (_, v) => ymdhm(v.at), width: 170 },
            ]}
          />
        </Card>
      ) : null}
    </div>
  );
}
