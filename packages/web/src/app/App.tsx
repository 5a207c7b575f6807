/**
 * The shell: language and antd locale, the session, the top bar and the routes. Pages are
 * loaded on demand so the login and public pages stay small and the form route carries only
 * what it needs.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { flushSync } from 'react-dom';
import { App as AntApp, Button, ConfigProvider, Layout, Segmented, Space, Spin, Tag } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { abortPendingReads, api, ApiError, ROLE_LABEL, type Me } from './api.ts';
import { I18nContext, initialLang, makeI18n, type Lang } from './i18n.tsx';
import { Link, navigate, parsePath, usePath } from './router.tsx';
import { SessionContext } from './session.tsx';

const LoginPage = lazy(() => import('../pages/LoginPage.tsx'));
const TodoPage = lazy(() => import('../pages/TodoPage.tsx'));
const TablesPage = lazy(() => import('../pages/TablesPage.tsx'));
const FormPage = lazy(() => import('../pages/FormPage.tsx'));
const HistoryPage = lazy(() => import('../pages/HistoryPage.tsx'));
const PrintPage = lazy(() => import('../pages/PrintPage.tsx'));
const ImportPage = lazy(() => import('../pages/ImportPage.tsx'));
const PublicPage = lazy(() => import('../pages/PublicPage.tsx'));
const DashboardPage = lazy(() => import('../pages/DashboardPage.tsx'));
const RoundsPage = lazy(() => import('../pages/RoundsPage.tsx'));
const ReportPage = lazy(() => import('../pages/ReportPage.tsx'));
const ReportPrintPage = lazy(() => import('../pages/ReportPrintPage.tsx'));
const RollupPage = lazy(() => import('../pages/RollupPage.tsx'));
const AdminPage = lazy(() => import('../pages/AdminPage.tsx'));
const OwedPage = lazy(() => import('../pages/OwedPage.tsx'));
const ChangePasswordPage = lazy(() => import('../pages/ChangePasswordPage.tsx'));
const SetupPage = lazy(() => import('../pages/SetupPage.tsx'));

/**
 * Ant Design's greys and link blue darkened to WCAG AA contrast (4.5:1 for text) on white and on
 * the page's grey (#f4f5f7): its defaults gave grey titles 3.36:1, placeholders 1.83:1 and links
 * 3.76:1 on grey (issue 20, checked by test/e2e/accessibility.e2e.test.ts with axe-core).
 */
const THEME = {
  token: {
    colorPrimary: '#b71c1c',
    borderRadius: 4,
    fontFamily: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif',
    colorTextSecondary: 'rgba(0, 0, 0, 0.7)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextQuaternary: 'rgba(0, 0, 0, 0.56)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorInfo: '#0a4fc4',
    colorLink: '#0a4fc4',
    colorLinkHover: '#1a5fd6',
    colorLinkActive: '#083f9e',
  },
};

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem('jixiao.lang', l);
    } catch {
      /* ignore */
    }
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  }, []);
  // antd's pickers and every dayjs format follow the language (zh_CN above, zh-cn here).
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  const i18n = useMemo(() => makeI18n(lang, setLang), [lang, setLang]);
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  // First run: an empty system offers the setup page instead of the login (GET /api/setup, public).
  const [setupNeeded, setSetupNeeded] = useState(false);
  const path = usePath();
  const { parts } = parsePath(path);
  const isPublic = parts[0] === 'public';
  const isPrint = (parts[0] === 'tables' || parts[0] === 'reports') && parts[2] === 'print';

  useEffect(() => {
    api
      .setupNeeded()
      .then(setSetupNeeded)
      .catch(() => setSetupNeeded(false));
  }, []);

  useEffect(() => {
    // No CSRF cookie means no session: show the login page without asking (no 401 in the log).
    if (!document.cookie.split(';').some((c) => c.trim().startsWith('jixiao_csrf='))) {
      setMe(null);
      return;
    }
    api
      .me()
      .then(setMe)
      .catch((e) => {
        if (!(e instanceof ApiError) || e.status !== 401) console.warn('GET /api/me failed', e);
        setMe(null);
      });
  }, []);

  useEffect(() => {
    // A request answered 401 (the session expired or was ended elsewhere): back to the login.
    const on = () => setMe(null);
    window.addEventListener('jixiao:signed-out', on);
    return () => window.removeEventListener('jixiao:signed-out', on);
  }, []);

  const logout = useCallback(async () => {
    // Leave the signed-in pages first (flushSync: unmounted now, their timers cleared), cancel
    // their reads, and only then end the session: a read the server took after the logout
    // would come back 401.
    flushSync(() => setMe(null));
    navigate('/login');
    abortPendingReads();
    await api.logout().catch(() => undefined);
  }, []);

  const session = useMemo(() => ({ me: me ?? null, setMe, logout }), [me, logout]);

  let page: React.ReactNode;
  if (isPublic) page = <PublicPage parts={parts} />;
  else if (me === undefined) page = <Spin style={{ margin: 80 }} />;
  else if (!me && setupNeeded) page = <SetupPage onDone={() => setSetupNeeded(false)} />;
  else if (!me || parts[0] === 'login') page = <LoginPage />;
  else if (me.mustChangePassword) page = <ChangePasswordPage />;
  else if (parts[0] === 'admin') page = <AdminPage tab={parts[1]} />;
  else if (parts[0] === 'owed') page = <OwedPage />;
  else if (parts[0] === 'tables' && parts[1] && parts[2] === 'history') page = <HistoryPage id={parts[1]} />;
  else if (isPrint && parts[0] === 'reports') page = <ReportPrintPage id={parts[1]!} />;
  else if (isPrint) page = <PrintPage id={parts[1]!} />;
  else if (parts[0] === 'reports' && parts[1]) page = <ReportPage key={parts[1]} id={parts[1]} />;
  else if (parts[0] === 'monitoring') page = <RoundsPage />;
  else if (parts[0] === 'rollup') page = <RollupPage roundId={parsePath(path).query.get('round')} />;
  else if (parts[0] === 'tables' && parts[1]) page = <FormPage key={parts[1]} id={parts[1]} />;
  else if (parts[0] === 'tables') page = <TablesPage query={parsePath(path).query} />;
  else if (parts[0] === 'import') page = <ImportPage />;
  else if (parts[0] === 'dashboard') page = <DashboardPage query={parsePath(path).query} />;
  else page = <TodoPage />;

  return (
    <I18nContext.Provider value={i18n}>
      <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={THEME}>
        <AntApp>
          <SessionContext.Provider value={session}>
            {isPrint ? (
              <Suspense fallback={<Spin />}>{page}</Suspense>
            ) : (
              <Layout className="shell">
                <Layout.Header className="topbar no-print">
                  <Link to={me ? '/' : '/public'} className="brand">
                    <span className="brand-mark">绩</span> {i18n.tr('预算绩效目标管理', 'Budget Performance Targets')}
                  </Link>
                  <nav className="topnav">
                    {me ? (
                      <>
                        <Link to="/">{i18n.tr('待办', 'To do')}</Link>
                        <Link to="/tables">{i18n.tr('绩效目标表', 'Tables')}</Link>
                        {me.role === 'filer' || me.role === 'dept_reviewer' ? <Link to="/owed" data-testid="nav-owed">{i18n.tr('应报', 'Owed')}</Link> : null}
                        {me.role === 'admin' ? <Link to="/admin" data-testid="nav-admin">{i18n.tr('系统管理', 'Admin')}</Link> : null}
                        {me.orgKind === 'finance' || me.role === 'dept_reviewer' ? <Link to="/dashboard">{i18n.tr('统计分析', 'Dashboard')}</Link> : null}
                        <Link to="/monitoring" data-testid="nav-monitoring">{i18n.tr('监控与自评', 'Monitoring')}</Link>
                        {me.role === 'filer' || me.role === 'dept_reviewer' ? <Link to="/import">{i18n.tr('导入', 'Import')}</Link> : null}
                      </>
                    ) : null}
                    <Link to="/public">{i18n.tr('信息公开', 'Public')}</Link>
                  </nav>
                  <Space className="topright">
                    <Segmented
                      size="small"
                      value={lang}
                      onChange={(v) => setLang(v as Lang)}
                      options={[
                        { label: '中文', value: 'zh' },
                        { label: 'EN', value: 'en' },
                      ]}
                      aria-label="Language"
                      // One Tab stop: the checked option's radio (arrow keys move), not the group's box too.
                      tabIndex={-1}
                    />
                    {me ? (
                      <>
                        <span className="who" data-testid="who">
                          {me.displayName} <Tag>{i18n.msg(ROLE_LABEL[me.role])}</Tag>
                          <span className="muted">{me.orgName}</span>
                        </span>
                        <Button size="small" onClick={() => void logout()} data-testid="logout">
                          {i18n.tr('退出', 'Sign out')}
                        </Button>
                      </>
                    ) : !isPublic ? null : (
                      <Button size="small" onClick={() => navigate('/login')}>
                        {i18n.tr('登录', 'Sign in')}
                      </Button>
                    )}
                  </Space>
                </Layout.Header>
                <Layout.Content className="content">
                  <Suspense fallback={<Spin style={{ margin: 80 }} />}>{page}</Suspense>
                </Layout.Content>
              </Layout>
            )}
          </SessionContext.Provider>
        </AntApp>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}
