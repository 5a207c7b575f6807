/**
 * The HTTP client for the Jixiao server (issue 4). Sessions are httpOnly cookies; every
 * state-changing request echoes the readable `jixiao_csrf` cookie in `x-csrf-token`. Errors come
 * back as `{ error: { code, message: { zh, en } } }` and are thrown as ApiError.
 */
import type { Finding, RuleSetDefinition, TargetTable } from '@jixiao/core';

export const CSRF_COOKIE = 'jixiao_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export type Role = 'filer' | 'dept_reviewer' | 'finance_reviewer' | 'admin';
import type { Stage, TableStatus } from '@jixiao/core';

export type { Stage, TableStatus };

export interface Me {
  id: string;
  login: string;
  displayName: string;
  role: Role;
  regionCode: string;
  orgId: string;
  orgKind: 'finance' | 'dept' | 'unit';
  orgCode: string;
  orgName: string;
  /** A temporary password (a new account's, or an administrator's reset): it must be changed before anything else. */
  mustChangePassword?: boolean;
  /** Why: 'new' (an account made with a temporary password) or 'reset'. */
  mustChangeReason?: 'new' | 'reset';
  /** The region's name and 行政级别 (全县/全市 follow from them). */
  region?: Region;
}

export type RegionLevel = 'province' | 'city' | 'county';
export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
}

export interface Org {
  id: string;
  kind: 'finance' | 'dept' | 'unit';
  code: string;
  name: string;
  parentId?: string | null;
}

/** A table as the list returns it. */
export interface TableSummary {
  id: string;
  kind: 'dept-overall' | 'project';
  orgId: string;
  deptId: string;
  orgName?: string;
  deptName?: string;
  year: number;
  stage: Stage;
  status: TableStatus;
  name: string;
  title: string;
  version: number;
  errorCount: number;
  warningCount: number;
  updatedAt: string;
  basedOnId?: string | null;
  basedOnVersion?: number | null;
  /** Last workflow step (the to-do page fills it in). */
  lastAction?: string | null;
}

export interface FieldComment {
  field: string;
  indicatorId?: string;
  comment: string;
}

export interface WorkflowEvent {
  id?: string;
  action: 'submit' | 'approve' | 'return' | 'publish';
  fromStatus: TableStatus;
  toStatus: TableStatus;
  version: number;
  actorId?: string;
  actorName?: string;
  actorRole?: Role;
  comment: string;
  fieldComments: FieldComment[];
  createdAt: string;
}

/** A table with its current document. */
export interface TableDetail extends TableSummary {
  document: TargetTable;
  findings: Finding[];
  events: WorkflowEvent[];
  /** The rule set the server checks this table with (the budget year's); only GET carries it. */
  ruleSet?: string | RuleSetDefinition;
}

export interface Revision {
  version: number;
  authorId?: string;
  authorName?: string;
  createdAt: string;
  reason: string;
  errorCount?: number;
  warningCount?: number;
  document?: TargetTable;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly bilingual: { zh: string; en: string },
    readonly body: unknown,
  ) {
    super(bilingual.en || bilingual.zh || `HTTP ${status}`);
  }
}

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export interface RequestOptions {
  ifMatch?: number | string;
  body?: unknown;
  form?: FormData;
  signal?: AbortSignal;
}

/** Reads in flight, so that signing out can cancel them first (they belong to the session it ends). */
const pendingReads = new Set<AbortController>();

/**
 * Cancels every GET still in flight — called before signing out: a read the server took after the
 * session ended would come back 401 and be taken for an expired session.
 */
export function abortPendingReads(): void {
  for (const c of pendingReads) c.abort();
  pendingReads.clear();
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers[CSRF_HEADER] = csrf;
    // Fastify rejects an empty JSON body; send {} for bodiless POSTs.
    if (body === undefined) {
      headers['content-type'] = 'application/json';
      body = '{}';
    }
  }
  if (opts.ifMatch !== undefined) headers['if-match'] = `"${opts.ifMatch}"`;
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) init.body = body;
  let read: AbortController | undefined;
  if (method === 'GET') {
    read = new AbortController();
    pendingReads.add(read);
    // The caller's signal cancels it too (linked by hand: AbortSignal.any is missing from the older browsers offices run).
    const r = read;
    if (opts.signal?.aborted) r.abort();
    else opts.signal?.addEventListener('abort', () => r.abort(), { once: true });
    init.signal = r.signal;
  } else if (opts.signal) init.signal = opts.signal;
  let res: Response;
  let text: string;
  try {
    res = await fetch(path, init);
    text = await res.text();
  } finally {
    if (read) pendingReads.delete(read);
  }
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: { zh: string; en: string } | string } } | undefined)?.error;
    const m = err?.message;
    const bilingual = typeof m === 'string' ? { zh: m, en: m } : (m ?? { zh: `请求失败（${res.status}）`, en: `Request failed (${res.status})` });
    if (res.status === 401 && path !== '/api/me' && path !== '/api/auth/login') window.dispatchEvent(new CustomEvent('jixiao:signed-out'));
    throw new ApiError(res.status, err?.code ?? `http_${res.status}`, bilingual, json);
  }
  return json as T;
}

/** Unwraps `{ table: … }` / `{ tables: … }` style envelopes. */
function pick<T>(x: unknown, ...keys: string[]): T {
  if (x && typeof x === 'object') for (const k of keys) if (k in (x as object)) return (x as Record<string, T>)[k]!;
  return x as T;
}

export function normaliseDetail(x: unknown): TableDetail {
  const o = x as Record<string, unknown>;
  const meta = (o.table && typeof o.table === 'object' && !('indicators' in (o.table as object)) ? o.table : o) as Record<string, unknown>;
  const document = (o.document ?? meta.document ?? (o.table && 'indicators' in (o.table as object) ? o.table : undefined)) as TargetTable;
  return {
    ...(meta as unknown as TableSummary),
    document,
    findings: (o.findings ?? meta.findings ?? []) as Finding[],
    events: (o.events ?? meta.events ?? o.workflow ?? meta.workflow ?? []) as WorkflowEvent[],
    ...(o.ruleSet ? { ruleSet: o.ruleSet as string | RuleSetDefinition } : {}),
  };
}

interface ServerMe {
  id: string;
  login: string;
  displayName: string;
  role: Role;
  regionCode: string;
  org: { id: string; kind: Me['orgKind']; code: string; name: string };
  mustChangePassword?: boolean;
  mustChangeReason?: 'new' | 'reset';
  region?: Region;
}

function toMe(x: ServerMe | Me): Me {
  if ('org' in x && x.org) return { id: x.id, login: x.login, displayName: x.displayName, role: x.role, regionCode: x.regionCode, orgId: x.org.id, orgKind: x.org.kind, orgCode: x.org.code, orgName: x.org.name, ...(x.mustChangePassword ? { mustChangePassword: true, mustChangeReason: x.mustChangeReason ?? 'reset' } : {}), ...(x.region ? { region: x.region } : {}) };
  return x as Me;
}

interface ServerEvent extends Omit<WorkflowEvent, 'actorName'> {
  actor?: { id: string; login: string | null; name: string | null };
}

const toEvent = (e: ServerEvent): WorkflowEvent => ({ ...e, actorId: e.actor?.id ?? e.actorId, actorName: e.actor?.name ?? e.actor?.login ?? undefined, fieldComments: e.fieldComments ?? [] });

interface ServerRevision extends Revision {
  author?: { id: string; login: string | null; name: string | null };
}
const toRevision = (r: ServerRevision): Revision => ({ ...r, authorId: r.author?.id ?? r.authorId, authorName: r.author?.name ?? r.author?.login ?? r.authorName });

const enc = encodeURIComponent;

export interface ImportReply {
  created: TableSummary[];
  skipped: Array<{ index: number; title: string; reason: { zh: string; en: string } }>;
  findings: Finding[];
}

function importForm(file: File, opts: { stage?: Stage; year?: number; orgId?: string }): FormData {
  const form = new FormData();
  if (opts.stage) form.append('stage', opts.stage);
  if (opts.year) form.append('year', String(opts.year));
  if (opts.orgId) form.append('orgId', opts.orgId);
  form.append('file', file, file.name);
  return form;
}

export const api = {
  me: async () => toMe(pick<ServerMe>(await request('GET', '/api/me'), 'user')),
  /** Login needs the CSRF cookie first (double submit): GET /api/auth/csrf sets it. */
  login: async (login: string, password: string) => {
    await request('GET', '/api/auth/csrf');
    return toMe(pick<ServerMe>(await request('POST', '/api/auth/login', { body: { login, password } }), 'user'));
  },
  logout: () => request<unknown>('POST', '/api/auth/logout'),
  /** First run: does the system still need its region and first administrator? (public) */
  setupNeeded: async () => (await request<{ needed: boolean }>('GET', '/api/setup')).needed,
  /** First run: creates the region, its 财政局 and the first administrator (once; CSRF cookie first, like the login). */
  setup: async (body: { region: Region; finance?: { name?: string; code?: string }; admin: { login: string; displayName?: string; password: string } }) => {
    await request('GET', '/api/auth/csrf');
    return request<{ region: Region; finance: { id: string; code: string; name: string }; admin: { id: string; login: string; displayName: string } }>('POST', '/api/setup', { body });
  },
  orgs: async () => pick<Org[]>(await request('GET', '/api/orgs'), 'items', 'orgs'),
  tables: async (q: Record<string, string | number | undefined> = {}) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
    if (!p.has('limit')) p.set('limit', '500');
    return pick<TableSummary[]>(await request('GET', `/api/tables?${p.toString()}`), 'items', 'tables');
  },
  /** Findings of the stored version plus the department-level checks across the department's tables. */
  findings: async (id: string) => request<{ version: number; findings: Finding[]; department: Finding[] }>('GET', `/api/tables/${enc(id)}/findings`),
  events: async (id: string) => pick<ServerEvent[]>(await request('GET', `/api/tables/${enc(id)}/events`), 'items').map(toEvent),
  table: async (id: string) => {
    const [d, events] = await Promise.all([request('GET', `/api/tables/${enc(id)}`), api.events(id)]);
    return { ...normaliseDetail(d), events };
  },
  /** Starts a table from another: 二上 from 一上 (same year), or next year's from this year's. */
  derive: async (from: string, stage: Stage, year?: number) => normaliseDetail(await request('POST', '/api/tables', { body: year ? { from, stage, year } : { from, stage } })),
  create: async (body: { document: TargetTable; year?: number; stage?: Stage; orgId: string }) => normaliseDetail(await request('POST', '/api/tables', { body })),
  /** Saves a new revision; a stale version gets ApiError 409 (version_conflict). */
  save: async (id: string, version: number, document: TargetTable) => normaliseDetail(await request('PUT', `/api/tables/${enc(id)}`, { body: document, ifMatch: version })),
  action: async (id: string, action: 'submit' | 'approve' | 'return' | 'publish', body: { comment?: string; fieldComments?: FieldComment[]; version?: number } = {}) => {
    const r = await request<{ table: TableSummary; event: ServerEvent }>('POST', `/api/tables/${enc(id)}/${action}`, { body });
    return { table: r.table, event: toEvent(r.event) };
  },
  revisions: async (id: string) => pick<ServerRevision[]>(await request('GET', `/api/tables/${enc(id)}/revisions`), 'items', 'revisions').map(toRevision),
  revision: async (id: string, version: number) => toRevision(await request<ServerRevision>('GET', `/api/tables/${enc(id)}/revisions/${version}`)),
  import: async (file: File, opts: { stage?: Stage; year?: number; orgId?: string } = {}) => request<ImportReply>('POST', '/api/import', { form: importForm(file, opts) }),
  /** Recognise and check only; nothing is stored (for the preview of formats the browser cannot read). */
  importPreview: async (file: File) =>
    request<{ dryRun: true; tables: Array<{ document: TargetTable; findings: Finding[] }>; findings: Finding[] }>('POST', '/api/import?dryRun=1', { form: importForm(file, {}) }),
  /** Records an export made in the browser in the audit log. */
  exported: (id: string, format: 'xlsx' | 'print', version?: number) => request<unknown>('POST', `/api/tables/${enc(id)}/exported`, { body: version ? { format, version } : { format } }),
  /** One page of the list with its total (the dashboards' drill-downs pass their filters through). */
  tablesPage: async (q: Record<string, string | number | undefined> = {}) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
    return request<{ items: TableSummary[]; total: number }>('GET', `/api/tables?${p.toString()}`);
  },
  dashboard: async (q: { year?: number | undefined; stage?: Stage | undefined }) => {
    const p = new URLSearchParams();
    if (q.year) p.set('year', String(q.year));
    if (q.stage) p.set('stage', q.stage);
    return request<Dashboard>('GET', `/api/dashboard?${p.toString()}`);
  },
  suggestions: async (q: { name: string; overview?: string; type?: string; goal?: string; existing?: string[] }, signal?: AbortSignal) => {
    const p = new URLSearchParams({ name: q.name.slice(0, 300) });
    if (q.overview) p.set('overview', q.overview.slice(0, 4000));
    if (q.type) p.set('type', q.type.slice(0, 200));
    if (q.goal) p.set('goal', q.goal.slice(0, 4000));
    if (q.existing?.length) p.set('existing', q.existing.join('\n').slice(0, 8000));
    return request<SuggestionsReply>('GET', `/api/library/suggestions?${p.toString()}`, signal ? { signal } : {});
  },
  openDataYears: async (region: string) => request<{ region: { code: string; name: string }; items: Array<{ year: number; tables: number }> }>('GET', `/api/open-data/regions/${enc(region)}/years`),
  publicRegions: async () => pick<Array<{ code: string; name: string }>>(await request('GET', '/api/public/regions'), 'items'),
  publicTables: async (region: string, year: number) =>
    pick<TableSummary[]>(await request('GET', `/api/public/tables?region=${enc(region)}&year=${year}`), 'items', 'tables'),
  publicTable: async (id: string) => normaliseDetail(await request('GET', `/api/public/tables/${enc(id)}`)),
};

export interface LibraryEntryView {
  key: string;
  level1: string;
  level2: string;
  name: string;
  operator: string | null;
  unit: string | null;
  spread: { min: number; median: number; max: number } | null;
  example: string;
  uses: number;
}

export interface SuggestionsReply {
  suggestions: Array<LibraryEntryView & { value: string; similarity: number; from: string }>;
  aimEntries: LibraryEntryView[];
  library: { tables: number; entries: number; builtAt: string };
}

export interface Dashboard {
  year: number | null;
  stage: Stage | null;
  years: number[];
  stages: Stage[];
  groupBy: 'dept' | 'unit';
  groups: Array<{ id: string; code: string; name: string; orgCount: number; orgsFiled: number }>;
  totals: { tables: number; passing: number; projectTables: number; amountFen: number };
  progress: Array<{ groupId: string; stage: Stage; status: TableStatus; count: number }>;
  findings: Array<{ code: string; tables: number; occurrences: number; severity: string | null; description: { zh: string; en: string } | null }>;
  passing: Array<{ groupId: string; tables: number; passing: number }>;
  funds: Array<{ groupId: string; projectType: string; amountFen: number; tables: number }>;
  notFiled: Array<{ groupId: string; orgs: Array<{ id: string; code: string; name: string }> }>;
  monitoring: EvaluationFigures | null;
  selfEvaluation: EvaluationFigures | null;
}

export interface EvaluationFigures {
  roundId: string;
  title: string;
  counts: Array<{ groupId: string; value: string; count: number }>;
}

/** Open data downloads of a region and year (no sign-in). */
export const openDataUrl = (region: string, year: number, format: 'csv' | 'json') => `/api/open-data/indicators.${format}?region=${enc(region)}&year=${year}`;

export const STATUS_LABEL: Record<TableStatus, { zh: string; en: string; color: string }> = {
  draft: { zh: '草稿', en: 'Draft', color: 'default' },
  submitted: { zh: '已提交', en: 'Submitted', color: 'processing' },
  dept_approved: { zh: '主管部门已审', en: 'Dept approved', color: 'cyan' },
  finance_approved: { zh: '财政已审', en: 'Finance approved', color: 'green' },
  published: { zh: '已公开', en: 'Published', color: 'gold' },
};

export const STAGE_LABEL: Record<Stage, { zh: string; en: string }> = {
  first: { zh: '一上', en: '1st submission' },
  second: { zh: '二上', en: '2nd submission' },
  adjust: { zh: '调整', en: 'Adjustment' },
};

export const ROLE_LABEL: Record<Role, { zh: string; en: string }> = {
  filer: { zh: '填报人', en: 'Filer' },
  dept_reviewer: { zh: '主管部门审核人', en: 'Department reviewer' },
  finance_reviewer: { zh: '财政审核人', en: 'Finance reviewer' },
  admin: { zh: '管理员', en: 'Administrator' },
};

export const KIND_LABEL = {
  'dept-overall': { zh: '部门整体', en: 'Department-wide' },
  project: { zh: '项目支出', en: 'Project' },
  'self-eval': { zh: '自评', en: 'Self-evaluation' },
} as const;
