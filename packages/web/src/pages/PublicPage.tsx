/** Public pages: the published tables of a region and year, readable without signing in. */
import { useEffect, useState } from 'react';
import { Alert, Button, Empty, InputNumber, Select, Space, Spin } from 'antd';
import { api, ApiError, openDataUrl, type TableDetail, type TableSummary } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { Link, navigate } from '../app/router.tsx';
import { KindText, tableLabel } from './common.tsx';
import { PrintSheet } from './PrintPage.tsx';

const FALLBACK_REGIONS = [{ code: '440823', name: '遂溪县' }];

export default function PublicPage({ parts }: { parts: string[] }) {
  const { tr, msg } = useI18n();
  // #/public/:region/:year  or  #/public/table/:id
  if (parts[1] === 'table' && parts[2]) return <PublicTable id={parts[2]} />;
  const region = parts[1] ?? FALLBACK_REGIONS[0]!.code;
  const year = Number(parts[2] ?? new Date().getFullYear() + 1);
  return <PublicList region={region} year={year} tr={tr} msg={msg} />;
}

function PublicList({ region, year, tr, msg }: { region: string; year: number; tr: (a: string, b: string) => string; msg: (m: { zh: string; en: string }) => string }) {
  const [list, setList] = useState<TableSummary[] | null>(null);
  const [regions, setRegions] = useState(FALLBACK_REGIONS);
  useEffect(() => {
    api.publicRegions().then((r) => r.length && setRegions(r), () => undefined);
  }, []);
  const [years, setYears] = useState<Array<{ year: number; tables: number }>>([]);
  useEffect(() => {
    api.openDataYears(region).then((r) => setYears(r.items), () => setYears([]));
  }, [region]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setList(null);
    setError(null);
    api.publicTables(region, year).then(setList, (e) => setError(e instanceof ApiError ? msg(e.bilingual) : String(e)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [region, year]);
  const regionName = regions.find((r) => r.code === region)?.name ?? region;
  return (
    <div className="page public" data-testid="public-page">
      <h1 className="page-title">
        {tr(`${regionName} ${year} 年预算绩效目标公开`, `${regionName} ${year} published performance targets`)}
      </h1>
      <Space className="filters">
        <Select value={region} style={{ width: 160 }} onChange={(r) => navigate(`/public/${r}/${year}`)} options={regions.map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` }))} aria-label={tr('地区', 'Region')} />
        <InputNumber value={year} min={2000} max={2100} onChange={(y) => y && navigate(`/public/${region}/${y}`)} aria-label={tr('年度', 'Year')} />
        {years.length ? (
          <span className="small muted" data-testid="public-years">
            {tr('已公开年度：', 'Published years: ')}
            {years.map((y) => (
              <Link key={y.year} to={`/public/${region}/${y.year}`}>
                {`${y.year}（${y.tables}）`}{' '}
              </Link>
            ))}
          </span>
        ) : null}
      </Space>
      <div className="open-data small" data-testid="open-data">
        {tr('公开数据下载（每行一个指标，含所属表的关键字段）：', 'Open data (one row per indicator, with its table’s keys): ')}
        <a href={openDataUrl(region, year, 'csv')} download data-testid="open-data-csv">
          CSV
        </a>
        {' · '}
        <a href={openDataUrl(region, year, 'json')} target="_blank" rel="noreferrer" data-testid="open-data-json">
          JSON
        </a>
      </div>
      {error ? <Alert type="error" title={error} /> : null}
      {!list && !error ? <Spin /> : null}
      {list && list.length === 0 ? <Empty description={tr('暂无已公开的绩效目标表', 'No published tables yet')} /> : null}
      {list && list.length ? (
        <ul className="plain-list bordered">
          {list.map((t) => (
            <li key={t.id}>
              <Link to={`/public/table/${t.id}`} data-testid="public-link">
                {tableLabel(t)}
              </Link>{' '}
              <span className="muted">
                <KindText kind={t.kind} /> · {t.orgName ?? ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function PublicTable({ id }: { id: string }) {
  const { tr, msg } = useI18n();
  const [detail, setDetail] = useState<TableDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.publicTable(id).then(setDetail, (e) => setError(e instanceof ApiError ? msg(e.bilingual) : String(e)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);
  if (error) return <Alert type="error" title={error} />;
  if (!detail) return <Spin />;
  return (
    <div className="page public" data-testid="public-table">
      <div className="public-bar no-print">
        <button type="button" className="link-btn" onClick={() => history.back()}>
          ← {tr('返回', 'Back')}
        </button>
        <Space>
          <span className="muted small">{tr(`${detail.orgName ?? ''} · ${detail.year} 年 · 已公开`, `${detail.orgName ?? ''} · ${detail.year} · published`)}</span>
          <Button onClick={() => window.print()}>{tr('打印', 'Print')}</Button>
        </Space>
      </div>
      <PrintSheet detail={detail} />
    </div>
  );
}
