/**
 * Import: drop a file on the page → the tables found, each with its findings → save the chosen
 * ones as drafts. Text files (the tab-separated text copied out of Word or the provincial
 * system) are read in the browser by core's importer; other formats go to the server.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Checkbox, Collapse, Select, Space, Tag } from 'antd';
import { checkTable, countBySeverity, describeCellRef, importTextAsync, type Finding, type TargetTable } from '@jixiao/core';
import { api, ApiError, STAGE_LABEL, type Org, type Stage } from '../app/api.ts';
import { useSession } from '../app/session.tsx';
import { useI18n } from '../app/i18n.tsx';
import { navigate } from '../app/router.tsx';
import { TableEditor } from '../form/TableEditor.tsx';

interface Found {
  table: TargetTable;
  findings: Finding[];
  importFindings: Finding[];
  selected: boolean;
  savedId?: string;
  error?: string;
}

const TEXT_EXT = /\.(txt|tsv|tab|text)$/i;

export default function ImportPage() {
  const { tr, msg } = useI18n();
  const { message } = App.useApp();
  const { me } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [found, setFound] = useState<Found[] | null>(null);
  const [fileFindings, setFileFindings] = useState<Finding[]>([]);
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [stage, setStage] = useState<Stage>('second');
  const [error, setError] = useState<string | null>(null);

  const read = async (f: File) => {
    setFile(f);
    setFound(null);
    setError(null);
    if (TEXT_EXT.test(f.name) || f.type.startsWith('text/')) {
      const text = await f.text();
      const r = await importTextAsync(text, f.name);
      setFileFindings(r.findings.filter((x) => x.location.table === undefined));
      setFound(
        r.tables.map((t, i) => ({
          table: t,
          findings: checkTable(t),
          importFindings: r.findings.filter((x) => x.location.table === i),
          selected: true,
        })),
      );
      return;
    }
    // Other formats (.xlsx, .docx, .html, …): the server reads them and answers with what it
    // found, storing nothing until "save as drafts".
    try {
      const r = await api.importPreview(f);
      setFileFindings(r.findings.filter((x) => x.location.table === undefined));
      setFound(r.tables.map((x, i) => ({ table: x.document, findings: checkTable(x.document), importFindings: r.findings.filter((y) => y.location.table === i), selected: true })));
    } catch (e) {
      setError(e instanceof ApiError ? msg(e.bilingual) : tr('无法读取此文件', 'Cannot read this file'));
    }
  };

  useEffect(() => {
    const prevent = (e: DragEvent) => e.preventDefault();
    window.addEventListener('dragover', prevent);
    window.addEventListener('drop', prevent);
    return () => {
      window.removeEventListener('dragover', prevent);
      window.removeEventListener('drop', prevent);
    };
  }, []);

  /** The organisation a table belongs to (as the server's importer decides it). */
  const ownerFor = (t: TargetTable, orgs: Org[]): Org | undefined => {
    const byCode = (code?: string) => (code ? orgs.find((o) => o.code === code.trim()) : undefined);
    const byName = (name?: string, kind?: Org['kind']) => (name ? orgs.find((o) => o.name === name.trim() && (!kind || o.kind === kind)) : undefined);
    if (t.kind === 'project') return byCode(t.unit?.code) ?? byName(t.unit?.name, 'unit') ?? byCode(t.department?.code);
    if (t.kind === 'dept-overall') return byCode(t.deptCode?.raw) ?? byName(t.deptName?.raw, 'dept');
    return undefined;
  };

  const save = async () => {
    if (!found || !file) return;
    setBusy(true);
    const next = [...found];
    const all = next.every((f) => f.selected && !f.savedId);
    try {
      if (all) {
        // The whole file: the server's importer stores every table (and writes the audit entry).
        const r = await api.import(file, { stage, year: found[0]?.table.year });
        const created = [...r.created];
        for (let i = 0; i < next.length; i++) {
          const t = next[i]!.table;
          const name = t.kind === 'project' ? t.projectName.raw.trim() : '';
          const k = created.findIndex((c) => c.kind === t.kind && c.name === name);
          if (k >= 0) next[i] = { ...next[i]!, savedId: created.splice(k, 1)[0]!.id, error: undefined };
        }
        r.skipped.forEach((s) => {
          const f = next[s.index];
          if (f) next[s.index] = { ...f, error: msg(s.reason) };
        });
      } else {
        const orgs = await api.orgs();
        for (let i = 0; i < next.length; i++) {
          const f = next[i]!;
          if (!f.selected || f.savedId) continue;
          const owner = ownerFor(f.table, orgs);
          try {
            const d = await api.create({ document: f.table, year: f.table.year, stage, orgId: owner?.id ?? me!.orgId });
            next[i] = { ...f, savedId: d.id, error: undefined };
          } catch (e) {
            next[i] = { ...f, error: e instanceof ApiError ? msg(e.bilingual) : String(e) };
          }
        }
      }
    } catch (e) {
      void message.error(e instanceof ApiError ? msg(e.bilingual) : String(e));
    }
    setFound(next);
    setBusy(false);
    const saved = next.filter((f) => f.savedId).length;
    if (saved) void message.success(tr(`已保存 ${saved} 张草稿`, `${saved} drafts saved`));
  };

  return (
    <div
      className={`page import-page ${over ? 'drag-over' : ''}`}
      data-testid="import-page"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const f = e.dataTransfer.files[0];
        if (f) void read(f);
      }}
    >
      <h1 className="page-title">{tr('导入绩效目标表', 'Import tables')}</h1>
      <label className="drop-zone" data-testid="drop-zone">
        <input
          type="file"
          accept=".txt,.tsv,.xlsx,.xls,.docx,.csv,.html,.htm,.pdf"
          data-testid="import-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void read(f);
            e.target.value = '';
          }}
        />
        <div className="drop-icon">⇪</div>
        <div>{tr('把文件拖到此页面任意位置，或点击选择文件', 'Drop a file anywhere on this page, or click to choose one')}</div>
        <div className="muted small">{tr('Excel（.xlsx）、Word（.docx）、网页（.html）、CSV、本系统导出的 PDF 与从省级系统复制出的制表符分隔文本（.txt）；先预览检查结果，确认后保存为草稿', 'Excel (.xlsx), Word (.docx), web pages (.html), CSV, PDFs exported by Jixiao and tab-separated text (.txt) from the provincial system; preview the findings first, then save as drafts')}</div>
      </label>
      {error ? <Alert type="error" title={error} style={{ marginTop: 12 }} /> : null}
      {file && found ? (
        <div className="import-result" data-testid="import-preview">
          <div className="page-head">
            <h2>
              {file.name} · {tr(`找到 ${found.length} 张表`, `${found.length} tables found`)}
            </h2>
            <Space>
              <span>{tr('阶段', 'Stage')}</span>
              <Select value={stage} onChange={setStage} style={{ width: 100 }} options={(Object.keys(STAGE_LABEL) as Stage[]).map((s) => ({ value: s, label: msg(STAGE_LABEL[s]) }))} />
              <Button type="primary" loading={busy} disabled={!found.some((f) => f.selected && !f.savedId)} onClick={() => void save()} data-testid="import-save">
                {tr('保存为草稿', 'Save as drafts')}
              </Button>
            </Space>
          </div>
          {fileFindings.map((f, i) => (
            <Alert key={i} type="warning" title={msg(f.message)} style={{ marginBottom: 8 }} />
          ))}
          <Collapse
            items={found.map((f, i) => {
              const c = countBySeverity(f.findings);
              const name = f.table.kind === 'project' ? f.table.projectName.raw : f.table.kind === 'dept-overall' ? f.table.deptName.raw : '';
              return {
                key: String(i),
                label: (
                  <div className="import-item" data-testid="import-item">
                    <Checkbox
                      checked={f.selected}
                      disabled={!!f.savedId}
                      onClick={(e) => e.stopPropagation()}
                      onChange={(e) => setFound((l) => l!.map((x, k) => (k === i ? { ...x, selected: e.target.checked } : x)))}
                    />
                    <strong>{f.table.title}</strong> <span>{name}</span>
                    <Tag>{tr(`${f.table.indicators.length} 个指标`, `${f.table.indicators.length} indicators`)}</Tag>
                    <Tag color={c.error ? 'red' : 'green'}>{tr(`错误 ${c.error}`, `${c.error} errors`)}</Tag>
                    <Tag color={c.warning ? 'orange' : 'default'}>{tr(`警告 ${c.warning}`, `${c.warning} warnings`)}</Tag>
                    {f.savedId ? (
                      <Button size="small" type="link" onClick={(e) => { e.stopPropagation(); navigate(`/tables/${f.savedId}`); }} data-testid="import-open">
                        {tr('已保存，打开 →', 'Saved, open →')}
                      </Button>
                    ) : null}
                    {f.error ? <span className="err-count">{f.error}</span> : null}
                  </div>
                ),
                children: (
                  <div className="import-detail">
                    <ul className="import-findings">
                      {[...f.importFindings, ...f.findings].map((x, k) => (
                        <li key={k} className={`finding-${x.severity}`}>
                          <i className={`sev-dot sev-${x.severity}`} />
                          {msg(x.message)}
                          {x.location.source ? <span className="muted small">（{msg(describeCellRef(x.location.source))}）</span> : null}
                        </li>
                      ))}
                    </ul>
                    <TableEditor table={f.table} readOnly ctx={{ marks: new Map(), comments: new Map(), changed: new Set(), plain: true }} />
                  </div>
                ),
              };
            })}
          />
        </div>
      ) : null}
    </div>
  );
}
