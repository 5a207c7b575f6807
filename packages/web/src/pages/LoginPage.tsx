import { useState } from 'react';
import { Alert, Button, Card, Form, Input } from 'antd';
import { api, ApiError } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { currentPath, navigate } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';

export default function LoginPage() {
  const { tr, msg } = useI18n();
  const { setMe } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onFinish = async (v: { login: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api.login(v.login.trim(), v.password);
      const me = await api.me();
      setMe(me);
      if (currentPath().startsWith('/login')) navigate('/', true);
    } catch (e) {
      setError(e instanceof ApiError ? msg(e.bilingual) : tr('无法连接服务器', 'Cannot reach the server'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="login-wrap">
      <Card title={<h1 className="card-h1">{tr('登录 · 预算绩效目标管理', 'Sign in · Budget Performance Targets')}</h1>} className="login-card">
        <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item label={tr('用户名', 'User name')} name="login" rules={[{ required: true, message: tr('请输入用户名', 'Enter your user name') }]}>
            <Input autoFocus autoComplete="username" data-testid="login-user" />
          </Form.Item>
          <Form.Item label={tr('密码', 'Password')} name="password" rules={[{ required: true, message: tr('请输入密码', 'Enter your password') }]}>
            <Input.Password autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          {error ? <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} data-testid="login-error" /> : null}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {tr('登录', 'Sign in')}
          </Button>
        </Form>
        <p className="muted" style={{ marginTop: 16 }}>
          {tr('公众可直接查看', 'The public can read')} <a href="#/public">{tr('已公开的绩效目标表', 'published tables')}</a>
          {tr('，无需登录。', ' without signing in.')}
        </p>
      </Card>
    </div>
  );
}
