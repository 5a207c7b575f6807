/**
 * The form page's export menu: the official table as Excel, Word or PDF, the findings report,
 * and the exchange format — each made by the server from the saved version (so what is sent
 * out is what was saved, reviewed and audited).
 */
import { App, Button, Dropdown, Space } from 'antd';
import { DownOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { ApiError } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { download, type TableFormat } from './download.ts';

export function ExportMenu({ tableId, version, dirty, publicView }: { tableId: string; version: number; dirty: boolean; publicView?: boolean }) {
  const { tr, msg } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const base = publicView ? `/api/public/tables/${encodeURIComponent(tableId)}` : `/api/tables/${encodeURIComponent(tableId)}`;
  const run = async (url: string) => {
    if (dirty) void message.warning(tr(`导出的是已保存的第 ${version} 版；未保存的修改不在其中，请先保存。`, `This exports saved version ${version}; save first to include your unsaved edits.`));
    setBusy(true);
    try {
      await download(url, `table-${tableId}`);
    } catch (e) {
      void message.error(e instanceof ApiError ? msg(e.bilingual) : String(e));
    } finally {
      setBusy(false);
    }
  };
  const fmt = (f: TableFormat) => () => void run(`${base}/export?format=${f}`);
  const items = [
    { key: 'docx', label: tr('Word（.docx，用于公开）', 'Word (.docx, for disclosure)'), onClick: fmt('docx'), 'data-testid': 'export-docx' },
    { key: 'pdf', label: tr('PDF（A4 横向）', 'PDF (A4 landscape)'), onClick: fmt('pdf'), 'data-testid': 'export-pdf' },
    ...(publicView ? [] : [{ key: 'findings', label: tr('检查意见表（.xlsx）', 'Findings report (.xlsx)'), onClick: () => void run(`${base}/findings-report`), 'data-testid': 'export-findings' }]),
    { type: 'divider' as const },
    { key: 'exchange', label: tr('交换格式 JSON', 'Exchange JSON'), onClick: fmt('exchange') },
    { key: 'csv', label: tr('交换格式 CSV（一个文件）', 'Exchange CSV (one file)'), onClick: fmt('csv') },
  ];
  return (
    <Space.Compact>
      <Button loading={busy} onClick={fmt('xlsx')} data-testid="export-xlsx">
        {tr('导出 Excel', 'Export .xlsx')}
      </Button>
      <Dropdown menu={{ items }} trigger={['click']}>
        <Button icon={<DownOutlined />} aria-label={tr('更多导出格式', 'More export formats')} data-testid="export-more" />
      </Dropdown>
    </Space.Compact>
  );
}
