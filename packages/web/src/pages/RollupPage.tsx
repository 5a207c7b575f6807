/**
 * Roll-ups: per round, the warning lights (monitoring) or grades and mean scores
 * (self-evaluation) per 主管部门 and for the region, and the projects worst first. Each person
 * sees their own scope: a unit its projects, a department its units, the finance bureau all.
 */
import { useEffect, useState } from 'react';
import { Alert, Card, Select, Space, Spin, Table, Tag } from 'antd';
import { ApiError } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { Link, navigate } from '../app/router.tsx';
import { evaluationApi, KIND_NAME, LIGHT_LABEL, type RoundRollup } from '../evaluation/api.ts';
import { DueTag, LightDot } from '../evaluation/components.tsx';

function LightCounts({ f }: { f: RoundRollup['region'] }) {
  const { msg, tr } = useI18n();
  return (
    <Space size={4} wrap>
      {(['red', 'yellow', 'blue', 'green'] as const).map((l) => (
        <Tag key={l} color={f.lights[l] ? LIGHT_LABEL[l].color : undefined} data-testid={`count-${l}`}>
          {msg(LIGHT_LABEL[l])} {f.lights[l]}
        </Tag>
      ))}
      <span className="small muted">{tr(`已报 ${f.filed} / ${f.reports}`, `${f.filed} of ${f.reports} filed`)}</span>
    </Space>
  );
}

function Grades({ f }: { f: RoundRollup['region'] }) {
  const { tr } = useI18n();
  return (
    <Space size={4} wrap>
      {(['优', '良', '中', '差'] as const).map((g) => (
        <Tag key={g}>
          {g} {f.grades[g]}
        </Tag>
      ))}
      <span className="small">{tr(`平均 ${f.meanScore ?? '—'} 分`, `mean ${f.meanScore ?? '—'}`)}</span>
      <span className="small muted">{tr(`已报 ${f.filed} / ${f.reports}`, `${f.filed} of ${f.reports} filed`)}</span>
    </Space>
  );
}

export default function RollupPage({ roundId }: { roundId?: string | null }) {
  const { tr, msg } = useI18n();
  const [rounds, setRounds] = useState<RoundRollup[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    evaluationApi.rollup({}).then(setRounds, (e) => setError(e instanceof ApiError ? msg(e.bilingual) : String(e)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  if (error) return <Alert type="error" title={error} />;
  if (!rounds) return <Spin />;
  if (!rounds.length) return <Alert type="info" title={tr('还没有监控或自评批次', 'No rounds yet')} />;
  const cur = rounds.find((r) => r.round.id === roundId) ?? rounds[0]!;
  const mon = cur.round.kind === 'monitoring';
  return (
    <div className="page" data-testid="rollup-page">
      <h1 className="page-title">
        {tr('监控预警与自评汇总', 'Lights and grades')}{' '}
        <Select
          value={cur.round.id}
          style={{ minWidth: 280 }}
          onChange={(v) => navigate(`/rollup?round=${v}`, true)}
          options={rounds.map((r) => ({ value: r.round.id, label: `${r.round.title}（${msg(KIND_NAME[r.round.kind])}）` }))}
          data-testid="rollup-round"
        />
      </h1>
      <Card size="small" title={tr('全区', 'Region')} style={{ marginBottom: 12 }} data-testid="rollup-region">
        <Space>
          {mon ? <LightDot light={cur.region.light} testId="region-light" /> : null}
          {mon ? <LightCounts f={cur.region} /> : <Grades f={cur.region} />}
        </Space>
      </Card>
      <Card size="small" title={tr('按主管部门', 'By department')} style={{ marginBottom: 12 }}>
        <Table
          size="small"
          rowKey="deptId"
          pagination={false}
          data-testid="rollup-departments"
          dataSource={cur.departments}
          columns={[
            { title: tr('主管部门', 'Department'), dataIndex: 'deptName' },
            ...(mon ? [{ title: tr('部门预警', 'Light'), render: (_: unknown, d: RoundRollup['departments'][number]) => <LightDot light={d.light} testId="dept-light" /> }] : []),
            { title: mon ? tr('灯数', 'Lights') : tr('等级与得分', 'Grades and score'), render: (_, d) => (mon ? <LightCounts f={d} /> : <Grades f={d} />) },
          ]}
        />
      </Card>
      <Card size="small" title={mon ? tr('项目（红灯在前）', 'Projects (red first)') : tr('项目（低分在前）', 'Projects (lowest first)')}>
        <Table
          size="small"
          rowKey="tableId"
          pagination={cur.projects.length > 50 ? { pageSize: 50 } : false}
          data-testid="rollup-projects"
          dataSource={cur.projects}
          columns={[
            { title: tr('项目', 'Project'), render: (_, p) => (p.reportId ? <Link to={`/reports/${p.reportId}`}>{p.name}</Link> : p.name) },
            { title: tr('单位', 'Unit'), render: (_, p) => <span className="small">{p.orgName}<div className="muted">{p.deptName}</div></span> },
            { title: mon ? tr('预警', 'Light') : tr('得分 / 等级', 'Score / grade'), render: (_, p) => (mon ? <LightDot light={p.light} /> : p.total != null ? `${p.total} · ${p.grade}` : '—') },
            { title: tr('报送', 'Filing'), render: (_, p) => <DueTag due={p.due as 'done'} /> },
          ]}
        />
      </Card>
    </div>
  );
}
