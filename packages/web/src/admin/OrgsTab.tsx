/** 单位管理: the tree of 主管部门 and 预算单位 — rename, move, deactivate, import, history. */
import { ymdhm } from '../app/dates.ts';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Form, Input, Select, Space, Table, Tag } from 'antd';
import { ApiError } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { adminApi, type AdminOrg } from './api.ts';
import { ImportCard } from './ImportCard.tsx';
import { actionName } from './action-names.ts';

type Node = AdminOrg & { children?: Node[] };

export function OrgsTab() {
  const { tr, msg } = useI18n();
  const { modal, message } = App.useApp();
  const [orgs, setOrgs] = useState<AdminOrg[]>([]);
  const [folded, setFolded] = useState<Set<string>>(new Set());
  const [history, setHistory] = useState<Awaited<ReturnType<typeof adminApi.orgHistory>>>([]);
  const load = useCallback(async () => {
    const [o, h] = await Promise.all([adminApi.orgs(), adminApi.orgHistory()]);
    setOrgs(o);
    setHistory(h);
  }, []);
  useEffect(() => void load(), [load]);
  const tree = useMemo<Node[]>(() => {
    const depts = orgs.filter((o) => o.kind !== 'unit').map((d) => ({ ...d, children: orgs.filter((u) => u.parentId === d.id) }));
    return depts.map((d) => (d.children.length ? d : { ...d, children: undefined })) as Node[];
  }, [orgs]);
  const depts = orgs.filter((o) => o.kind === 'dept' && o.active);
  const act = async (f: () => Promise<unknown>, done: string) => {
    try {
      await f();
      message.success(done);
      await load();
    } catch (e) {
      modal.error({ title: tr('未能完成', 'Not done'), content: e instanceof ApiError ? msg(e.bilingual) : String(e) });
    }
  };
  const [addForm] = Form.useForm<{ kind: 'dept' | 'unit'; code: string; name: string; parentId?: string }>();
  const addKind = Form.useWatch('kind', addForm);
  const add = (v: { kind: 'dept' | 'unit'; code: string; name: string; parentId?: string }) =>
    act(async () => {
      await adminApi.createOrg(v.kind === 'unit' ? v : { kind: v.kind, code: v.code, name: v.name });
      addForm.resetFields(['code', 'name']);
    }, tr(`已新增：${v.code} ${v.name}`, `Added: ${v.code} ${v.name}`));
  // 修改 one organisation: its name and its code (both kept in the history).
  const edit = (o: AdminOrg) => {
    let name = o.name;
    let code = o.code;
    modal.confirm({
      title: tr(`修改：${o.code} ${o.name}`, `Edit ${o.code} ${o.name}`),
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <label>{tr('名称', 'Name')}<Input defaultValue={o.name} onChange={(e) => (name = e.target.value)} data-testid="rename-input" /></label>
          <label>{tr('编码', 'Code')}<Input defaultValue={o.code} onChange={(e) => (code = e.target.value)} data-testid="recode-input" /></label>
        </Space>
      ),
      onOk: () => {
        const change = { ...(name.trim() !== o.name ? { name: name.trim() } : {}), ...(code.trim() !== o.code ? { code: code.trim() } : {}) };
        return Object.keys(change).length ? act(() => adminApi.patchOrg(o.id, change), tr('已修改', 'Changed')) : undefined;
      },
    });
  };
  const move = (o: AdminOrg) => {
    let parentId = o.parentId ?? '';
    modal.confirm({
      title: tr(`调整所属主管部门：${o.name}`, `Move ${o.name} to another department`),
      content: <Select style={{ width: '100%' }} defaultValue={parentId} onChange={(v) => (parentId = v)} options={depts.map((d) => ({ value: d.id, label: `${d.code} ${d.name}` }))} />,
      onOk: () => act(() => adminApi.patchOrg(o.id, { parentId }), tr('已调整；该单位的目标表随之转到新的主管部门', 'Moved; its tables go to the new department')),
    });
  };
  return (
    <div data-testid="admin-orgs">
      <ImportCard
        title={tr('导入单位名单', 'Import the organisation list')}
        hint={tr('Excel 或 CSV：单位编码、单位名称，可选 单位类型（主管部门/预算单位）、上级编码、状态。按编码匹配：新编码新增，已有编码改名或调整。先预览，确认后导入。', 'Excel or CSV: code, name, optionally kind (主管部门/预算单位), parent code, status. Matched by code. Preview first, then import.')}
        testId="org-import"
        run={(f, d) => adminApi.importOrgs(f, d)}
        onDone={() => void load()}
        extraColumns={[{ title: tr('类型', 'Kind'), render: (r) => (r.kind === 'dept' ? tr('主管部门', 'department') : r.kind === 'unit' ? `${tr('预算单位', 'unit')} ← ${r.parentCode ?? ''}` : '') }]}
      />
      <Card size="small" title={tr('新增单位', 'Add an organisation')} style={{ marginBottom: 16 }} data-testid="org-add">
        <Form form={addForm} layout="inline" initialValues={{ kind: 'dept' }} onFinish={(v) => void add(v)}>
          <Form.Item name="kind" rules={[{ required: true }]}>
            <Select style={{ width: 120 }} data-testid="org-add-kind" options={[{ value: 'dept', label: tr('主管部门', 'department') }, { value: 'unit', label: tr('预算单位', 'unit') }]} />
          </Form.Item>
          {addKind === 'unit' ? (
            <Form.Item name="parentId" rules={[{ required: true, message: tr('请选择所属主管部门', 'Choose its department') }]}>
              <Select style={{ width: 220 }} placeholder={tr('所属主管部门', 'Its department')} data-testid="org-add-parent" showSearch optionFilterProp="label" options={depts.map((d) => ({ value: d.id, label: `${d.code} ${d.name}` }))} />
            </Form.Item>
          ) : null}
          <Form.Item name="code" rules={[{ required: true, message: tr('请填写单位编码', 'Give the code') }, { pattern: /^[0-9A-Za-z_-]+$/, message: tr('编码只含数字、字母、-、_', 'Digits, letters, - and _ only') }]}>
            <Input style={{ width: 130 }} placeholder={tr('单位编码', 'Code')} data-testid="org-add-code" />
          </Form.Item>
          <Form.Item name="name" rules={[{ required: true, message: tr('请填写单位名称', 'Give the name') }]}>
            <Input style={{ width: 240 }} placeholder={tr('单位名称', 'Name')} data-testid="org-add-name" />
          </Form.Item>
          <Button htmlType="submit" type="primary" data-testid="org-add-submit">{tr('新增', 'Add')}</Button>
        </Form>
      </Card>
      <Card size="small" title={tr('单位树', 'Organisation tree')} style={{ marginBottom: 16 }}>
        <Table<Node>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={tree}
          // Every department open unless folded by hand — also after an import or an addition
          // (defaultExpandAllRows only applies to the rows of the first render, which may be none).
          expandable={{
            expandedRowKeys: tree.filter((d) => !folded.has(d.id)).map((d) => d.id),
            onExpand: (open, d) => setFolded((f) => { const n = new Set(f); if (open) n.delete(d.id); else n.add(d.id); return n; }),
          }}
          columns={[
            { title: tr('编码', 'Code'), dataIndex: 'code', width: 160 },
            { title: tr('名称', 'Name'), dataIndex: 'name' },
            { title: tr('类型', 'Kind'), render: (_, o) => (o.kind === 'finance' ? tr('财政局', 'finance') : o.kind === 'dept' ? tr('主管部门', 'department') : tr('预算单位', 'unit')), width: 100 },
            { title: tr('状态', 'Status'), render: (_, o) => (o.active ? <Tag color="green">{tr('在用', 'active')}</Tag> : <Tag>{tr('已停用', 'deactivated')}</Tag>), width: 90 },
            {
              title: tr('操作', 'Actions'),
              width: 260,
              render: (_, o) =>
                o.kind === 'finance' ? null : (
                  <Space size="small">
                    <Button size="small" onClick={() => edit(o)} data-testid={`org-edit-${o.code}`}>{tr('修改', 'Edit')}</Button>
                    {o.kind === 'unit' ? <Button size="small" onClick={() => move(o)}>{tr('调整', 'Move')}</Button> : null}
                    <Button size="small" danger={o.active} onClick={() => void act(() => adminApi.patchOrg(o.id, { active: !o.active }), o.active ? tr('已停用', 'Deactivated') : tr('已启用', 'Reactivated'))}>
                      {o.active ? tr('停用', 'Deactivate') : tr('启用', 'Reactivate')}
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={tr('变更记录', 'History')}>
        <Table
          size="small"
          rowKey="id"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={history}
          columns={[
            { title: tr('时间', 'When'), render: (_, e) => ymdhm(e.at), width: 180 },
            { title: tr('单位', 'Organisation'), render: (_, e) => `${e.orgCode ?? ''} ${e.orgName ?? ''}` },
            { title: tr('变更', 'Change'), render: (_, e) => <Tag>{msg(actionName(e.action))}</Tag>, width: 100 },
            { title: tr('之前 → 之后', 'Before → after'), render: (_, e) => (e.before ? `${e.before.name} → ${e.after.name}` : e.after?.name) },
            { title: tr('操作人', 'By'), dataIndex: 'actor', width: 120 },
          ]}
        />
      </Card>
    </div>
  );
}
