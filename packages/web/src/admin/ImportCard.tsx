/**
 * Importing a list: choose a file, see what each row would do (a preview, nothing stored), then
 * confirm. Every row of the file has its own line: done, or why not.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Space, Table, Tag } from 'antd';
import { ApiError } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import type { ImportReply, RowResult } from './api.ts';
import { actionName } from './action-names.ts';

const SUMMARY: Record<string, [string, string]> = {
  rows: ['行数', 'rows'],
  created: ['新增', 'created'],
  updated: ['更新', 'updated'],
  changed: ['变更', 'changed'],
  unchanged: ['无变化', 'unchanged'],
  failed: ['失败', 'failed'],
  typesAdded: ['新增项目类型', 'types added'],
};

export function ImportCard({ title, hint, testId, run, onDone, extraColumns = [], footer }: {
  title: string;
  hint: string;
  testId: string;
  run: (file: File, dryRun: boolean) => Promise<ImportReply>;
  onDone: () => void;
  extraColumns?: Array<{ title: string; render: (r: RowResult) => React.ReactNode }>;
  /** Shown under the results of a real (not preview) import, e.g. the temporary passwords' download. */
  footer?: (reply: ImportReply) => React.ReactNode;
}) {
  const { tr, msg } = useI18n();
  const { modal } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [reply, setReply] = useState<ImportReply | null>(null);
  const [busy, setBusy] = useState(false);
  const go = async (f: File, dryRun: boolean) => {
    setBusy(true);
    try {
      const r = await run(f, dryRun);
      setReply(r);
      if (!dryRun) onDone();
    } catch (e) {
      modal.error({ title: tr('无法读取文件', 'The file could not be read'), content: e instanceof ApiError ? msg(e.bilingual) : String(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={title} data-testid={testId} style={{ marginBottom: 16 }}>
      <p className="muted">{hint}</p>
      <Space wrap>
        <input
          type="file"
          accept=".xlsx,.xls,.csv,.tsv,.txt,.html"
          data-testid={`${testId}-file`}
          onChange={(e) => {
            const f = e.target.files?.[0] ?? null;
            setFile(f);
            setReply(null);
            if (f) void go(f, true);
          }}
        />
        {reply?.dryRun && file ? (
          <Button type="primary" loading={busy} onClick={() => void go(file, false)} data-testid={`${testId}-confirm`}>
            {tr(`确认导入（${reply.results.filter((r) => r.success).length} 行）`, `Import (${reply.results.filter((r) => r.success).length} rows)`)}
          </Button>
        ) : null}
      </Space>
      {reply ? (
        <div style={{ marginTop: 12 }} data-testid={`${testId}-results`} data-dry-run={reply.dryRun ? '1' : '0'}>
          <Alert
            type={reply.summary.failed ? 'warning' : 'success'}
            showIcon
            title={
              (reply.dryRun ? tr('预览（尚未保存）：', 'Preview (nothing saved yet): ') : tr('已导入：', 'Imported: ')) +
              Object.entries(reply.summary)
                .map(([k, v]) => `${SUMMARY[k] ? tr(SUMMARY[k][0], SUMMARY[k][1]) : k} ${v}`)
                .join(' · ')
            }
            style={{ marginBottom: 8 }}
          />
          <Table<RowResult>
            size="small"
            rowKey={(r) => `${r.row}-${r.key}`}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            dataSource={reply.results}
            columns={[
              { title: tr('行', 'Row'), dataIndex: 'row', width: 60 },
              { title: tr('编码', 'Key'), dataIndex: 'key', width: 200 },
              { title: tr('处理', 'Action'), render: (_, r) => (r.success ? <Tag color={r.action === 'unchanged' ? 'default' : 'blue'}>{r.action.split('+').map((a) => msg(actionName(a))).join(tr('、', ' + '))}</Tag> : <Tag color="red">{tr('失败', 'failed')}</Tag>), width: 130 },
              ...extraColumns.map((c) => ({ title: c.title, render: (_: unknown, r: RowResult) => c.render(r) })),
              { title: tr('说明', 'Message'), render: (_, r) => (r.error ? <span className="error-text">{msg(r.error.message)}</span> : r.note ? msg(r.note) : '') },
            ]}
          />
          {!reply.dryRun && footer ? footer(reply) : null}
        </div>
      ) : null}
    </Card>
  );
}
