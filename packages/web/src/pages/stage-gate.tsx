/**
 * The budget calendar's gate as the form shows it: whether the table's stage is open to filing,
 * and if not a banner with the server's own reason (the 423 it would answer) and the stage's
 * dates — so a closed or not-yet-open stage is seen before anyone clicks 保存 or 生成二上.
 */
import { Alert, Tag } from 'antd';
import type { Stage } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { STAGE_NAME, STATE_NAME, type Bi, type StageView, type YearView } from '../admin/api.ts';
import { ymd } from '../app/dates.ts';

export interface StageGate {
  open: boolean;
  /** Why filing is refused now (the server's message), null when open. */
  reason: Bi | null;
  code: string | null;
  stage: StageView | undefined;
}

/** Open while the calendar is not known yet: the server gates anyway, and the page says so once it knows. */
export function stageGateOf(calendar: YearView | null, stage: Stage | undefined): StageGate {
  const f = calendar?.filing?.find((x) => x.stage === stage);
  const s = calendar?.stages.find((x) => x.stage === stage);
  return f ? { open: f.open, reason: f.message, code: f.code, stage: s } : { open: true, reason: null, code: null, stage: s };
}

/** The stage's dates in words: 开放 2027-03-01 · 截止 2027-03-21 · 已于 2027-03-25 关闭. */
export function stageDates(s: StageView, tr: (zh: string, en: string) => string): string {
  const parts = [tr(`开放 ${ymd(s.opensAt)}`, `opens ${ymd(s.opensAt)}`), tr(`截止 ${ymd(s.deadline)}`, `deadline ${ymd(s.deadline)}`)];
  if (s.closedAt) parts.push(tr(`已于 ${ymd(s.closedAt)} 关闭`, `closed on ${ymd(s.closedAt)}`));
  return parts.join(' · ');
}

export function StageGateBanner({ calendar, stage }: { calendar: YearView | null; stage: Stage }) {
  const { tr, msg } = useI18n();
  const g = stageGateOf(calendar, stage);
  if (g.open || !calendar) return null;
  const state = g.code === 'year_not_open' ? tr('年度未开放', 'year not open') : g.stage ? msg(STATE_NAME[g.stage.state]) : msg(STATE_NAME.not_set);
  return (
    <Alert
      className="no-print"
      type="warning"
      showIcon
      data-testid="stage-banner"
      style={{ marginBottom: 8 }}
      title={
        <span>
          <Tag color={g.code === 'stage_closed' ? 'default' : 'orange'} data-testid="stage-banner-state">
            {`${calendar.year} ${tr('年', '')}${msg(STAGE_NAME[stage])} · ${state}`}
          </Tag>
          {g.reason ? msg(g.reason) : ''}
        </span>
      }
      description={
        <span data-testid="stage-banner-dates">
          {g.stage ? `${msg(STAGE_NAME[stage])}：${stageDates(g.stage, tr)}。` : ''}
          {tr('本表现为只读；阶段开放后才能保存、提交。', 'The table is read-only; it can be saved and submitted once the stage is open.')}
        </span>
      }
    />
  );
}
