/** Print view: the official layout on A4 landscape, nothing else on the page. */
import { useEffect, useMemo, useState } from 'react';
import { printedForm } from '@jixiao/core';
import { Alert, Button, Spin } from 'antd';
import { api, ApiError, type TableDetail } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { TableEditor } from '../form/TableEditor.tsx';
import { ExportMenu } from '../export/ExportMenu.tsx';

/** The table as every export prints it: amounts from their 分 with two decimals (`13` → `13.00`), core's printedForm. */
export function PrintSheet({ detail }: { detail: Pick<TableDetail, 'document'> }) {
  const table = useMemo(() => printedForm(detail.document), [detail.document]);
  return <TableEditor table={table} readOnly titleLevel={1} ctx={{ marks: new Map(), comments: new Map(), changed: new Set(), plain: true }} />;
}

export default function PrintPage({ id, publicView }: { id: string; publicView?: boolean }) {
  const { tr, msg } = useI18n();
  const [detail, setDetail] = useState<TableDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    (publicView ? api.publicTable(id) : api.table(id)).then(setDetail, (e) => setError(e instanceof ApiError ? msg(e.bilingual) : String(e)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);
  useEffect(() => {
    document.body.classList.add('print-mode');
    return () => document.body.classList.remove('print-mode');
  }, []);
  if (error) return <Alert type="error" title={error} />;
  if (!detail) return <Spin />;
  return (
    <div className="print-page" data-testid="print-page">
      <div className="print-bar no-print">
        <Button
          type="primary"
          onClick={() => {
            if (!publicView) api.exported(id, 'print', detail.version).catch(() => undefined);
            window.print();
          }}
        >
          {tr('打印（A4 横向）', 'Print (A4 landscape)')}
        </Button>
        <ExportMenu tableId={id} version={detail.version} dirty={false} publicView={publicView ?? false} />
        <Button onClick={() => history.back()}>{tr('返回', 'Back')}</Button>
      </div>
      <PrintSheet detail={detail} />
    </div>
  );
}
