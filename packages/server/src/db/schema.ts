/**
 * The one PostgreSQL schema (PGlite and PostgreSQL run the same migrations).
 *
 * Every table carries `region_code` (the county's 6-digit administrative code, e.g. 440823
 * 遂溪县) as the first column of its primary key, so the data can later be sharded by region.
 * Money is integer 分 (bigint), never a float. Revisions and the audit log are append-only: the
 * migration installs triggers that refuse UPDATE and DELETE on them.
 */

import { sql } from 'drizzle-orm';
import { STAGES, TABLE_STATUSES } from '@jixiao/core';
import { bigint, boolean, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const regions = pgTable('regions', {
  regionCode: text('region_code').primaryKey(),
  name: text('name').notNull(),
  /**
   * 行政级别: 'province' | 'city' (地级市) | 'county' (县、县级市、区). Chosen at first run; the
   * wording of region-wide figures (全县/全市/全区) follows the name, then this.
   */
  level: text('level', { enum: ['province', 'city', 'county'] }).notNull().default('county'),
  /**
   * The region runs its years on the budget calendar: a year without a calendar is then closed to
   * filing (administration/calendar.ts stageGate). Set at first run and when a year is first
   * managed; false only for regions loaded before the calendar existed (scripts, tests).
   */
  calendarKept: boolean('calendar_kept').notNull().default(false),
  createdAt: ts('created_at').notNull(),
});

/** 财政局 (finance), 主管部门 (dept, e.g. 144) and 预算单位 (unit, e.g. 144001, parent = its dept). */
export const orgs = pgTable(
  'orgs',
  {
    regionCode: text('region_code').notNull(),
    id: text('id').notNull(),
    kind: text('kind', { enum: ['finance', 'dept', 'unit'] }).notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    parentId: text('parent_id'),
    createdAt: ts('created_at').notNull(),
    /** false once the bureau deactivates it (kept for history: its tables and accounts still point at it). */
    active: boolean('active').notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.id] }), uniqueIndex('orgs_code_uq').on(t.regionCode, t.code)],
);

export const users = pgTable(
  'users',
  {
    regionCode: text('region_code').notNull(),
    id: text('id').notNull(),
    /** Login names are unique across regions, so that a login needs no region picker. */
    login: text('login').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    orgId: text('org_id').notNull(),
    role: text('role', { enum: ['filer', 'dept_reviewer', 'finance_reviewer', 'admin'] }).notNull(),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: ts('created_at').notNull(),
    /** Set by an administrator's password reset: the temporary password must be changed at the next sign-in. */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    /** Why the password must change: 'new' (an account made with a temporary password) or 'reset' (an administrator's reset). */
    mustChangeReason: text('must_change_reason', { enum: ['new', 'reset'] }),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.id] }), uniqueIndex('users_login_uq').on(t.login)],
);

/** Server-side sessions; `id` is the sha256 of the cookie token (the token itself is never stored). */
export const sessions = pgTable(
  'sessions',
  {
    regionCode: text('region_code').notNull(),
    id: text('id').notNull(),
    userId: text('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull(),
    /** The absolute end of the session (created_at + the absolute lifetime). */
    expiresAt: ts('expires_at').notNull(),
    /** Last request seen (written at most once a minute): the idle timeout counts from here. */
    lastSeenAt: ts('last_seen_at'),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.id] }), uniqueIndex('sessions_id_uq').on(t.id)],
);

/**
 * Failed sign-ins, shared by every server process: one row per login name (`login:<name>`,
 * lower case, whether or not the account exists, so a lockout reveals nothing) and per client
 * address (`ip:<addr>`). Failures count within a window from the first one; reaching the limit
 * locks the key until `locked_until`. Not regional: login names are unique across regions.
 */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: ts('window_started_at').notNull(),
  lockedUntil: ts('locked_until'),
});

/** A target table: its identity, place in the workflow and current version. */
export const targetTables = pgTable(
  'target_tables',
  {
    regionCode: text('region_code').notNull(),
    id: text('id').notNull(),
    kind: text('kind', { enum: ['dept-overall', 'project'] }).notNull(),
    /** The owning organisation: the 预算单位 for a project table, the 主管部门 for a department table. */
    orgId: text('org_id').notNull(),
    /** The 主管部门 the owner belongs to (equal to orgId for a department table). */
    deptId: text('dept_id').notNull(),
    year: integer('year').notNull(),
    stage: text('stage', { enum: STAGES }).notNull(),
    status: text('status', { enum: TABLE_STATUSES }).notNull(),
    /** Project name for a project table, '' for a department table: one table per name, year and stage. */
    name: text('name').notNull(),
    title: text('title').notNull(),
    version: integer('version').notNull(),
    errorCount: integer('error_count').notNull(),
    warningCount: integer('warning_count').notNull(),
    /** 当年度金额 of a project table, in 分 (denormalised for the department checks). */
    currentAmountFen: bigint('current_amount_fen', { mode: 'number' }),
    basedOnId: text('based_on_id'),
    basedOnVersion: integer('based_on_version'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.id] }),
    uniqueIndex('target_tables_identity_uq').on(t.regionCode, t.orgId, t.kind, t.year, t.stage, t.name),
    index('target_tables_list_idx').on(t.regionCode, t.year, t.stage, t.status),
    index('target_tables_dept_idx').on(t.regionCode, t.deptId, t.year, t.stage),
    /** Dashboards group a region's year by department, stage and status. */
    index('target_tables_dashboard_idx').on(t.regionCode, t.year, t.deptId, t.stage, t.status),
  ],
);

/** Immutable revisions: every save is a new row; UPDATE/DELETE are refused by a trigger. */
export const tableRevisions = pgTable(
  'table_revisions',
  {
    regionCode: text('region_code').notNull(),
    tableId: text('table_id').notNull(),
    version: integer('version').notNull(),
    document: jsonb('document').notNull(),
    findings: jsonb('findings').notNull(),
    errorCount: integer('error_count').notNull(),
    warningCount: integer('warning_count').notNull(),
    authorId: text('author_id').notNull(),
    createdAt: ts('created_at').notNull(),
    /** Why this revision exists: create, save, import, derive. */
    reason: text('reason').notNull(),
    /**
     * Computed by the database from `findings` and `document` on every insert path (save,
     * import, COPY bulk load, restore), so dashboards read a few bytes instead of whole
     * documents: the finding codes (a JSON array of strings) and the project type (项目类型).
     */
    findingCodes: jsonb('finding_codes').generatedAlwaysAs(sql`jsonb_path_query_array(findings, '$[*].code')`),
    projectType: text('project_type').generatedAlwaysAs(
      sql`coalesce(nullif(document #>> '{projectType,name}', ''), nullif(document #>> '{projectType,raw}', ''), '')`,
    ),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.tableId, t.version] })],
);

/** Workflow steps (submit, approve, return, publish) with the reviewer's comments. */
export const workflowEvents = pgTable(
  'workflow_events',
  {
    regionCode: text('region_code').notNull(),
    id: text('id').notNull(),
    tableId: text('table_id').notNull(),
    action: text('action', { enum: ['submit', 'approve', 'return', 'publish'] }).notNull(),
    fromStatus: text('from_status').notNull(),
    toStatus: text('to_status').notNull(),
    version: integer('version').notNull(),
    actorId: text('actor_id').notNull(),
    comment: text('comment').notNull(),
    /** Comments attached to fields: [{ field, indicatorId?, comment }]. */
    fieldComments: jsonb('field_comments').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.id] }), index('workflow_events_table_idx').on(t.regionCode, t.tableId, t.createdAt)],
);

/** Append-only audit log, hash-chained per region: hash = sha256(prevHash + canonical entry). */
export const auditLog = pgTable(
  'audit_log',
  {
    regionCode: text('region_code').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: ts('at').notNull(),
    actorId: text('actor_id'),
    actorLogin: text('actor_login'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    details: jsonb('details').notNull(),
    ip: text('ip'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.seq] }), index('audit_log_at_idx').on(t.regionCode, t.at)],
);

/** The head of each region's audit chain; its row lock serialises appends. */
export const auditHeads = pgTable('audit_heads', {
  regionCode: text('region_code').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

/**
 * A monitoring round (运行监控, e.g. 1–7月) or a self-evaluation round (绩效自评) opened by the
 * finance bureau: every approved target table of the year owes one report in it by the deadline.
 */
export const evaluationRounds = pgTable(
  'evaluation_rounds',
  {
    regionCode: text('region_code').notNull(),
    id: text('id').notNull(),
    kind: text('kind', { enum: ['monitoring', 'self-evaluation'] }).notNull(),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    /** The last month covered (7 for 1–7月); 12 for a self-evaluation. */
    month: integer('month').notNull(),
    deadline: ts('deadline').notNull(),
    status: text('status', { enum: ['open', 'closed'] }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.id] }), index('evaluation_rounds_year_idx').on(t.regionCode, t.year, t.kind)],
);

/**
 * A monitoring report or self-evaluation of one approved target table in one round. It goes
 * through the target tables' machinery: revisions in table_revisions (table_id = this id),
 * workflow steps in workflow_events, the same statuses and policies. The light, total score and
 * grade of the current version are kept here for roll-ups.
 */
export const evaluationReports = pgTable(
  'evaluation_reports',
  {
    regionCode: text('region_code').notNull(),
    id: text('id').notNull(),
    kind: text('kind', { enum: ['monitoring', 'self-evaluation'] }).notNull(),
    roundId: text('round_id').notNull(),
    orgId: text('org_id').notNull(),
    deptId: text('dept_id').notNull(),
    year: integer('year').notNull(),
    status: text('status', { enum: TABLE_STATUSES }).notNull(),
    /** The project name ('' for a department-wide table). */
    name: text('name').notNull(),
    title: text('title').notNull(),
    version: integer('version').notNull(),
    errorCount: integer('error_count').notNull(),
    warningCount: integer('warning_count').notNull(),
    /** The approved target table and version the targets were copied from. */
    basedOnId: text('based_on_id').notNull(),
    basedOnVersion: integer('based_on_version').notNull(),
    /** Monitoring: the overall light (red, yellow, blue, green). */
    light: text('light'),
    /** Self-evaluation: total score in hundredths of a point, and the grade 优/良/中/差. */
    scoreCenti: integer('score_centi'),
    grade: text('grade'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.id] }),
    uniqueIndex('evaluation_reports_identity_uq').on(t.regionCode, t.roundId, t.basedOnId),
    index('evaluation_reports_rollup_idx').on(t.regionCode, t.year, t.kind, t.deptId),
  ],
);

/**
 * The history of the organisation tree: every create, rename, recode, move, deactivation and
 * reactivation with the organisation as it was before and after (an import batch shares a batchId).
 */
export const orgEvents = pgTable(
  'org_events',
  {
    regionCode: text('region_code').notNull(),
    id: text('id').notNull(),
    orgId: text('org_id').notNull(),
    action: text('action', { enum: ['create', 'rename', 'recode', 'move', 'deactivate', 'reactivate'] }).notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    batchId: text('batch_id'),
    actorId: text('actor_id').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.id] }), index('org_events_org_idx').on(t.regionCode, t.orgId, t.createdAt)],
);

/**
 * A budget year the bureau manages: its rule set (a built-in name or one of the region's own
 * copies in rule_set_versions, latest version). A year without a row is unmanaged: no calendar
 * gate, the server's default rule set (docs/administration.md).
 */
export const budgetYears = pgTable(
  'budget_years',
  {
    regionCode: text('region_code').notNull(),
    year: integer('year').notNull(),
    ruleSet: text('rule_set').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.year] })],
);

/** A stage (一上, 二上, 调整) of a managed year: filing and review only between opensAt and closing. */
export const budgetStages = pgTable(
  'budget_stages',
  {
    regionCode: text('region_code').notNull(),
    year: integer('year').notNull(),
    stage: text('stage', { enum: STAGES }).notNull(),
    opensAt: ts('opens_at').notNull(),
    deadline: ts('deadline').notNull(),
    /** Set when the bureau closes the stage: its tables are frozen from then on. */
    closedAt: ts('closed_at'),
    updatedBy: text('updated_by').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.year, t.stage] })],
);

/** The bureau's dictionary of 项目类型 (e.g. 331 部门预算部门职能类). */
export const projectTypes = pgTable(
  'project_types',
  {
    regionCode: text('region_code').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    active: boolean('active').notNull().default(true),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.code] })],
);

/**
 * The project library (项目库): a unit's projects of a budget year as the budget system knows
 * them. Amounts in 分; `raw` keeps every field as it was typed or imported.
 */
export const projects = pgTable(
  'projects',
  {
    regionCode: text('region_code').notNull(),
    id: text('id').notNull(),
    year: integer('year').notNull(),
    orgId: text('org_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    typeCode: text('type_code').notNull(),
    typeName: text('type_name').notNull(),
    /** 项目等级: 1 一级, 2 二级 (null when not given). */
    level: integer('level'),
    /** The 一级 project a 二级 project belongs to, where the export says. */
    parentCode: text('parent_code'),
    startYear: integer('start_year'),
    endYear: integer('end_year'),
    totalAmountFen: bigint('total_amount_fen', { mode: 'number' }),
    currentAmountFen: bigint('current_amount_fen', { mode: 'number' }),
    raw: jsonb('raw').notNull(),
    source: text('source', { enum: ['manual', 'import'] }).notNull(),
    removed: boolean('removed').notNull().default(false),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.id] }),
    uniqueIndex('projects_code_uq').on(t.regionCode, t.year, t.code),
    index('projects_org_idx').on(t.regionCode, t.year, t.orgId),
  ],
);

/**
 * A region's own rule sets: copies of a built-in (or another copy) with thresholds and
 * severities changed. Every save is a new immutable version with who changed what.
 */
export const ruleSetVersions = pgTable(
  'rule_set_versions',
  {
    regionCode: text('region_code').notNull(),
    name: text('name').notNull(),
    version: integer('version').notNull(),
    /** The complete definition (core RuleSetDefinition, `extends` the base). */
    definition: jsonb('definition').notNull(),
    /** What this version changed against the previous: [{ rule, field, from, to }]. */
    changes: jsonb('changes').notNull(),
    comment: text('comment').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.name, t.version] })],
);

/** Binary data: PGlite hands back a Uint8Array, node-postgres a Buffer (one too). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * Batch export jobs and their finished files, kept for an hour. In the database, not in a
 * process's memory, so that whichever process (cluster worker, replica behind a balancer) a poll
 * or the download reaches sees the job. The process running a job touches `updated_at` as it
 * goes; a job left unfinished by a process that died is reported as interrupted. A cache, not
 * records: not in ALL_TABLES, so not in backups.
 */
export const exportJobs = pgTable(
  'export_jobs',
  {
    id: text('id').primaryKey(),
    regionCode: text('region_code').notNull(),
    actorId: text('actor_id').notNull(),
    format: text('format').notNull(),
    title: text('title').notNull(),
    phase: text('phase').notNull(),
    done: integer('done').notNull(),
    total: integer('total').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    finishedAt: ts('finished_at'),
    error: jsonb('error'),
    fileName: text('file_name'),
    fileType: text('file_type'),
    fileBytes: integer('file_bytes'),
    file: bytea('file'),
  },
  (t) => [index('export_jobs_finished').on(t.finishedAt)],
);

/** Every table, in the order a restore inserts them. */
export const ALL_TABLES = {
  regions,
  orgs,
  orgEvents,
  users,
  sessions,
  loginThrottle,
  budgetYears,
  budgetStages,
  projectTypes,
  projects,
  ruleSetVersions,
  targetTables,
  tableRevisions,
  workflowEvents,
  evaluationRounds,
  evaluationReports,
  auditLog,
  auditHeads,
} as const;

