/** 单位管理: the tree of 主管部门 and 预算单位 — rename, move, deactivate, import, history. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Input, Select, Space, Table, Tag } from 'antd';
import { ApiError } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { adminApi, type AdminOrg } from './api.ts';
import { ImportCard } from './ImportCard.tsx';

type Node = AdminOrg & { children?: Node[] };

export function OrgsTab() {
  const { tr, msg } = useI18n();
  const { modal, message } = App.useApp();
  const [orgs, setOrgs] = useState<AdminOrg[]>([]);
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
  const rename = (o: AdminOrg) => {
    let name = o.name;
    modal.confirm({
      title: tr(`改名：${o.code}`, `Rename ${o.code}`),
      content: <Input defaultValue={o.name} onChange={(e) => (name = e.target.value)} data-testid="rename-input" />,
      onOk: () => act(() => adminApi.patchOrg(o.id, { name }), tr('已改名', 'Renamed')),
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
      <Card size="small" title={tr('单位树', 'Organisation tree')} style={{ marginBottom: 16 }}>
        <Table<Node>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={tree}
          expandable={{ defaultExpandAllRows: true }}
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
                    <Button size="small" onClick={() => rename(o)}>{tr('改名', 'Rename')}</Button>
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
            { title: tr('时间', 'When'), render: (_, e) => new Date(e.at).toLocaleString(), width: 180 },
            { title: tr('单位', 'Organisation'), render: (_, e) => `${e.orgCode ?? ''} ${e.orgName ?? ''}` },
            { title: tr('变更', 'Change'), dataIndex: 'action', width: 100 },
            { title: tr('之前 → 之后', 'Before → after'), render: (_, e) => (e.before ? `${e.before.name} → ${e.after.name}` : e.after?.name) },
            { title: tr('操作人', 'By'), dataIndex: 'actor', width: 120 },
          ]}
        />
      </Card>
    </div>
  );
}
