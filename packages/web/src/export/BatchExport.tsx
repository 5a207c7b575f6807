/**
 * 批量导出: every table in view (year, and the stage and department filters) in one file — a
 * workbook with a sheet per table, one Word document or PDF, a zip of files, the exchange
 * format or the findings report. The server runs it as a job; the dialog shows its progress and
 * saves the file when it is ready.
 */
import { Alert, App, Button, Modal, Progress, Select, Space } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { download, exportsApi, type BatchFormat, type ExportJob } from './download.ts';

export function BatchExport({ year, stage, org }: { year?: number | undefined; stage?: string | undefined; org?: string | undefined }) {
  const { tr, msg } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<BatchFormat>('xlsx');
  const [job, setJob] = useState<ExportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const formats: Array<{ value: BatchFormat; label: string }> = [
    { value: 'xlsx', label: tr('Excel 工作簿（每表一个工作表，含目录）', 'Excel workbook (a sheet per table, with an index)') },
    { value: 'docx', label: tr('Word 文档（每表一页）', 'Word document (a table per page)') },
    { value: 'pdf', label: tr('PDF（每表一页，A4 横向）', 'PDF (a table per page, A4 landscape)') },
    { value: 'zip-xlsx', label: tr('压缩包：每表一个 Excel 文件', 'Zip: an Excel file per table') },
    { value: 'zip-docx', label: tr('压缩包：每表一个 Word 文件', 'Zip: a Word file per table') },
    { value: 'zip-pdf', label: tr('压缩包：每表一个 PDF 文件', 'Zip: a PDF per table') },
    { value: 'findings', label: tr('检查意见表（.xlsx）', 'Findings report (.xlsx)') },
    { value: 'exchange', label: tr('交换格式 JSON', 'Exchange JSON') },
    { value: 'csv', label: tr('交换格式 CSV（一个文件）', 'Exchange CSV (one file)') },
    { value: 'exchange-csv', label: tr('交换格式 CSV（tables.csv + indicators.csv）', 'Exchange CSV (tables.csv + indicators.csv)') },
  ];

  const poll = (id: string) => {
    timer.current = setTimeout(async () => {
      try {
        const j = await exportsApi.job(id);
        setJob(j);
        if (j.phase === 'done' && j.file) await download(j.file.url, j.file.name);
        else if (j.phase === 'failed') setError(msg(j.error ? { zh: j.error.zh, en: j.error.en } : { zh: '导出失败', en: 'The export failed' }));
        else poll(id);
      } catch (e) {
        setError(e instanceof ApiError ? msg(e.bilingual) : String(e));
      }
    }, 400);
  };

  const start = async () => {
    if (!year) return;
    setError(null);
    setJob(null);
    try {
      const j = await exportsApi.start({ year, format, ...(stage ? { stage } : {}), ...(org ? { org } : {}) });
      setJob(j);
      poll(j.id);
    } catch (e) {
      setError(e instanceof ApiError ? msg(e.bilingual) : String(e));
    }
  };

  const running = job !== null && job.phase !== 'done' && job.phase !== 'failed';
  const percent = job ? Math.round((job.done / Math.max(1, job.total)) * 100) : 0;
  return (
    <>
      <Button
        onClick={() => (year ? setOpen(true) : void message.info(tr('请先选择年度', 'Choose a year first')))}
        data-testid="batch-export"
      >
        {tr('批量导出', 'Export all')}
      </Button>
      <Modal
        open={open}
        title={tr(`批量导出 ${year ?? ''} 年的目标表`, `Export the ${year ?? ''} tables`)}
        onCancel={() => setOpen(false)}
        footer={
          <Space>
            <Button onClick={() => setOpen(false)}>{tr('关闭', 'Close')}</Button>
            {job?.phase === 'done' && job.file ? (
              <Button onClick={() => void download(job.file!.url, job.file!.name)} data-testid="batch-download">
                {tr('再次下载', 'Download again')}
              </Button>
            ) : null}
            <Button type="primary" loading={running} onClick={() => void start()} data-testid="batch-start">
              {tr('开始导出', 'Export')}
            </Button>
          </Space>
        }
      >
        <p>{tr('导出您可以查看的、符合当前年度、阶段和部门筛选条件的全部目标表（当前版本）。', 'Exports every table you may read that matches the year, stage and department in view (current versions).')}</p>
        <Select style={{ width: '100%' }} value={format} onChange={setFormat} options={formats} data-testid="batch-format" aria-label={tr('格式', 'Format')} />
        {job ? (
          <div style={{ marginTop: 16 }} data-testid="batch-progress" data-phase={job.phase}>
            <Progress percent={percent} status={job.phase === 'failed' ? 'exception' : job.phase === 'done' ? 'success' : 'active'} />
            <div>
              {job.phase === 'done'
                ? tr(`已完成：${job.total} 张表，${job.file?.name ?? ''}`, `Done: ${job.total} tables, ${job.file?.name ?? ''}`)
                : job.phase === 'packing'
                  ? tr('正在打包…', 'Packing…')
                  : tr(`正在生成 ${job.done}/${job.total}`, `Rendering ${job.done}/${job.total}`)}
            </div>
          </div>
        ) : null}
        {error ? <Alert style={{ marginTop: 16 }} type="error" title={error} data-testid="batch-error" /> : null}
      </Modal>
    </>
  );
}
