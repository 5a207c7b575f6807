/** After an administrator's reset: the temporary password is changed before anything else. */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input } from 'antd';
import { api, ApiError } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { useSession } from '../app/session.tsx';
import { adminApi } from '../admin/api.ts';

export default function ChangePasswordPage() {
  const { tr, msg } = useI18n();
  const { me, setMe } = useSession();
  const [error, setError] = useState<string | null>(null);
  const onFinish = async (v: { current: string; next: string; again: string }) => {
    if (v.next !== v.again) return setError(tr('两次输入的新密码不一致', 'The two new passwords differ'));
    try {
      await adminApi.changePassword(v.current, v.next);
      setMe(await api.me());
    } catch (e) {
      setError(e instanceof ApiError ? msg(e.bilingual) : String(e));
    }
  };
  return (
    <div className="login-wrap">
      <Card title={tr('请设置您自己的密码', 'Set your own password')} className="login-card" data-testid="change-password">
        <p data-testid="cp-reason">
          {me?.mustChangeReason === 'new'
            ? tr('欢迎使用！这是管理员为您新建的账号，当前是临时密码。继续使用前，请设置只有您知道的新密码（至少 10 位）。', 'Welcome! An administrator created this account for you with a temporary password. Before going on, set a password only you know (10 characters or more).')
            : tr('管理员为您重设了临时密码。继续使用前，请设置只有您知道的新密码（至少 10 位）。', 'An administrator reset your password to a temporary one. Before going on, set a password only you know (10 characters or more).')}
        </p>
        <Form layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false}>
          <Form.Item label={tr('临时密码', 'Temporary password')} name="current" rules={[{ required: true }]}><Input.Password data-testid="cp-current" /></Form.Item>
          <Form.Item label={tr('新密码', 'New password')} name="next" rules={[{ required: true, min: 10 }]}><Input.Password data-testid="cp-next" /></Form.Item>
          <Form.Item label={tr('再输一次', 'Again')} name="again" rules={[{ required: true }]}><Input.Password data-testid="cp-again" /></Form.Item>
          {error ? <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} /> : null}
          <Button type="primary" htmlType="submit" block data-testid="cp-submit">{tr('保存', 'Save')}</Button>
        </Form>
      </Card>
    </div>
  );
}
