/** Print view of a report: the 绩效自评表 or the 绩效运行监控表 in its official layout, A4, nothing else on the page. */
import { useEffect, useState } from 'react';
import { Alert, Button, Spin } from 'antd';
import { monitoringLayout, officialLayout, selfEvalTableOf, type MonitoringDocument, type SelfEvaluationDocument } from '@jixiao/core';
import { ApiError } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { evaluationApi, type ReportDetail } from '../evaluation/api.ts';
import { LayoutSheet } from '../evaluation/components.tsx';

export default function ReportPrintPage({ id }: { id: string }) {
  const { tr, msg } = useI18n();
  const [detail, setDetail] = useState<ReportDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    evaluationApi.report(id).then(setDetail, (e) => setError(e instanceof ApiError ? msg(e.bilingual) : String(e)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);
  useEffect(() => {
    document.body.classList.add('print-mode');
    return () => document.body.classList.remove('print-mode');
  }, []);
  if (error) return <Alert type="error" title={error} />;
  if (!detail) return <Spin />;
  const se = detail.evaluation.selfEvaluation;
  const mon = detail.evaluation.monitoring;
  const layout =
    detail.document.kind === 'self-evaluation' && se
      ? officialLayout(selfEvalTableOf(detail.document as SelfEvaluationDocument, se))
      : mon
        ? monitoringLayout(detail.document as MonitoringDocument, mon)
        : null;
  if (!layout) return <Alert type="error" title={tr('无法生成打印格式', 'Cannot lay this report out')} />;
  return (
    <div className="print-page" data-testid="report-print-page">
      <div className="print-bar no-print">
        <Button type="primary" onClick={() => window.print()}>
          {tr('打印', 'Print')}
        </Button>
        <Button href={evaluationApi.xlsxUrl(id)}>{tr('下载 .xlsx', 'Download .xlsx')}</Button>
        <Button href={evaluationApi.docxUrl(id)}>{tr('下载 .docx', 'Download .docx')}</Button>
        <Button href={evaluationApi.pdfUrl(id)}>{tr('下载 PDF', 'Download PDF')}</Button>
        <Button onClick={() => history.back()}>{tr('返回', 'Back')}</Button>
      </div>
      <LayoutSheet layout={layout} />
    </div>
  );
}
