/**
 * 指标推荐: while a filer names and describes a project, the indicators of similar projects in
 * the region's library (approved tables and the starter set), each inserted with one click into
 * its 一级/二级 with the typical sign and the median value. The same reply carries the library
 * entries that measure the goal's aims, so the browser's goal.target-uncovered proposes what
 * the server's does.
 */
import { memo, useEffect, useMemo, useState } from 'react';
import { Button, Empty, Spin, Tag, Tooltip } from 'antd';
import { starterLibrary, type IndicatorLibrary, type LibraryEntry, type TargetTable } from '@jixiao/core';
import { api, type LibraryEntryView, type SuggestionsReply } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';

export interface SuggestedIndicator {
  level1: string;
  level2: string;
  name: string;
  value: string;
}

const squash = (s: string) => s.replace(/\s+/g, '');

/** What the suggestions depend on, as one string (a change of anything else asks nothing). */
function queryOf(t: TargetTable) {
  const name = t.kind === 'project' ? t.projectName.raw : t.kind === 'dept-overall' ? t.deptName.raw : t.projectName.raw;
  const overview = t.kind === 'project' ? t.overview.raw : t.kind === 'dept-overall' ? t.overallGoal.raw : '';
  const type = t.kind === 'project' ? t.projectType.raw : '';
  const goal = t.kind === 'project' ? `${t.annualGoal.raw}\n${t.periodGoal.raw}` : t.kind === 'dept-overall' ? t.overallGoal.raw : '';
  const existing = t.indicators.map((i) => i.name.raw.trim()).filter(Boolean);
  return { name: name.trim(), overview, type, goal, existing };
}

/** The library the form's checker uses: the starter set and the entries the server chose for the goal's aims. */
export function libraryWith(aimEntries: LibraryEntryView[]): IndicatorLibrary {
  const extra: LibraryEntry[] = aimEntries.map((e) => ({
    key: e.key,
    level1: e.level1 as LibraryEntry['level1'],
    level2: e.level2 as LibraryEntry['level2'],
    name: e.name,
    operator: e.operator as LibraryEntry['operator'],
    unit: e.unit,
    values: e.spread ? [e.spread.min, e.spread.median, e.spread.max] : [],
    example: e.example,
    uses: e.uses,
    contexts: [],
  }));
  const known = new Set(extra.map((e) => e.key));
  return { entries: [...starterLibrary().entries.filter((e) => !known.has(e.key)), ...extra] };
}

export const SuggestionPanel = memo(function SuggestionPanel(props: {
  table: TargetTable;
  onInsert: (s: SuggestedIndicator) => void;
  onLibrary?: (library: IndicatorLibrary) => void;
}) {
  const { tr } = useI18n();
  const q = queryOf(props.table);
  const key = JSON.stringify(q);
  const [reply, setReply] = useState<SuggestionsReply | null>(null);
  const [loading, setLoading] = useState(false);
  const { onLibrary } = props;

  useEffect(() => {
    if (q.name.length < 2) {
      setReply(null);
      return;
    }
    const ctl = new AbortController();
    // Typing a name: ask once the filer pauses.
    const t = window.setTimeout(() => {
      setLoading(true);
      api
        .suggestions(q, ctl.signal)
        .then((r) => {
          setReply(r);
          onLibrary?.(libraryWith(r.aimEntries));
        })
        .catch(() => undefined)
        .finally(() => !ctl.signal.aborted && setLoading(false));
    }, 350);
    return () => {
      window.clearTimeout(t);
      ctl.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const have = useMemo(() => new Set(q.existing.map(squash)), [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const items = (reply?.suggestions ?? []).filter((s) => !have.has(squash(s.name)));

  return (
    <section className="suggestions" data-testid="suggestions">
      <h3>
        {tr('指标推荐', 'Suggested indicators')} {loading ? <Spin size="small" /> : null}
      </h3>
      <div className="small muted">
        {reply
          ? tr(`来自本地区 ${reply.library.tables} 张已审定的目标表和示例指标库，按项目名称、概述和类型的相似度`, `From ${reply.library.tables} approved tables of the region and the starter set, by similarity of name, overview and type`)
          : tr('填写项目名称后，推荐类似项目用过的指标', 'Name the project to see the indicators similar projects used')}
      </div>
      {reply && items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('没有更多推荐', 'Nothing more to suggest')} /> : null}
      <ul className="suggestion-list">
        {items.map((s) => (
          <li key={s.key} data-testid="suggestion" data-name={s.name}>
            <div className="suggestion-head">
              <Tag>{s.level1.replace('指标', '')}</Tag>
              <span className="muted small">{s.level2}</span>
            </div>
            <div className="suggestion-body">
              <b>{s.name}</b> <span className="value">{s.value}</span>
              <Button size="small" type="link" onClick={() => props.onInsert({ level1: s.level1, level2: s.level2, name: s.name, value: s.value })} data-testid="suggestion-insert">
                {tr('插入', 'Insert')}
              </Button>
            </div>
            <div className="small muted">
              <Tooltip title={tr('相似度：与用过此指标的项目相比', 'Similarity to the projects that used it')}>
                <span>{Math.round(s.similarity * 100)}%</span>
              </Tooltip>
              {s.from ? ` · ${tr('来自', 'from')} ${s.from}` : ''}
              {` · ${tr(`用过 ${s.uses} 次`, `used ${s.uses}×`)}`}
              {s.spread && s.spread.min !== s.spread.max ? ` · ${s.spread.min}–${s.spread.max}${s.unit ?? ''}` : ''}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
});
