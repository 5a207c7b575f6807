/** 系统管理 (管理员): organisations, people, the budget calendar, the project library, rule sets. */
import { Alert, Tabs } from 'antd';
import { useI18n } from '../app/i18n.tsx';
import { navigate } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';
import { CalendarTab } from '../admin/CalendarTab.tsx';
import { OrgsTab } from '../admin/OrgsTab.tsx';
import { ProjectsTab } from '../admin/ProjectsTab.tsx';
import { RuleSetsTab } from '../admin/RuleSetsTab.tsx';
import { UsersTab } from '../admin/UsersTab.tsx';

export default function AdminPage({ tab }: { tab: string | undefined }) {
  const { tr } = useI18n();
  const { me } = useSession();
  if (!me || me.role !== 'admin') return <Alert type="warning" showIcon title={tr('只有管理员可以进入系统管理', 'Only an administrator may open the administration')} />;
  const active = tab ?? 'orgs';
  return (
    <div className="page" data-testid="admin-page">
      <h2>{tr('系统管理', 'Administration')}</h2>
      <Tabs
        activeKey={active}
        onChange={(k) => navigate(`/admin/${k}`)}
        destroyOnHidden
        items={[
          { key: 'orgs', label: <span data-testid="tab-orgs">{tr('单位', 'Organisations')}</span>, children: <OrgsTab /> },
          { key: 'users', label: <span data-testid="tab-users">{tr('人员', 'People')}</span>, children: <UsersTab /> },
          { key: 'calendar', label: <span data-testid="tab-calendar">{tr('预算日历', 'Budget calendar')}</span>, children: <CalendarTab /> },
          { key: 'projects', label: <span data-testid="tab-projects">{tr('项目库', 'Project library')}</span>, children: <ProjectsTab /> },
          { key: 'rules', label: <span data-testid="tab-rules">{tr('规则集', 'Rule sets')}</span>, children: <RuleSetsTab /> },
        ]}
      />
    </div>
  );
}
