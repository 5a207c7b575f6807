/** Client for monitoring and self-evaluation: /api/rounds, /api/reports, /api/evaluation. */
import type { Finding, Grade, Light, MonitoringResult, ReportDocument, SelfEvaluationResult } from '@jixiao/core';
import { request, type FieldComment, type TableStatus } from '../app/api.ts';

export type ReportKind = 'monitoring' | 'self-evaluation';

export interface Round {
  id: string;
  kind: ReportKind;
  year: number;
  title: string;
  month: number;
  deadline: string;
  status: 'open' | 'closed';
}

export interface ReportSummary {
  id: string;
  kind: ReportKind;
  roundId: string;
  orgId: string;
  deptId: string;
  year: number;
  status: TableStatus;
  name: string;
  title: string;
  version: number;
  errorCount: number;
  warningCount: number;
  basedOnId: string;
  basedOnVersion: number;
  light: Light | null;
  total: number | null;
  grade: Grade | null;
  updatedAt: string;
  orgName?: string;
  roundTitle?: string;
  deadline?: string;
  lastAction?: string | null;
}

export interface ReportDetail {
  report: ReportSummary;
  document: ReportDocument;
  evaluation: { monitoring?: MonitoringResult; selfEvaluation?: SelfEvaluationResult; findings: Finding[] };
  findings: Finding[];
}

export type DueState = 'done' | 'overdue' | 'due-soon' | 'upcoming';

export interface Obligation {
  round: Round;
  table: { id: string; kind: string; name: string; title: string; stage: string; version: number; orgId: string; orgName: string; deptId: string; deptName: string };
  report: { id: string; status: TableStatus; version: number; errorCount: number; light: Light | null; total: number | null; grade: Grade | null; lastAction: string | null } | null;
  due: DueState;
  daysLeft: number;
}

export interface Owed {
  items: Obligation[];
  reminders: Array<{ level: 'error' | 'warning' | 'info'; roundId: string; message: { zh: string; en: string } }>;
  toReview: Array<{ id: string; kind: ReportKind; name: string; title: string; orgName: string; roundTitle: string; status: string; light: Light | null; total: number | null; grade: Grade | null }>;
}

export interface RollupFigures {
  reports: number;
  filed: number;
  lights: Record<Light | 'none', number>;
  light: Light | null;
  grades: Record<Grade, number>;
  meanScore: number | null;
}

export interface RoundRollup {
  round: Omit<Round, 'createdAt'>;
  departments: Array<RollupFigures & { deptId: string; deptName: string }>;
  region: RollupFigures;
  projects: Array<{ tableId: string; name: string; orgName: string; deptName: string; reportId: string | null; status: string | null; light: Light | null; total: number | null; grade: Grade | null; due: string }>;
}

const enc = encodeURIComponent;
const qs = (q: Record<string, string | number | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

export const evaluationApi = {
  rounds: async (q: { year?: number; kind?: ReportKind } = {}) => (await request<{ items: Round[] }>('GET', `/api/rounds${qs(q)}`)).items,
  openRound: (body: { kind: ReportKind; year: number; month?: number; deadline: string; title?: string }) => request<Round>('POST', '/api/rounds', { body }),
  updateRound: (id: string, body: { status?: 'open' | 'closed'; deadline?: string; title?: string }) => request<Round>('PATCH', `/api/rounds/${enc(id)}`, { body }),
  owed: (q: { roundId?: string; year?: number } = {}) => request<Owed>('GET', `/api/evaluation/owed${qs(q)}`),
  rollup: async (q: { year?: number; roundId?: string; kind?: ReportKind } = {}) => (await request<{ rounds: RoundRollup[] }>('GET', `/api/evaluation/rollup${qs(q)}`)).rounds,
  reports: async (q: { year?: number; kind?: ReportKind; roundId?: string } = {}) => (await request<{ items: ReportSummary[] }>('GET', `/api/reports${qs(q)}`)).items,
  start: (roundId: string, tableId: string) => request<ReportDetail>('POST', '/api/reports', { body: { roundId, tableId } }),
  report: (id: string) => request<ReportDetail>('GET', `/api/reports/${enc(id)}`),
  save: (id: string, version: number, document: ReportDocument) => request<ReportDetail>('PUT', `/api/reports/${enc(id)}`, { body: document, ifMatch: version }),
  action: (id: string, action: 'submit' | 'approve' | 'return' | 'publish', body: { comment?: string; fieldComments?: FieldComment[]; version?: number } = {}) =>
    request<{ report: ReportSummary }>('POST', `/api/reports/${enc(id)}/${action}`, { body }),
  events: async (id: string) =>
    (await request<{ items: Array<{ id: string; action: string; fromStatus: string; toStatus: string; version: number; comment: string; fieldComments: FieldComment[]; createdAt: string; actor: { name: string | null } }> }>('GET', `/api/reports/${enc(id)}/events`)).items,
  xlsxUrl: (id: string) => `/api/reports/${enc(id)}/export?format=xlsx`,
  docxUrl: (id: string) => `/api/reports/${enc(id)}/export?format=docx`,
  pdfUrl: (id: string) => `/api/reports/${enc(id)}/export?format=pdf`,
};

export const LIGHT_LABEL: Record<Light, { zh: string; en: string; color: string }> = {
  red: { zh: '红灯', en: 'Red', color: '#d32f2f' },
  yellow: { zh: '黄灯', en: 'Yellow', color: '#f9a825' },
  green: { zh: '绿灯', en: 'Green', color: '#2e7d32' },
  blue: { zh: '蓝灯', en: 'Blue', color: '#1565c0' },
};

export const DUE_LABEL: Record<DueState, { zh: string; en: string; color: string }> = {
  overdue: { zh: '已逾期', en: 'Overdue', color: 'red' },
  'due-soon': { zh: '即将到期', en: 'Due soon', color: 'orange' },
  upcoming: { zh: '未到期', en: 'Upcoming', color: 'blue' },
  done: { zh: '已提交', en: 'Submitted', color: 'green' },
};

export const KIND_NAME: Record<ReportKind, { zh: string; en: string }> = {
  monitoring: { zh: '绩效运行监控', en: 'Monitoring' },
  'self-evaluation': { zh: '绩效自评', en: 'Self-evaluation' },
};
