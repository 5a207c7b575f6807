/** 人员管理: accounts, their role at an organisation, temporary passwords, bulk import. */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { ApiError, ROLE_LABEL } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { adminApi, type AdminOrg, type AdminUser } from './api.ts';
import { ImportCard } from './ImportCard.tsx';
import { downloadPosted } from '../export/download.ts';

/** The temporary passwords just received, as an .xlsx to hand out (the server lays it out and keeps nothing). */
function PasswordSheet({ rows }: { rows: Array<{ login: string; temporaryPassword: string }> }) {
  const { tr, msg } = useI18n();
  const { modal } = App.useApp();
  const [saved, setSaved] = useState(false);
  if (rows.length === 0) return null;
  const go = async () => {
    try {
      await downloadPosted('/api/users/password-sheet', { rows }, 'temporary-passwords.xlsx');
      setSaved(true);
    } catch (e) {
      modal.error({ title: tr('未能下载', 'Not downloaded'), content: e instanceof ApiError ? msg(e.bilingual) : String(e) });
    }
  };
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginTop: 8 }}
      data-testid="password-sheet"
      title={tr(`${rows.length} 个临时密码只显示这一次`, `${rows.length} temporary passwords, shown this once`)}
      description={
        <div>
          <p>
            {tr(
              '离开本页后无法再取回，只能逐个重设。请现在下载密码表，当面或密封逐人发放；本人首次登录须修改。发放完毕请删除该文件，切勿转发。',
              'Once you leave this page they cannot be shown again, only reset one by one. Download the sheet now and hand each one out in person or sealed; each person changes theirs at first sign-in. Delete the file once handed out; do not forward it.',
            )}
          </p>
          <Button type="primary" onClick={() => void go()} data-testid="password-sheet-download">
            {saved ? tr('已下载（可再次下载）', 'Downloaded (download again)') : tr('下载临时密码表（.xlsx）', 'Download the temporary passwords (.xlsx)')}
          </Button>
        </div>
      }
    />
  );
}

const ROLES: AdminUser['role'][] = ['filer', 'dept_reviewer', 'finance_reviewer', 'admin'];

export function UsersTab() {
  const { tr, msg } = useI18n();
  const { modal, message } = App.useApp();
  const [users, setUsers] = useState<AdminUser[]>([]);
  const [orgs, setOrgs] = useState<AdminOrg[]>([]);
  const load = useCallback(async () => {
    const [u, o] = await Promise.all([adminApi.users(), adminApi.orgs()]);
    setUsers(u);
    setOrgs(o);
  }, []);
  useEffect(() => void load(), [load]);
  const orgName = (id: string) => {
    const o = orgs.find((x) => x.id === id);
    return o ? `${o.code} ${o.name}` : id;
  };
  const act = async (f: () => Promise<unknown>, done: string) => {
    try {
      await f();
      message.success(done);
      await load();
    } catch (e) {
      modal.error({ title: tr('未能完成', 'Not done'), content: e instanceof ApiError ? msg(e.bilingual) : String(e) });
    }
  };
  const reset = async (u: AdminUser) => {
    try {
      const r = await adminApi.resetPassword(u.id);
      modal.info({
        title: tr(`${u.login} 的临时密码（只显示这一次）`, `Temporary password of ${u.login} (shown once)`),
        content: (
          <div>
            <Typography.Paragraph copyable code data-testid="temp-password">{r.temporaryPassword}</Typography.Paragraph>
            <p>{tr('请当面或电话告知本人；登录后须立即修改。', 'Tell the person directly; they must change it at sign-in.')}</p>
            <PasswordSheet rows={[{ login: u.login, temporaryPassword: r.temporaryPassword }]} />
          </div>
        ),
      });
      await load();
    } catch (e) {
      modal.error({ title: tr('未能重设', 'Not reset'), content: e instanceof ApiError ? msg(e.bilingual) : String(e) });
    }
  };
  const orgOptions = orgs.filter((o) => o.active).map((o) => ({ value: o.id, label: `${o.code} ${o.name}` }));
  return (
    <div data-testid="admin-users">
      <ImportCard
        title={tr('批量导入账号', 'Import accounts')}
        hint={tr('Excel 或 CSV：登录名、姓名、单位编码、角色（填报人/主管部门审核人/财政审核人/管理员）。每个新账号生成临时密码，只在结果中显示一次，首次登录须修改。', 'Excel or CSV: login, name, organisation code, role. Each new account gets a temporary password, shown once here, to be changed at first sign-in.')}
        testId="user-import"
        run={(f, d) => adminApi.importUsers(f, d)}
        onDone={() => void load()}
        extraColumns={[{ title: tr('临时密码', 'Temporary password'), render: (r) => (r.temporaryPassword ? <Typography.Text code copyable>{r.temporaryPassword}</Typography.Text> : '') }]}
        footer={(reply) => <PasswordSheet rows={reply.results.filter((r) => r.success && r.temporaryPassword).map((r) => ({ login: r.key, temporaryPassword: r.temporaryPassword! }))} />}
      />
      <Card size="small" title={tr('新增账号', 'Add an account')} style={{ marginBottom: 16 }}>
        <Form layout="inline" onFinish={(v) => void act(() => adminApi.createUser(v), tr('已新增', 'Added'))}>
          <Form.Item name="login" rules={[{ required: true }]}><Input placeholder={tr('登录名', 'Login')} /></Form.Item>
          <Form.Item name="displayName" rules={[{ required: true }]}><Input placeholder={tr('姓名', 'Name')} /></Form.Item>
          <Form.Item name="orgId" rules={[{ required: true }]}><Select style={{ width: 240 }} placeholder={tr('单位', 'Organisation')} options={orgOptions} showSearch optionFilterProp="label" /></Form.Item>
          <Form.Item name="role" rules={[{ required: true }]}><Select style={{ width: 150 }} placeholder={tr('角色', 'Role')} options={ROLES.map((r) => ({ value: r, label: msg(ROLE_LABEL[r]) }))} /></Form.Item>
          <Form.Item name="password" rules={[{ required: true, min: 10 }]}><Input.Password placeholder={tr('初始密码（≥10位，本人首次登录须修改）', 'Initial password (10+, changed at first sign-in)')} /></Form.Item>
          <Button htmlType="submit" type="primary">{tr('新增', 'Add')}</Button>
        </Form>
      </Card>
      <Card size="small" title={tr('账号', 'Accounts')}>
        <Table<AdminUser>
          size="small"
          rowKey="id"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={users}
          columns={[
            { title: tr('登录名', 'Login'), dataIndex: 'login', width: 130 },
            { title: tr('姓名', 'Name'), dataIndex: 'displayName', width: 140 },
            {
              title: tr('角色', 'Role'),
              width: 160,
              render: (_, u) => <Select size="small" value={u.role} style={{ width: 150 }} onChange={(role) => void act(() => adminApi.patchUser(u.id, { role }), tr('已调整角色', 'Role changed'))} options={ROLES.map((r) => ({ value: r, label: msg(ROLE_LABEL[r]) }))} />,
            },
            {
              title: tr('所属单位（权限范围）', 'Organisation (scope)'),
              render: (_, u) => <Select size="small" value={u.orgId} style={{ width: 260 }} showSearch optionFilterProp="label" onChange={(orgId) => void act(() => adminApi.patchUser(u.id, { orgId }), tr('已调整单位', 'Organisation changed'))} options={orgOptions.length ? orgOptions : [{ value: u.orgId, label: orgName(u.orgId) }]} />,
            },
            { title: tr('状态', 'Status'), width: 130, render: (_, u) => (u.disabled ? <Tag>{tr('已停用', 'disabled')}</Tag> : u.mustChangePassword ? <Tag color="orange">{tr('待改密码', 'must change password')}</Tag> : <Tag color="green">{tr('正常', 'active')}</Tag>) },
            {
              title: tr('操作', 'Actions'),
              width: 190,
              render: (_, u) => (
                <Space size="small">
                  <Button size="small" onClick={() => void reset(u)}>{tr('重设密码', 'Reset password')}</Button>
                  <Button size="small" danger={!u.disabled} onClick={() => void act(() => adminApi.patchUser(u.id, { disabled: !u.disabled }), u.disabled ? tr('已启用', 'Enabled') : tr('已停用', 'Disabled'))}>
                    {u.disabled ? tr('启用', 'Enable') : tr('停用', 'Disable')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
