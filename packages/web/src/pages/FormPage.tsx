/**
 * The form route: fill (filer), review (reviewers), and see comments when a table comes back.
 * Findings come from core's checkTable, run here on every keystroke. Save sends If-Match and
 * answers a 409 with the conflict dialog; submit is disabled while errors remain.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Input, Modal, Segmented, Space, Spin, Tag, Tooltip } from 'antd';
import { notesForRuleSet, resolveRuleSet, checkTable, countBySeverity, matchLevel1, matchLevel2, type Finding, type CheckOptions, type IndicatorLibrary, type RuleSetDefinition, type Severity, type TargetTable } from '@jixiao/core';
import { api, ApiError, ROLE_LABEL, type FieldComment, type TableDetail, type WorkflowEvent } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { Link, navigate } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';
import { changedKeys, diffForPeople, fieldLabel, type FieldDiff } from '../form/diff.ts';
import { addIndicator, applyAllFixes, applyFix, cellKey, findingCellKey, freshId, setIndicatorField } from '../form/edit.ts';
import { FindingsPanel, focusCell } from '../form/FindingsPanel.tsx';
import { mergeMine } from '../form/merge.ts';
import { clearDraft, readDraft, writeDraft, type LocalDraft } from '../form/local-draft.ts';
import { TableEditor } from '../form/TableEditor.tsx';
import { SuggestionPanel } from '../form/SuggestionPanel.tsx';
import { loadVersionDocument } from './versions.ts';
import { fmtTime, StageText, StatusTag } from './common.tsx';
import { ExportMenu } from '../export/ExportMenu.tsx';
import { adminApi, type YearView } from '../admin/api.ts';
import { StageGateBanner, stageGateOf } from './stage-gate.tsx';

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

declare global {
  interface Window {
    __jixiaoPerf?: { checks: number[] };
  }
}

function marksOf(findings: Finding[]): Map<string, Severity> {
  const m = new Map<string, Severity>();
  for (const f of findings) {
    const cat = /^indicators\.(.+)$/.exec(f.location.field ?? '');
    const k = findingCellKey(f) ?? (cat ? `l1:${cat[1]}` : undefined);
    if (!k) continue;
    const cur = m.get(k);
    if (!cur || RANK[f.severity] > RANK[cur]) m.set(k, f.severity);
  }
  return m;
}

export function commentKey(c: FieldComment): string {
  return c.indicatorId ? cellKey(c.indicatorId, c.field) : c.field;
}

/** The reviewer's field comments of the last return, shown to the filer. */
function lastReturn(events: WorkflowEvent[]): WorkflowEvent | undefined {
  const sorted = [...events].sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
  const last = sorted[sorted.length - 1];
  return last?.action === 'return' ? last : undefined;
}

interface Conflict {
  theirs: TableDetail;
  mine: TargetTable;
  base: TargetTable;
  theirChanges: FieldDiff[];
  myChanges: FieldDiff[];
}

export default function FormPage({ id }: { id: string }) {
  const { tr, msg, lang } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const [detail, setDetail] = useState<TableDetail | null>(null);
  const [ruleSet, setRuleSet] = useState<string | RuleSetDefinition | undefined>(undefined);
  const [doc, setDoc] = useState<TargetTable | null>(null);
  const [base, setBase] = useState<TargetTable | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [selectedKey, setSelectedKey] = useState<string | undefined>();
  const [draftComments, setDraftComments] = useState<FieldComment[]>([]);
  const [commentText, setCommentText] = useState('');
  const [overall, setOverall] = useState('');
  const [baseline, setBaseline] = useState<'none' | 'first' | 'finance'>('none');
  const [baselineDoc, setBaselineDoc] = useState<TargetTable | null>(null);
  const pendingFocus = useRef<string | null>(null);
  const [deptFindings, setDeptFindings] = useState<Finding[]>([]);
  const [localDraft, setLocalDraft] = useState<LocalDraft | null>(null);
  // The budget calendar of the table's year: whether its stage (and 二上) is open to filing now.
  const [calendar, setCalendar] = useState<YearView | null>(null);

  const load = useCallback(async () => {
    try {
      const d = await api.table(id);
      setDetail(d);
      setRuleSet(d.ruleSet);
      setDoc(d.document);
      setBase(d.document);
      setError(null);
      const kept = readDraft(id);
      if (kept && d.status === 'draft' && JSON.stringify(kept.doc) !== JSON.stringify(d.document)) setLocalDraft(kept);
      else if (kept) clearDraft(id);
    } catch (e) {
      setError(e instanceof ApiError ? msg(e.bilingual) : String(e));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  // Department-level checks (this table against the department's other tables), from the server.
  useEffect(() => {
    if (!detail) return;
    let stop = false;
    api.findings(detail.id).then(
      (r) => !stop && setDeptFindings(r.department ?? []),
      () => !stop && setDeptFindings([]),
    );
    return () => {
      stop = true;
    };
  }, [detail?.id, detail?.version]);

  useEffect(() => {
    if (!detail) return;
    let stop = false;
    adminApi.year(detail.year).then(
      (y) => !stop && setCalendar(y),
      () => !stop && setCalendar(null),
    );
    return () => {
      stop = true;
    };
  }, [detail?.year]);
  const gate = stageGateOf(calendar, detail?.stage);
  const secondGate = stageGateOf(calendar, 'second');

  const dirty = doc !== base;
  // Keep unsaved edits in the browser until they are saved (see form/local-draft.ts).
  useEffect(() => {
    if (!detail || !doc || !base || !dirty || localDraft) return;
    const t = window.setTimeout(() => writeDraft({ tableId: detail.id, version: detail.version, base, doc, savedAt: new Date().toISOString() }), 400);
    return () => window.clearTimeout(t);
  }, [detail, doc, base, dirty, localDraft]);
  useEffect(() => {
    if (!dirty) return;
    const h = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', h);
    return () => window.removeEventListener('beforeunload', h);
  }, [dirty]);

  // The library entries the server chose for the goal's aims (SuggestionPanel), so the proposals
  // of goal.target-uncovered here are the server's.
  const [library, setLibrary] = useState<IndicatorLibrary | undefined>(undefined);
  const checkOptions = useMemo<CheckOptions>(() => ({ ...(library ? { library } : {}), ...(ruleSet ? { ruleSet } : {}) }), [library, ruleSet]);
  const findings = useMemo(() => {
    if (!doc) return [];
    const t0 = performance.now();
    const f = checkTable(doc, checkOptions);
    const perf = (window.__jixiaoPerf ??= { checks: [] });
    perf.checks.push(performance.now() - t0);
    if (perf.checks.length > 500) perf.checks.shift();
    return f;
  }, [doc, checkOptions]);
  const marks = useMemo(() => marksOf(findings), [findings]);
  // The 备注's count sentence follows the year's rule set (不少于6个 when it says 6).
  const notes = useMemo(() => {
    if (!doc) return [];
    try {
      return notesForRuleSet(doc.notes, resolveRuleSet(ruleSet));
    } catch {
      return doc.notes;
    }
  }, [doc?.notes, ruleSet]);
  const counts = countBySeverity(findings);

  const filesHere = !!me && !!detail && detail.status === 'draft' && (me.role === 'filer' || me.role === 'dept_reviewer');
  // A stage that is closed or not yet open keeps the form read-only (the server would refuse 423).
  const canEdit = filesHere && gate.open;
  const canReview =
    !!me &&
    !!detail &&
    ((me.role === 'dept_reviewer' && detail.status === 'submitted') || (me.role === 'finance_reviewer' && (detail.status === 'dept_approved' || detail.status === 'finance_approved')));
  const canPublish = !!me && !!detail && me.role === 'finance_reviewer' && detail.status === 'finance_approved';
  const readOnly = !canEdit;

  const returned = detail ? lastReturn(detail.events) : undefined;
  const shownComments = canReview ? draftComments : detail?.status === 'draft' ? (returned?.fieldComments ?? []) : [];
  const comments = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const c of shownComments) {
      const k = commentKey(c);
      m.set(k, [...(m.get(k) ?? []), c.comment]);
    }
    return m;
  }, [shownComments]);

  // 二上: mark the fields changed since the 一上 version or since the finance review.
  useEffect(() => {
    if (!detail || baseline === 'none') {
      setBaselineDoc(null);
      return;
    }
    let stop = false;
    loadVersionDocument(detail, baseline)
      .then((d) => !stop && setBaselineDoc(d))
      .catch(() => {
        if (!stop) {
          setBaselineDoc(null);
          void message.warning(tr('找不到对比的版本', 'The version to compare with was not found'));
        }
      });
    return () => {
      stop = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [detail?.id, detail?.version, baseline]);
  const changed = useMemo(() => (baselineDoc && doc ? changedKeys(baselineDoc, doc) : new Set<string>()), [baselineDoc, doc]);

  useEffect(() => {
    if (pendingFocus.current) {
      const k = pendingFocus.current;
      pendingFocus.current = null;
      focusCell(k);
    }
  });

  const onChange = useCallback((u: (t: TargetTable) => TargetTable) => setDoc((t) => (t ? u(t) : t)), []);
  const onFocusLater = useCallback((k: string) => {
    pendingFocus.current = k;
  }, []);
  const onFix = useCallback(
    (f: Finding) => {
      setDoc((t) => (t ? applyFix(t, f) : t));
      const k = findingCellKey(f);
      if (k) pendingFocus.current = k;
    },
    [],
  );
  const onSuggest = useCallback((s: { level1: string; level2: string; name: string; value: string }) => {
    const id = freshId();
    setDoc((t) => {
      if (!t) return t;
      const l1 = matchLevel1(s.level1)?.name;
      const l2 = matchLevel2(s.level2, s.level1)?.name;
      if (!l1 || !l2) return t;
      let next = addIndicator(t, l1, l2, undefined, id).table;
      next = setIndicatorField(next, id, 'name', s.name);
      next = setIndicatorField(next, id, 'value', s.value);
      if (next.kind === 'project') next = setIndicatorField(next, id, 'periodValue', s.value);
      return next;
    });
    pendingFocus.current = `ind:${id}:value`;
  }, []);
  const onFixAll = useCallback(() => setDoc((t) => (t ? applyAllFixes(t, checkTable(t, checkOptions)) : t)), [checkOptions]);

  const save = useCallback(async (): Promise<TableDetail | null> => {
    if (!detail || !doc) return null;
    setBusy('save');
    try {
      const d = await api.save(detail.id, detail.version, doc);
      const next = { ...detail, ...d, document: d.document ?? doc, events: d.events?.length ? d.events : detail.events };
      setDetail(next);
      setDoc((cur) => (cur === doc ? next.document : cur));
      setBase(next.document);
      clearDraft(detail.id);
      void message.success(tr(`已保存（版本 ${next.version}）`, `Saved (version ${next.version})`));
      return next;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        let theirs: TableDetail;
        try {
          theirs = await api.table(detail.id);
        } catch {
          void message.error(msg(e.bilingual));
          return null;
        }
        setConflict({ theirs, mine: doc, base: base ?? detail.document, theirChanges: diffForPeople(base ?? detail.document, theirs.document), myChanges: diffForPeople(base ?? detail.document, doc) });
      } else void message.error(e instanceof ApiError ? msg(e.bilingual) : String(e));
      return null;
    } finally {
      setBusy(null);
    }
  }, [detail, doc, base, message, msg, tr]);

  useEffect(() => {
    const h = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        if (canEdit && dirty) void save();
      }
    };
    window.addEventListener('keydown', h);
    return () => window.removeEventListener('keydown', h);
  }, [canEdit, dirty, save]);

  async function act(action: 'submit' | 'approve' | 'return' | 'publish') {
    if (!detail) return;
    setBusy(action);
    try {
      let cur = detail;
      if (action === 'submit' && dirty) {
        const s = await save();
        if (!s) return;
        cur = s;
      }
      const body = action === 'return' || action === 'approve' ? { comment: overall.trim(), fieldComments: draftComments, version: cur.version } : { version: cur.version };
      await api.action(cur.id, action, body);
      clearDraft(cur.id);
      setDraftComments([]);
      setOverall('');
      setSelectedKey(undefined);
      const done = { submit: ['已提交', 'Submitted'], approve: ['已审核通过', 'Approved'], return: ['已退回', 'Returned'], publish: ['已公开', 'Published'] }[action];
      void message.success(tr(done[0]!, done[1]!));
      await load();
    } catch (e) {
      void message.error(e instanceof ApiError ? msg(e.bilingual) : String(e));
    } finally {
      setBusy(null);
    }
  };

  // The toolbar re-renders only when what it shows changes, not on every keystroke.
  const docRef = useRef(doc);
  docRef.current = doc;
  const saveRef = useRef(save);
  saveRef.current = save;
  const actRef = useRef(act);
  actRef.current = act;
  const errorCount = counts.error;
  const toolbar = useMemo(() => {
    if (!detail || !doc) return null;
    const submitBlocked = errorCount > 0;
    const titleText = doc.kind === 'project' ? doc.projectName.raw || doc.title : doc.title;
    const changedCount = new Set([...changed].map((k) => k.split(':').slice(0, 2).join(':'))).size;
    return (
        <div className="form-toolbar no-print">
          <div className="form-title">
            <h1 className="form-h1">
              <Link to="/tables">{tr('绩效目标表', 'Tables')}</Link> / <strong>{titleText}</strong>
            </h1>
            <span className="meta">
              {detail.year} · <StageText stage={detail.stage} /> · <StatusTag status={detail.status} /> · {tr('版本', 'v')} {detail.version}
              {dirty ? <Tag color="orange" data-testid="dirty">{tr('未保存', 'Unsaved')}</Tag> : null}
            </span>
          </div>
          <Space wrap>
            {detail.stage === 'second' || detail.basedOnId ? (
              <Segmented
                size="small"
                tabIndex={-1}
                value={baseline}
                onChange={(v) => setBaseline(v as typeof baseline)}
                options={[
                  { label: tr('不标记变更', 'No marks'), value: 'none' },
                  { label: tr('相对一上', 'vs 1st'), value: 'first' },
                  { label: tr('相对财政审核', 'vs finance review'), value: 'finance' },
                ]}
                data-testid="baseline"
              />
            ) : null}
            {baselineDoc ? (
              <Tag color="blue" data-testid="changed-count">
                {tr(`${changedCount} 处变更`, `${changedCount} changed`)}
              </Tag>
            ) : null}
            {detail.stage === 'first' && (me?.role === 'filer' || me?.role === 'dept_reviewer') ? (
              <Tooltip title={secondGate.open ? tr('以本表当前版本为基础生成二上表；二上表可标记相对一上的全部变更', 'Start the 2nd submission from this version; it can mark every change against it') : secondGate.reason ? msg(secondGate.reason) : ''}>
                <Button
                  loading={busy === 'derive'}
                  disabled={!secondGate.open}
                  data-testid="derive-second"
                  onClick={async () => {
                    setBusy('derive');
                    try {
                      const d = await api.derive(detail.id, 'second');
                      navigate(`/tables/${d.id}`);
                    } catch (e) {
                      void message.error(e instanceof ApiError ? msg(e.bilingual) : String(e));
                    } finally {
                      setBusy(null);
                    }
                  }}
                >
                  {tr('生成二上', 'Start 2nd submission')}
                </Button>
              </Tooltip>
            ) : null}
            <Button onClick={() => navigate(`/tables/${detail.id}/history`)}>{tr('历史版本', 'History')}</Button>
            <Button onClick={() => window.open(`#/tables/${detail.id}/print`, '_blank')}>{tr('打印', 'Print')}</Button>
            <ExportMenu tableId={detail.id} version={detail.version} dirty={dirty} />
            {canEdit ? (
              <>
                <Button onClick={() => void saveRef.current()} loading={busy === 'save'} disabled={!dirty} data-testid="save">
                  {tr('保存', 'Save')} <span className="kbd">Ctrl+S</span>
                </Button>
                <Tooltip title={submitBlocked ? tr(`还有 ${counts.error} 个错误，修正后才能提交`, `${counts.error} errors remain; fix them to submit`) : ''}>
                  <Button type="primary" disabled={submitBlocked} loading={busy === 'submit'} onClick={() => void actRef.current('submit')} data-testid="submit">
                    {tr('提交', 'Submit')}
                  </Button>
                </Tooltip>
              </>
            ) : filesHere && !gate.open ? (
              <>
                {/* Offered but shut, with the reason: the stage decides, not a click that fails. */}
                <Tooltip title={gate.reason ? msg(gate.reason) : ''}>
                  <Button disabled data-testid="save">
                    {tr('保存', 'Save')} <span className="kbd">Ctrl+S</span>
                  </Button>
                </Tooltip>
                <Tooltip title={gate.reason ? msg(gate.reason) : ''}>
                  <Button type="primary" disabled data-testid="submit">
                    {tr('提交', 'Submit')}
                  </Button>
                </Tooltip>
              </>
            ) : null}
            {canPublish ? (
              <Button type="primary" onClick={() => void actRef.current('publish')} loading={busy === 'publish'} data-testid="publish">
                {tr('公开', 'Publish')}
              </Button>
            ) : null}
          </Space>
        </div>
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [detail, doc === null, doc?.kind === 'project' ? doc.projectName.raw : doc?.title, dirty, errorCount, busy, baseline, baselineDoc, changed, canEdit, canPublish, lang, me, calendar]);

  if (error) return <Alert type="error" title={error} action={<Button onClick={() => navigate('/tables')}>{tr('返回列表', 'Back to the list')}</Button>} />;
  if (!detail || !doc) return <Spin style={{ margin: 80 }} />;

  const submitBlocked = counts.error > 0;
  const addComment = () => {
    if (!selectedKey || !commentText.trim()) return;
    const m = /^ind:([^:]+):(.+)$/.exec(selectedKey);
    const c: FieldComment = m ? { field: m[2]!, indicatorId: m[1]!, comment: commentText.trim() } : { field: selectedKey, comment: commentText.trim() };
    setDraftComments((l) => [...l, c]);
    setCommentText('');
  };

  return (
    <div className="form-page" data-testid="form-page" data-version={detail.version} data-status={detail.status}>
      {toolbar}
      <StageGateBanner calendar={calendar} stage={detail.stage} />
      {canEdit && submitBlocked ? (
        <div className="submit-why no-print" data-testid="submit-why">
          {tr(`还有 ${counts.error} 个错误，修正后才能提交（警告不影响提交）。`, `${counts.error} errors remain; fix them before you submit (warnings do not block).`)}
        </div>
      ) : null}
      {localDraft && canEdit ? (
        <Alert
          className="no-print"
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="local-draft"
          title={tr(
            `有 ${fmtTime(localDraft.savedAt, lang)} 未保存的修改（基于版本 ${localDraft.version}${localDraft.version !== detail.version ? `，服务器已是版本 ${detail.version}` : ''}）。`,
            `There are unsaved edits from ${fmtTime(localDraft.savedAt, lang)} (on version ${localDraft.version}${localDraft.version !== detail.version ? `; the server has version ${detail.version}` : ''}).`,
          )}
          action={
            <Space>
              <Button
                size="small"
                type="primary"
                data-testid="local-draft-restore"
                onClick={() => {
                  const restored = localDraft.version === detail.version ? localDraft.doc : mergeMine(localDraft.base, localDraft.doc, detail.document).table;
                  setDoc(restored);
                  setLocalDraft(null);
                }}
              >
                {tr('恢复', 'Restore')}
              </Button>
              <Button
                size="small"
                data-testid="local-draft-discard"
                onClick={() => {
                  clearDraft(detail.id);
                  setLocalDraft(null);
                }}
              >
                {tr('丢弃', 'Discard')}
              </Button>
            </Space>
          }
        />
      ) : null}
      <div className="form-body">
        <div className="form-main">
          <TableEditor
            table={doc}
            onChange={canEdit ? onChange : undefined}
            readOnly={readOnly}
            onFocusLater={onFocusLater}
            notes={notes}
            ctx={{ marks, comments, changed, selectedKey: canReview ? selectedKey : undefined, onSelectCell: canReview ? setSelectedKey : undefined }}
          />
        </div>
        <aside className="form-side no-print">
          {canReview ? (
            <section className="review-panel" data-testid="review-panel">
              <h3>{tr('审核', 'Review')}</h3>
              <div className="small muted">{tr('点选表中的单元格，对该字段填写意见。', 'Click a cell in the table to comment on that field.')}</div>
              <div className="selected-field" data-testid="selected-field">
                {selectedKey ? msg(fieldLabel(doc, selectedKey)) : tr('（未选择字段）', '(no field selected)')}
              </div>
              <Input.TextArea rows={2} value={commentText} onChange={(e) => setCommentText(e.target.value)} placeholder={tr('对所选字段的意见', 'Comment on the selected field')} data-testid="field-comment" />
              <Button size="small" onClick={addComment} disabled={!selectedKey || !commentText.trim()} style={{ marginTop: 6 }} data-testid="add-comment">
                {tr('添加字段意见', 'Add field comment')}
              </Button>
              {draftComments.length ? (
                <ul className="comment-list">
                  {draftComments.map((c, i) => (
                    <li key={i}>
                      <button type="button" className="link-btn" onClick={() => focusCell(commentKey(c))}>
                        {msg(fieldLabel(doc, commentKey(c)))}
                      </button>
                      ：{c.comment}
                      <button type="button" className="link-btn danger" onClick={() => setDraftComments((l) => l.filter((_, k) => k !== i))}>
                        ✕
                      </button>
                    </li>
                  ))}
                </ul>
              ) : null}
              <Input.TextArea rows={2} value={overall} onChange={(e) => setOverall(e.target.value)} placeholder={tr('总体审核意见', 'Overall comment')} style={{ marginTop: 8 }} data-testid="overall-comment" />
              <Space style={{ marginTop: 8 }}>
                <Button type="primary" onClick={() => void act('approve')} loading={busy === 'approve'} disabled={detail.status === 'finance_approved'} data-testid="approve">
                  {tr('审核通过', 'Approve')}
                </Button>
                <Tooltip title={!overall.trim() && !draftComments.length ? tr('退回须填写意见', 'Say why you return it') : ''}>
                  <Button danger onClick={() => void act('return')} loading={busy === 'return'} disabled={!overall.trim() && !draftComments.length} data-testid="return">
                    {tr('退回修改', 'Return')}
                  </Button>
                </Tooltip>
              </Space>
            </section>
          ) : null}
          {returned && detail.status === 'draft' ? (
            <section className="returned-panel" data-testid="returned-panel">
              <h3>
                {tr('审核意见（已退回）', 'Review comments (returned)')} <span className="small muted">{fmtTime(returned.createdAt, lang)}</span>
              </h3>
              {returned.actorName ? (
                <div className="small muted">
                  {returned.actorName} {returned.actorRole ? msg(ROLE_LABEL[returned.actorRole]) : ''}
                </div>
              ) : null}
              {returned.comment ? <p className="overall">{returned.comment}</p> : null}
              <ul className="comment-list">
                {returned.fieldComments.map((c, i) => (
                  <li key={i}>
                    <button type="button" className="link-btn" onClick={() => focusCell(commentKey(c))} data-testid="returned-comment">
                      {msg(fieldLabel(doc, commentKey(c)))}
                    </button>
                    ：{c.comment}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {deptFindings.length ? (
            <section className="dept-findings" data-testid="dept-findings">
              <h3>{tr('部门层面检查（本部门各表之间）', 'Department-level checks (across the department’s tables)')}</h3>
              <ul className="comment-list">
                {deptFindings.map((f, i) => (
                  <li key={i} className={`finding-${f.severity}`}>
                    <i className={`sev-dot sev-${f.severity}`} />
                    {msg(f.message)}
                  </li>
                ))}
              </ul>
              <div className="small muted">{tr('按已保存的版本检查', 'Checked on the saved versions')}</div>
            </section>
          ) : null}
          {!readOnly && doc.kind !== 'self-eval' ? <SuggestionPanel table={doc} onInsert={onSuggest} onLibrary={setLibrary} /> : null}
          <FindingsPanel table={doc} findings={findings} readOnly={readOnly} onFix={onFix} onFixAll={onFixAll} onSuggest={onSuggest} />
        </aside>
      </div>
      <Modal
        open={!!conflict}
        title={tr('保存冲突：他人已先保存了新版本', 'Save conflict: someone saved a newer version first')}
        onCancel={() => setConflict(null)}
        width={820}
        footer={null}
        data-testid="conflict-dialog"
      >
        {conflict ? (
          <div className="conflict" data-testid="conflict">
            <p>
              {tr(
                `您编辑的是版本 ${detail.version}，服务器上已是版本 ${conflict.theirs.version}（${fmtTime(conflict.theirs.updatedAt, lang)}）。您的修改尚未保存。`,
                `You edited version ${detail.version}; the server now has version ${conflict.theirs.version} (${fmtTime(conflict.theirs.updatedAt, lang)}). Your changes are not saved yet.`,
              )}
            </p>
            <div className="conflict-cols">
              <div>
                <h4>{tr('他们的修改', 'Their changes')}</h4>
                <DiffList diffs={conflict.theirChanges} />
              </div>
              <div>
                <h4>{tr('我的修改', 'My changes')}</h4>
                <DiffList diffs={conflict.myChanges} />
              </div>
            </div>
            <Space wrap style={{ marginTop: 12 }}>
              <Button
                type="primary"
                data-testid="conflict-merge"
                onClick={() => {
                  const r = mergeMine(conflict.base, conflict.mine, conflict.theirs.document);
                  setDetail(conflict.theirs);
                  setBase(conflict.theirs.document);
                  setDoc(r.table);
                  setConflict(null);
                  void message.info(
                    r.overlaps.length
                      ? tr(`已在最新版本上重新应用我的修改；${r.overlaps.length} 处双方都改过，已保留我的内容。请检查后保存。`, `Re-applied my changes on the latest version; ${r.overlaps.length} fields both changed keep mine. Check and save.`)
                      : tr('已在最新版本上重新应用我的修改，请检查后保存。', 'Re-applied my changes on the latest version; check and save.'),
                  );
                }}
              >
                {tr('在最新版本上保留我的修改', 'Keep my changes on the latest version')}
              </Button>
              <Button
                data-testid="conflict-reload"
                onClick={() => {
                  clearDraft(detail.id);
                  setDetail(conflict.theirs);
                  setDoc(conflict.theirs.document);
                  setBase(conflict.theirs.document);
                  setConflict(null);
                }}
              >
                {tr('载入最新版本（放弃我的修改）', 'Load the latest (discard mine)')}
              </Button>
              <Button
                data-testid="conflict-copy"
                onClick={async () => {
                  const text = conflict.myChanges.map((d) => `${msg(d.label)}: ${d.from} → ${d.to}`).join('\n');
                  try {
                    await navigator.clipboard.writeText(text);
                    void message.success(tr('我的修改已复制到剪贴板', 'My changes are on the clipboard'));
                  } catch {
                    Modal.info({ title: tr('我的修改', 'My changes'), content: <pre className="copy-box">{text}</pre>, width: 700 });
                  }
                }}
              >
                {tr('复制我的修改', 'Copy my changes')}
              </Button>
            </Space>
          </div>
        ) : null}
      </Modal>
    </div>
  );
}

export function DiffList({ diffs }: { diffs: FieldDiff[] }) {
  const { tr, msg } = useI18n();
  if (!diffs.length) return <div className="muted">{tr('无', 'None')}</div>;
  return (
    <table className="diff-list">
      <tbody>
        {diffs.map((d, i) => (
          <tr key={i} className={`op-${d.op}`}>
            <td className="dl">{msg(d.label)}</td>
            <td className="from">{d.from || '—'}</td>
            <td className="arrow">→</td>
            <td className="to">{d.to || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
