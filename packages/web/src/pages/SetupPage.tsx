/**
 * First run (administration/first-run.ts): on an empty system, the region (code, name, level),
 * its 财政局 and the first administrator are created here — once. Afterwards the administrator
 * is signed in and taken to 系统管理, where the bureau builds the rest (docs/administration.md).
 */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Select, Typography } from 'antd';
import { api, ApiError, type RegionLevel } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { navigate } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';

interface Values {
  code: string;
  name: string;
  level: RegionLevel;
  financeName?: string;
  login: string;
  displayName?: string;
  password: string;
  again: string;
}

export default function SetupPage({ onDone }: { onDone: () => void }) {
  const { tr, msg } = useI18n();
  const { setMe } = useSession();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = Form.useWatch('name', form);
  const onFinish = async (v: Values) => {
    if (v.password !== v.again) return setError(tr('两次输入的密码不一致', 'The two passwords differ'));
    setBusy(true);
    setError(null);
    try {
      await api.setup({
        region: { code: v.code.trim(), name: v.name.trim(), level: v.level },
        finance: { ...(v.financeName?.trim() ? { name: v.financeName.trim() } : {}) },
        admin: { login: v.login.trim(), ...(v.displayName?.trim() ? { displayName: v.displayName.trim() } : {}), password: v.password },
      });
      await api.login(v.login.trim(), v.password);
      setMe(await api.me());
      onDone();
      navigate('/admin/orgs', true);
    } catch (e) {
      setError(e instanceof ApiError ? msg(e.bilingual) : tr('无法连接服务器', 'Cannot reach the server'));
      // Someone else finished the setup meanwhile: the login page is what is left.
      if (e instanceof ApiError && e.code === 'already_set_up') onDone();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="login-wrap">
      <Card title={tr('首次使用：初始化本地区', 'First run: set up your region')} className="login-card setup-card" data-testid="setup">
        <Typography.Paragraph type="secondary">
          {tr(
            '系统中还没有任何地区。请填写本地区和财政局，并设置第一个管理员账号；此操作只能进行一次。之后用该账号在“系统管理”中建立单位、人员、预算日历和项目库。',
            'There is no region yet. Enter your region and its finance bureau and create the first administrator; this can be done once only. Then, signed in as that administrator, build the organisations, people, calendar and project library under 系统管理 (Admin).',
          )}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false} initialValues={{ level: 'county' }}>
          <Form.Item
            label={tr('行政区划代码（6 位）', 'Administrative code (6 digits)')}
            name="code"
            rules={[{ required: true, pattern: /^\d{6}$/, message: tr('请输入 6 位行政区划代码，如 440881', 'Enter the 6-digit code, e.g. 440881') }]}
          >
            <Input placeholder="440881" inputMode="numeric" maxLength={6} data-testid="setup-code" />
          </Form.Item>
          <Form.Item label={tr('地区名称', 'Region name')} name="name" rules={[{ required: true, message: tr('请输入地区名称', 'Enter the region name') }]}>
            <Input placeholder={tr('如：廉江市', 'e.g. 廉江市')} data-testid="setup-name" />
          </Form.Item>
          <Form.Item label={tr('行政级别', 'Level')} name="level" rules={[{ required: true }]}>
            <Select
              data-testid="setup-level"
              options={[
                { value: 'county', label: tr('县级（县、县级市、区）', 'County level (county, county-level city, district)') },
                { value: 'city', label: tr('地级市', 'Prefecture-level city') },
                { value: 'province', label: tr('省级', 'Province') },
              ]}
            />
          </Form.Item>
          <Form.Item label={tr('财政局名称', 'Finance bureau')} name="financeName" extra={tr('留空则为“地区名称＋财政局”', 'Left empty: the region name + 财政局')}>
            <Input placeholder={name ? `${name}财政局` : tr('如：廉江市财政局', 'e.g. 廉江市财政局')} data-testid="setup-finance" />
          </Form.Item>
          <Form.Item label={tr('管理员登录名', 'Administrator login')} name="login" rules={[{ required: true, pattern: /^[\p{L}\p{N}._@-]{2,100}$/u, message: tr('2–100 个字母、数字或 ._@-', '2–100 letters, digits or ._@-') }]}>
            <Input autoComplete="username" data-testid="setup-login" />
          </Form.Item>
          <Form.Item label={tr('管理员姓名', 'Administrator name')} name="displayName">
            <Input placeholder={tr('系统管理员', 'System administrator')} data-testid="setup-display" />
          </Form.Item>
          <Form.Item
            label={tr('密码', 'Password')}
            name="password"
            extra={tr('至少 10 位，不能包含登录名，不能是常见密码或连续字符', 'At least 10 characters, not containing the login, not a common password or a run of keys')}
            rules={[{ required: true, min: 10, message: tr('至少 10 位', 'At least 10 characters') }]}
          >
            <Input.Password autoComplete="new-password" data-testid="setup-password" />
          </Form.Item>
          <Form.Item label={tr('再输一次密码', 'Password again')} name="again" rules={[{ required: true, message: tr('请再输一次密码', 'Enter the password again') }]}>
            <Input.Password autoComplete="new-password" data-testid="setup-again" />
          </Form.Item>
          {error ? <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} data-testid="setup-error" /> : null}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="setup-submit">
            {tr('初始化并登录', 'Set up and sign in')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
