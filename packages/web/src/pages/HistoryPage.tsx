/** Revision list and a side-by-side, field-by-field diff of any two revisions. */
import { useEffect, useState } from 'react';
import { Alert, Button, Radio, Spin, Table } from 'antd';
import type { TargetTable } from '@jixiao/core';
import { api, ApiError, type Revision, type TableDetail } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { Link } from '../app/router.tsx';
import { changedKeys, diffForPeople } from '../form/diff.ts';
import { TableEditor } from '../form/TableEditor.tsx';
import { fmtTime } from './common.tsx';
import { revisionDocument } from './versions.ts';

const REASON: Record<string, [string, string]> = {
  create: ['新建', 'created'],
  save: ['保存', 'saved'],
  import: ['导入', 'imported'],
  derive: ['由上一阶段生成', 'derived'],
};

export default function HistoryPage({ id }: { id: string }) {
  const { tr, msg, lang } = useI18n();
  const [detail, setDetail] = useState<TableDetail | null>(null);
  const [revs, setRevs] = useState<Revision[] | null>(null);
  const [a, setA] = useState<number | undefined>();
  const [b, setB] = useState<number | undefined>();
  const [docs, setDocs] = useState<{ a: TargetTable; b: TargetTable } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<'list' | 'side'>('list');

  useEffect(() => {
    Promise.all([api.table(id), api.revisions(id)])
      .then(([d, r]) => {
        const sorted = [...r].sort((x, y) => y.version - x.version);
        setDetail(d);
        setRevs(sorted);
        setB(sorted[0]?.version);
        setA(sorted[1]?.version ?? sorted[0]?.version);
      })
      .catch((e) => setError(e instanceof ApiError ? msg(e.bilingual) : String(e)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  useEffect(() => {
    if (a === undefined || b === undefined) return;
    setDocs(null);
    Promise.all([revisionDocument(id, a), revisionDocument(id, b)])
      .then(([x, y]) => setDocs({ a: x, b: y }))
      .catch((e) => setError(String(e)));
  }, [id, a, b]);

  if (error) return <Alert type="error" title={error} />;
  if (!revs || !detail) return <Spin />;
  const diffs = docs ? diffForPeople(docs.a, docs.b) : [];
  const changed = docs ? changedKeys(docs.a, docs.b) : new Set<string>();
  return (
    <div className="page" data-testid="history-page">
      <h1 className="page-title">
        <Link to={`/tables/${id}`}>{detail.kind === 'project' ? detail.name || detail.title : detail.title}</Link> · {tr('历史版本', 'History')}
      </h1>
      <div className="history">
        <Table<Revision>
          size="small"
          rowKey="version"
          dataSource={revs}
          pagination={false}
          className="rev-table"
          columns={[
            { title: 'A', key: 'a', width: 40, render: (_, r) => <Radio checked={a === r.version} onChange={() => setA(r.version)} aria-label={`A ${r.version}`} /> },
            { title: 'B', key: 'b', width: 40, render: (_, r) => <Radio checked={b === r.version} onChange={() => setB(r.version)} aria-label={`B ${r.version}`} /> },
            { title: tr('版本', 'Version'), dataIndex: 'version', width: 60 },
            { title: tr('时间', 'Time'), key: 't', render: (_, r) => fmtTime(r.createdAt, lang) },
            { title: tr('作者', 'Author'), key: 'who', render: (_, r) => r.authorName ?? r.authorId ?? '' },
            { title: tr('原因', 'Reason'), key: 'why', render: (_, r) => { const x = REASON[r.reason]; return x ? tr(x[0], x[1]) : r.reason; } },
            { title: tr('错误/警告', 'Err/Warn'), key: 'c', render: (_, r) => (r.errorCount !== undefined ? `${r.errorCount} / ${r.warningCount ?? 0}` : '') },
          ]}
        />
        <div className="diff-pane">
          <div className="diff-head">
            <strong>
              {tr('版本', 'Version')} {a} → {b}
            </strong>
            <Radio.Group size="small" value={mode} onChange={(e) => setMode(e.target.value)} optionType="button" options={[{ value: 'list', label: tr('变更清单', 'Changes') }, { value: 'side', label: tr('左右对照', 'Side by side') }]} />
          </div>
          {!docs ? (
            <Spin />
          ) : mode === 'list' ? (
            diffs.length === 0 ? (
              <div className="muted">{tr('两个版本内容相同', 'The two versions are the same')}</div>
            ) : (
              <table className="diff-table" data-testid="diff-table">
                <thead>
                  <tr>
                    <th>{tr('字段', 'Field')}</th>
                    <th>
                      {tr('版本', 'Version')} {a}
                    </th>
                    <th>
                      {tr('版本', 'Version')} {b}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {diffs.map((d, i) => (
                    <tr key={i} className={`op-${d.op}`}>
                      <td>{msg(d.label)}</td>
                      <td className="from">{d.from}</td>
                      <td className="to">{d.to}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          ) : (
            <div className="side-by-side">
              <div>
                <TableEditor table={docs.a} readOnly ctx={{ marks: new Map(), comments: new Map(), changed }} />
              </div>
              <div>
                <TableEditor table={docs.b} readOnly ctx={{ marks: new Map(), comments: new Map(), changed }} />
              </div>
            </div>
          )}
          {docs ? null : null}
        </div>
      </div>
      <Button style={{ marginTop: 16 }} onClick={() => history.back()}>
        {tr('返回', 'Back')}
      </Button>
    </div>
  );
}
