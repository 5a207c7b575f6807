/** 项目类型字典: add a type, rename one, stop or resume its use (PUT /api/project-types/:code). */
import { useState } from 'react';
import { App, Button, Card, Form, Input, Space, Table, Tag } from 'antd';
import { ApiError } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { adminApi } from './api.ts';

type Type = { code: string; name: string; active: boolean };

export function ProjectTypesCard({ types, onChanged }: { types: Type[]; onChanged: () => void }) {
  const { tr, msg } = useI18n();
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<{ code: string; name: string }>();
  const [busy, setBusy] = useState(false);
  const put = async (code: string, name: string, active: boolean, done: string) => {
    setBusy(true);
    try {
      await adminApi.putType(code, name, active);
      message.success(done);
      onChanged();
      return true;
    } catch (e) {
      modal.error({ title: tr('未能完成', 'Not done'), content: e instanceof ApiError ? msg(e.bilingual) : String(e) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  const rename = (t: Type) => {
    let name = t.name;
    modal.confirm({
      title: tr(`修改项目类型：${t.code}`, `Rename type ${t.code}`),
      content: <Input defaultValue={t.name} onChange={(e) => (name = e.target.value)} data-testid="type-rename-input" />,
      onOk: () => (name.trim() && name.trim() !== t.name ? put(t.code, name.trim(), t.active, tr('已修改', 'Changed')) : undefined),
    });
  };
  return (
    <Card size="small" title={tr(`项目类型字典（${types.length}）`, `Project type dictionary (${types.length})`)} data-testid="project-types">
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 8 }}
        onFinish={(v) => {
          if (types.some((t) => t.code === v.code.trim())) {
            modal.error({ title: tr('未能添加', 'Not added'), content: tr(`类型编码 ${v.code} 已在字典中，请用“修改”改名`, `Type ${v.code} is in the dictionary already; rename it instead`) });
            return;
          }
          void put(v.code.trim(), v.name.trim(), true, tr(`已添加：${v.code}-${v.name}`, `Added: ${v.code}-${v.name}`)).then((ok) => ok && form.resetFields());
        }}
      >
        <Form.Item name="code" rules={[{ required: true, message: tr('请填写类型编码', 'Give the code') }, { pattern: /^[0-9A-Za-z_.-]+$/, message: tr('编码只含数字、字母、. - _', 'Digits, letters, . - _ only') }]}>
          <Input style={{ width: 110 }} placeholder={tr('类型编码', 'Code')} data-testid="type-code" />
        </Form.Item>
        <Form.Item name="name" rules={[{ required: true, message: tr('请填写类型名称', 'Give the name') }]}>
          <Input style={{ width: 240 }} placeholder={tr('类型名称，如 基建类', 'Name, e.g. 基建类')} data-testid="type-name" />
        </Form.Item>
        <Button htmlType="submit" loading={busy} data-testid="type-add">{tr('添加', 'Add')}</Button>
      </Form>
      <Table<Type>
        size="small"
        rowKey="code"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        dataSource={types}
        data-testid="type-list"
        columns={[
          { title: tr('编码', 'Code'), dataIndex: 'code', width: 110 },
          { title: tr('名称', 'Name'), dataIndex: 'name' },
          { title: tr('状态', 'Status'), width: 90, render: (_, t) => (t.active ? <Tag color="green">{tr('在用', 'in use')}</Tag> : <Tag>{tr('已停用', 'retired')}</Tag>) },
          {
            title: tr('操作', 'Actions'),
            width: 160,
            render: (_, t) => (
              <Space size="small">
                <Button size="small" onClick={() => rename(t)} data-testid={`type-edit-${t.code}`}>{tr('修改', 'Edit')}</Button>
                <Button size="small" danger={t.active} onClick={() => void put(t.code, t.name, !t.active, t.active ? tr('已停用', 'Retired') : tr('已启用', 'In use again'))}>
                  {t.active ? tr('停用', 'Retire') : tr('启用', 'Use again')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
