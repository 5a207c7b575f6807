/** Small pieces shared by the monitoring and self-evaluation pages: lights, due tags, the official layout as an HTML table. */
import { Tag, Tooltip } from 'antd';
import type { Light, OfficialLayout } from '@jixiao/core';
import { printedCellText } from '@jixiao/core';
import { useI18n } from '../app/i18n.tsx';
import { DUE_LABEL, LIGHT_LABEL, type DueState } from './api.ts';

export function LightDot({ light, progress, testId }: { light: Light | null | undefined; progress?: number | undefined; testId?: string }) {
  const { msg, tr } = useI18n();
  if (!light) return <span className="muted small" data-testid={testId} data-light="none">{tr('未评', '—')}</span>;
  const l = LIGHT_LABEL[light];
  return (
    <Tooltip title={progress !== undefined ? tr(`进度 ${progress}%`, `Progress ${progress}%`) : undefined}>
      <span className="light-dot" data-testid={testId} data-light={light} style={{ whiteSpace: 'nowrap' }}>
        <span style={{ display: 'inline-block', width: 12, height: 12, borderRadius: 6, background: l.color, marginRight: 4, verticalAlign: -1 }} />
        {msg(l)}
        {progress !== undefined ? <span className="muted small"> {progress}%</span> : null}
      </span>
    </Tooltip>
  );
}

export function DueTag({ due, daysLeft }: { due: DueState; daysLeft?: number }) {
  const { msg, tr } = useI18n();
  const d = DUE_LABEL[due];
  const days = daysLeft === undefined ? '' : due === 'overdue' ? tr(`逾期 ${-daysLeft} 天`, `${-daysLeft} days late`) : due === 'done' ? '' : tr(`剩 ${daysLeft} 天`, `${daysLeft} days left`);
  return (
    <Tag color={d.color} data-testid="due-tag" data-due={due}>
      {msg(d)}
      {days ? ` · ${days}` : ''}
    </Tag>
  );
}

/** The official layout (core) as a bordered HTML table: the print view of a 自评表. */
export function LayoutSheet({ layout }: { layout: OfficialLayout }) {
  const rows = layout.grid.rows;
  return (
    <div className="layout-sheet">
      <table className="official-sheet" style={{ borderCollapse: 'collapse', width: '100%', fontFamily: '"SimSun", "Songti SC", serif', fontSize: 12 }}>
        <colgroup>
          {layout.columnWidths.map((w, i) => (
            <col key={i} style={{ width: `${w}ch` }} />
          ))}
        </colgroup>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              {row.map((c) => {
                if (c.mergedInto) return null;
                const role = layout.roles[`${c.row},${c.col}`];
                const inBody = c.row >= layout.bodyRows.first && c.row <= layout.bodyRows.last;
                const style: React.CSSProperties = {
                  border: inBody ? '1px solid #000' : 'none',
                  padding: '3px 5px',
                  textAlign: role === 'title' || role === 'header' || role === 'label' ? 'center' : role === 'amount' || role === 'value' ? 'center' : 'left',
                  fontWeight: role === 'title' || role === 'header' ? 700 : 400,
                  fontSize: role === 'title' ? 18 : undefined,
                  whiteSpace: 'pre-wrap',
                };
                return (
                  <td key={c.col} rowSpan={c.merge ? c.merge.bottom - c.merge.top + 1 : undefined} colSpan={c.merge ? c.merge.right - c.merge.left + 1 : undefined} style={style}>
                    {printedCellText(c.text, role)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
