/** 项目库: the year's projects (imported from the budget system or typed in), which need their own table, and creating those tables. */
import { useWorkYear } from './work-year.ts';
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, InputNumber, Select, Space, Table, Tag, Tooltip } from 'antd';
import { formatWan, STAGES } from '@jixiao/core';
import { ApiError, type Stage } from '../app/api.ts';
import { useI18n } from '../app/i18n.tsx';
import { adminApi, STAGE_NAME, type AdminOrg, type Owed, type Project, type ProjectInput, type YearView } from './api.ts';
import { ProjectDialog } from './ProjectDialog.tsx';
import { ProjectTypesCard } from './ProjectTypesCard.tsx';
import { stageGateOf } from '../pages/stage-gate.tsx';
import { ImportCard } from './ImportCard.tsx';
import { OwedList } from './OwedList.tsx';

export function ProjectsTab() {
  const { tr, msg } = useI18n();
  const { modal, message } = App.useApp();
  const [year, setYear] = useWorkYear();
  const [stage, setStage] = useState<Stage>('second');
  const [projects, setProjects] = useState<Project[]>([]);
  const [types, setTypes] = useState<Array<{ code: string; name: string; active: boolean }>>([]);
  const [owed, setOwed] = useState<Owed | null>(null);
  const [orgs, setOrgs] = useState<AdminOrg[]>([]);
  const [calendar, setCalendar] = useState<YearView | null>(null);
  // The project being edited in the dialog: null = a new one; undefined = closed.
  const [editing, setEditing] = useState<Project | null | undefined>(undefined);
  const load = useCallback(async () => {
    const [p, t, o, g, c] = await Promise.all([adminApi.projects(year), adminApi.types(), adminApi.owed(year, stage), adminApi.orgs(), adminApi.year(year)]);
    setProjects(p);
    setTypes(t);
    setOwed(o);
    setOrgs(g);
    setCalendar(c);
  }, [year, stage]);
  const gate = stageGateOf(calendar, stage);
  const saveProject = async (input: ProjectInput): Promise<boolean> => {
    try {
      if (editing) await adminApi.patchProject(editing.id, input);
      else await adminApi.createProject(year, input);
      message.success(editing ? tr('已修改项目', 'Project changed') : tr(`已新增项目：${input.name}`, `Project added: ${input.name}`));
      await load();
      return true;
    } catch (e) {
      modal.error({ title: tr('未能保存', 'Not saved'), content: e instanceof ApiError ? msg(e.bilingual) : String(e) });
      return false;
    }
  };
  const removeProject = (p: Project) =>
    modal.confirm({
      title: tr(`移出项目库：${p.name}？`, `Take ${p.name} out of the library?`),
      content: tr('已生成的目标表保留；该项目不再列为应报。', 'Tables already made stay; the project is no longer owed.'),
      onOk: async () => {
        try {
          await adminApi.patchProject(p.id, { removed: true });
          await load();
        } catch (e) {
          modal.error({ title: tr('未能移出', 'Not removed'), content: e instanceof ApiError ? msg(e.bilingual) : String(e) });
        }
      },
    });
  useEffect(() => void load(), [load]);
  const generate = async () => {
    try {
      const r = await adminApi.generate(year, stage);
      const failed = r.results.filter((x) => !x.success);
      const noFiler = r.deptsWithoutFiler ?? [];
      modal.info({
        title: tr(`已生成 ${r.created} 张预填的目标表`, `${r.created} pre-filled tables created`),
        content: (
          <div data-testid="generate-result">
            {failed.length ? (
              <ul>
                {failed.map((f) => (
                  <li key={`${f.row}-${f.key}`}>{`${f.key}：${f.error ? msg(f.error.message) : ''}`}</li>
                ))}
              </ul>
            ) : (
              <p>{tr('各单位、各主管部门的填报人现在可在“应报”中看到并填写。', 'The filers of each unit and department now see them under 应报 (Owed).')}</p>
            )}
            {noFiler.length ? (
              <Alert
                type="warning"
                showIcon
                data-testid="depts-without-filer"
                title={tr('以下主管部门还没有自己的填报人，无法填报部门整体绩效目标表：', 'These departments have no filer of their own, so nobody can file their department-wide table:')}
                description={
                  <>
                    <p>{noFiler.map((d) => `${d.code} ${d.name}`).join('、')}</p>
                    <p>{tr('请在“人员”中为每个主管部门新增一个填报人账号（单位选该主管部门）。', 'Add a filer account at each of these departments under 人员 (People).')}</p>
                  </>
                }
              />
            ) : null}
          </div>
        ),
      });
      await load();
    } catch (e) {
      modal.error({ title: tr('未能生成', 'Not created'), content: e instanceof ApiError ? msg(e.bilingual) : String(e) });
    }
  };
  const missing = owed?.items.filter((i) => i.kind === 'project' && i.needed === true && !i.table).length ?? 0;
  const missingDept = owed?.items.filter((i) => i.kind === 'dept-overall' && !i.table).length ?? 0;
  return (
    <div data-testid="admin-projects">
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <span>{tr('年度', 'Year')}</span>
          <InputNumber min={2000} max={2200} value={year} onChange={(v) => v && setYear(v)} data-testid="projects-year" />
          <span>{tr('阶段', 'Stage')}</span>
          <Select value={stage} onChange={setStage} options={STAGES.map((s) => ({ value: s, label: msg(STAGE_NAME[s]) }))} data-testid="projects-stage" />
          <span className="muted">{owed ? tr(`规则集：${owed.ruleSet}`, `Rule set: ${owed.ruleSet}`) : ''}</span>
        </Space>
      </Card>
      <ImportCard
        title={tr('导入预算系统导出的项目清单', 'Import the budget system’s project export')}
        hint={tr('Excel 或 CSV：项目编码、项目名称、单位编码（或“144001-单位名称”）、项目类型（“331-部门预算部门职能类”）、项目等级、实施期限、总金额、当年度金额（万元，表头写“元”则按元）。', 'Excel or CSV: project code, name, unit code, 项目类型, 项目等级, 实施期限, 总金额, 当年度金额 (万元 unless the header says 元).')}
        testId="project-import"
        run={(f, d) => adminApi.importProjects(f, year, d)}
        onDone={() => void load()}
        extraColumns={[{ title: tr('须单独编报', 'Own table'), render: (r) => (r.needsTable === true ? <Tag color="red">{tr('是', 'yes')}</Tag> : r.needsTable === null ? <Tag color="orange">{tr('待定', 'undecided')}</Tag> : r.success ? <Tag>{tr('否', 'no')}</Tag> : '') }]}
      />
      <Card
        size="small"
        title={tr(`应报目标表（${owed ? msg(STAGE_NAME[stage]) : ''}）`, `Tables owed (${owed ? msg(STAGE_NAME[stage]) : ''})`)}
        extra={
          <Tooltip title={gate.open ? '' : gate.reason ? msg(gate.reason) : ''}>
            <Button type="primary" disabled={missing + missingDept === 0 || !gate.open} onClick={() => void generate()} data-testid="generate-tables">
              {tr(`为 ${missing} 个项目、${missingDept} 个部门生成目标表`, `Create the tables of ${missing} projects and ${missingDept} departments`)}
            </Button>
          </Tooltip>
        }
        style={{ marginBottom: 16 }}
      >
        {!gate.open && gate.reason ? <Alert type="warning" showIcon style={{ marginBottom: 8 }} data-testid="generate-why" title={msg(gate.reason)} /> : null}
        <OwedList items={owed?.items ?? []} testId="admin-owed" />
      </Card>
      <Card
        size="small"
        title={tr(`项目库（${projects.length}）`, `Project library (${projects.length})`)}
        style={{ marginBottom: 16 }}
        extra={<Button onClick={() => setEditing(null)} data-testid="project-add">{tr('新增项目', 'Add a project')}</Button>}
      >
        <Table<Project>
          size="small"
          rowKey="id"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={projects}
          data-testid="project-list"
          columns={[
            { title: tr('单位', 'Unit'), render: (_, p) => `${p.orgCode ?? ''} ${p.orgName ?? ''}`, width: 200 },
            { title: tr('项目编码', 'Code'), dataIndex: 'code', width: 160 },
            { title: tr('项目名称', 'Name'), dataIndex: 'name' },
            { title: tr('项目类型', 'Type'), render: (_, p) => `${p.typeCode}-${p.typeName}`, width: 180 },
            { title: tr('等级', 'Level'), render: (_, p) => (p.level === 1 ? '一级' : p.level === 2 ? '二级' : '—'), width: 60 },
            { title: tr('实施期限', 'Period'), render: (_, p) => (p.startYear ? `${p.startYear}–${p.endYear ?? ''}` : ''), width: 100 },
            { title: tr('当年度（万元）', 'This year (万元)'), render: (_, p) => (p.currentAmountFen === null ? '' : formatWan(p.currentAmountFen)), width: 110, align: 'right' },
            { title: tr('须单独编报', 'Own table'), width: 110, render: (_, p) => (p.needsTable === true ? <Tag color="red" title={p.reason ? msg(p.reason) : ''}>{tr('是', 'yes')}</Tag> : p.needsTable === null ? <Tag color="orange" title={p.reason ? msg(p.reason) : ''}>{tr('待定', 'undecided')}</Tag> : <Tag title={p.reason ? msg(p.reason) : ''}>{tr('否', 'no')}</Tag>) },
            {
              title: tr('操作', 'Actions'),
              width: 130,
              render: (_, p) => (
                <Space size="small">
                  <Button size="small" onClick={() => setEditing(p)} data-testid={`project-edit-${p.code}`}>{tr('修改', 'Edit')}</Button>
                  <Button size="small" danger onClick={() => removeProject(p)}>{tr('移出', 'Remove')}</Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <ProjectTypesCard types={types} onChanged={() => void load()} />
      <ProjectDialog open={editing !== undefined} project={editing ?? null} orgs={orgs} types={types} year={year} onSave={saveProject} onClose={() => setEditing(undefined)} />
    </div>
  );
}
