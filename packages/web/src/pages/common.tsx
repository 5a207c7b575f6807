import { Tag } from 'antd';
import { ymdhm } from '../app/dates.ts';
import { KIND_LABEL, STAGE_LABEL, STATUS_LABEL, type Stage, type TableStatus, type TableSummary } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';

export function StatusTag({ status }: { status: TableStatus }) {
  const { msg } = useI18n();
  const s = STATUS_LABEL[status] ?? { zh: status, en: status, color: 'default' };
  return (
    <Tag color={s.color} data-testid="status-tag" data-status={status}>
      {msg(s)}
    </Tag>
  );
}

export function StageText({ stage }: { stage: Stage }) {
  const { msg } = useI18n();
  return <>{msg(STAGE_LABEL[stage] ?? { zh: stage, en: stage })}</>;
}

export function KindText({ kind }: { kind: TableSummary['kind'] }) {
  const { msg } = useI18n();
  return <>{msg(KIND_LABEL[kind] ?? { zh: kind, en: kind })}</>;
}

export function tableLabel(t: Pick<TableSummary, 'name' | 'title' | 'kind'> & { orgName?: string }): string {
  if (t.kind === 'project') return t.name || t.title;
  return t.orgName ? `${t.orgName} · ${t.title}` : t.title;
}

export function fmtTime(s: string | undefined, lang: 'zh' | 'en'): string {
  if (!s) return '';
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  return lang === 'zh' ? ymdhm(d) : d.toLocaleString('en-GB', { hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}
