/** Client for the administration routes: orgs, users, calendar, projects, rule sets. */
import { request, type Stage } from '../app/api.ts';

export type Bi = { zh: string; en: string };

export interface RowResult {
  row: number;
  key: string;
  action: string;
  success: boolean;
  error?: { code: string; message: Bi };
  note?: Bi;
  needsTable?: boolean | null;
  temporaryPassword?: string;
  kind?: string;
  parentCode?: string | null;
}

export interface ImportReply {
  dryRun: boolean;
  summary: Record<string, number>;
  results: RowResult[];
  notInFile?: Array<{ code: string; name: string }>;
}

export interface AdminOrg {
  id: string;
  kind: 'finance' | 'dept' | 'unit';
  code: string;
  name: string;
  parentId: string | null;
  active: boolean;
}

export interface AdminUser {
  id: string;
  login: string;
  displayName: string;
  role: 'filer' | 'dept_reviewer' | 'finance_reviewer' | 'admin';
  orgId: string;
  disabled: boolean;
  mustChangePassword: boolean;
}

export interface StageView {
  stage: Stage;
  opensAt: string;
  deadline: string;
  closedAt: string | null;
  state: 'unmanaged' | 'not_set' | 'scheduled' | 'open' | 'overdue' | 'closed';
}

export interface YearView {
  year: number;
  ruleSet: string;
  managed?: boolean;
  stages: StageView[];
  /** Per stage: may tables be filed (created, saved, submitted) now — and if not, what the server answers (GET /api/calendar/:year). */
  filing?: Array<{ stage: Stage; open: boolean; code: string | null; message: Bi | null }>;
}

export interface OwedItem {
  kind: 'project' | 'dept-overall';
  org: { id: string; code: string; name: string };
  dept: { id: string; code: string; name: string };
  project: { id: string; code: string; name: string; typeCode: string; typeName: string; level: number | null; currentAmountFen: number | null } | null;
  needed: boolean | null;
  reason: Bi;
  table: { id: string | null; status: string; version: number; errorCount: number } | null;
  overdue: boolean;
}

export interface Owed {
  year: number;
  stage: Stage;
  ruleSet: string;
  deadline: string | null;
  state: string;
  items: OwedItem[];
}

export interface Project {
  id: string;
  orgId: string;
  orgCode?: string;
  orgName?: string;
  code: string;
  name: string;
  typeCode: string;
  typeName: string;
  level: number | null;
  startYear: number | null;
  endYear: number | null;
  totalAmountFen: number | null;
  currentAmountFen: number | null;
  needsTable?: boolean | null;
  reason?: Bi;
}

/** A project as typed in (POST /api/projects, PATCH /api/projects/:id): amounts in 分. */
export interface ProjectInput {
  orgId: string;
  code: string;
  name: string;
  typeCode: string;
  typeName?: string;
  level: 1 | 2 | null;
  startYear?: number | null;
  endYear?: number | null;
  totalAmountFen?: number | null;
  currentAmountFen?: number | null;
}

export interface RuleView {
  code: string;
  kinds: string[];
  enabled: boolean;
  severity: 'error' | 'warning' | 'info';
  params: Record<string, unknown>;
  /** With this set's thresholds. */
  description: Bi;
  title: Bi;
  paramNames: Record<string, Bi>;
}

export interface RuleSetDetail {
  name: string;
  title: Bi;
  builtIn: boolean;
  chain: string[];
  version: number | null;
  rules: RuleView[];
  versions: Array<{ version: number; changes: Array<{ rule: string; field: string; from: unknown; to: unknown }>; comment: string; by: string | null; at: string }>;
}

export interface RuleChange {
  rule: string;
  enabled?: boolean;
  severity?: 'error' | 'warning' | 'info';
  params?: Record<string, number | string | boolean | string[]>;
}

export interface Impact {
  tables: number;
  statusChanges: number;
  items: Array<{ tableId: string; title: string; name: string; orgName: string; stage: string; status: string; before: { errors: number; warnings: number; passes: boolean }; after: { errors: number; warnings: number; passes: boolean }; changesStatus: boolean }>;
}

const fileForm = (file: File, fields: Record<string, string> = {}) => {
  const f = new FormData();
  f.append('file', file, file.name);
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
};
const q = (dryRun: boolean) => (dryRun ? '?dryRun=1' : '');

export const adminApi = {
  orgs: async () => (await request<{ items: AdminOrg[] }>('GET', '/api/orgs')).items,
  createOrg: (body: { kind: 'dept' | 'unit'; code: string; name: string; parentId?: string }) => request<AdminOrg>('POST', '/api/orgs', { body }),
  patchOrg: (id: string, body: Partial<{ name: string; code: string; parentId: string; active: boolean }>) => request<AdminOrg>('PATCH', `/api/orgs/${encodeURIComponent(id)}`, { body }),
  importOrgs: (file: File, dryRun: boolean) => request<ImportReply>('POST', `/api/orgs/import${q(dryRun)}`, { form: fileForm(file) }),
  orgHistory: async () => (await request<{ items: Array<{ id: string; orgCode: string | null; orgName: string | null; action: string; before: any; after: any; actor: string | null; at: string }> }>('GET', '/api/orgs/history')).items,
  users: async () => (await request<{ items: AdminUser[] }>('GET', '/api/users')).items,
  createUser: (body: { login: string; displayName: string; password: string; orgId: string; role: AdminUser['role'] }) => request<AdminUser>('POST', '/api/users', { body }),
  patchUser: (id: string, body: Partial<{ disabled: boolean; role: AdminUser['role']; orgId: string }>) => request<AdminUser>('PATCH', `/api/users/${encodeURIComponent(id)}`, { body }),
  resetPassword: (id: string) => request<{ user: AdminUser; temporaryPassword: string }>('POST', `/api/users/${encodeURIComponent(id)}/reset-password`),
  importUsers: (file: File, dryRun: boolean) => request<ImportReply>('POST', `/api/users/import${q(dryRun)}`, { form: fileForm(file) }),
  changePassword: (currentPassword: string, newPassword: string) => request<{ ok: true }>('POST', '/api/me/password', { body: { currentPassword, newPassword } }),
  calendar: async () => (await request<{ items: YearView[] }>('GET', '/api/calendar')).items,
  year: (year: number) => request<YearView & { managed: boolean }>('GET', `/api/calendar/${year}`),
  setYear: (year: number, ruleSet: string) => request<YearView>('PUT', `/api/calendar/${year}`, { body: { ruleSet } }),
  setStage: (year: number, stage: Stage, opensAt: string, deadline: string, reopen = false) => request<StageView>('PUT', `/api/calendar/${year}/stages/${stage}`, { body: { opensAt, deadline, reopen } }),
  closeStage: (year: number, stage: Stage) => request<StageView>('POST', `/api/calendar/${year}/stages/${stage}/close`),
  owed: (year: number, stage: Stage) => request<Owed>('GET', `/api/calendar/${year}/stages/${stage}/owed`),
  overdue: (year: number, stage: Stage) => request<{ departments: Array<{ dept: { code: string; name: string }; missing: number; drafts: number; items: OwedItem[] }> }>('GET', `/api/calendar/${year}/stages/${stage}/overdue`),
  projects: async (year: number) => (await request<{ items: Project[] }>('GET', `/api/projects?year=${year}`)).items,
  importProjects: (file: File, year: number, dryRun: boolean) => request<ImportReply>('POST', `/api/projects/import?year=${year}${dryRun ? '&dryRun=1' : ''}`, { form: fileForm(file) }),
  generate: (year: number, stage: Stage) => request<{ created: number; failed: number; results: RowResult[]; deptsWithoutFiler?: Array<{ id: string; code: string; name: string }> }>('POST', '/api/projects/generate', { body: { year, stage } }),
  types: async () => (await request<{ items: Array<{ code: string; name: string; active: boolean }> }>('GET', '/api/project-types')).items,
  putType: (code: string, name: string, active = true) => request<{ code: string; name: string; active: boolean }>('PUT', `/api/project-types/${encodeURIComponent(code)}`, { body: { name, active } }),
  createProject: (year: number, body: ProjectInput) => request<Project>('POST', `/api/projects?year=${year}`, { body }),
  patchProject: (id: string, body: Partial<ProjectInput> & { removed?: boolean }) => request<Project>('PATCH', `/api/projects/${encodeURIComponent(id)}`, { body }),
  ruleSets: async () => (await request<{ items: Array<{ name: string; title: Bi; builtIn: boolean; version: number | null; years: number[] }> }>('GET', '/api/rule-sets')).items,
  ruleSet: (name: string) => request<RuleSetDetail>('GET', `/api/rule-sets/${encodeURIComponent(name)}`),
  copyRuleSet: (base: string, name: string) => request<unknown>('POST', '/api/rule-sets', { body: { base, name } }),
  preview: (name: string, year: number, changes: RuleChange[]) => request<Impact & { changes: Array<{ rule: string; field: string; from: unknown; to: unknown }> }>('POST', `/api/rule-sets/${encodeURIComponent(name)}/preview`, { body: { year, changes } }),
  saveRuleSet: (name: string, expectedVersion: number, changes: RuleChange[], comment: string) => request<{ version: number }>('PUT', `/api/rule-sets/${encodeURIComponent(name)}`, { body: { expectedVersion, changes, comment } }),
};

export const STAGE_NAME: Record<Stage, Bi> = { first: { zh: '一上', en: 'First' }, second: { zh: '二上', en: 'Second' }, adjust: { zh: '调整', en: 'Adjust' } };
export const STATE_NAME: Record<StageView['state'], Bi> = {
  unmanaged: { zh: '未纳入日历', en: 'unmanaged' },
  not_set: { zh: '未开放', en: 'not open' },
  scheduled: { zh: '待开放', en: 'scheduled' },
  open: { zh: '填报中', en: 'open' },
  overdue: { zh: '已过截止', en: 'past deadline' },
  closed: { zh: '已关闭（冻结）', en: 'closed (frozen)' },
};
