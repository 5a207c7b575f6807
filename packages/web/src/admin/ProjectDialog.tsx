/**
 * 新增 / 修改 one project of the library by hand (POST /api/projects, PATCH /api/projects/:id):
 * its unit, code, name, 项目类型 from the dictionary, 项目等级, 实施期限 and amounts in 万元
 * (read as exact 分 by core's parseMoney, never a float).
 */
import { useEffect } from 'react';
import { Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { formatWan, parseMoney } from '@jixiao/core';
import { useI18n } from '../app/i18n.tsx';
import type { AdminOrg, Project, ProjectInput } from './api.ts';

interface Values {
  orgId: string;
  code: string;
  name: string;
  typeCode: string;
  level: 1 | 2 | 0;
  startYear?: number | null;
  endYear?: number | null;
  total?: string;
  current?: string;
}

const fen = (raw: string | undefined): number | null => {
  if (!raw?.trim()) return null;
  return parseMoney(raw.trim())?.fen ?? null;
};

export function ProjectDialog({ open, project, orgs, types, year, onSave, onClose }: {
  open: boolean;
  /** null: a new project. */
  project: Project | null;
  orgs: AdminOrg[];
  types: Array<{ code: string; name: string; active: boolean }>;
  year: number;
  onSave: (input: ProjectInput) => Promise<boolean>;
  onClose: () => void;
}) {
  const { tr } = useI18n();
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (project) {
      form.setFieldsValue({
        orgId: project.orgId,
        code: project.code,
        name: project.name,
        typeCode: project.typeCode,
        level: project.level === 1 || project.level === 2 ? project.level : 0,
        startYear: project.startYear,
        endYear: project.endYear,
        total: project.totalAmountFen === null ? '' : formatWan(project.totalAmountFen),
        current: project.currentAmountFen === null ? '' : formatWan(project.currentAmountFen),
      });
    } else form.setFieldsValue({ level: 2, startYear: year, endYear: year });
  }, [open, project, form, year]);
  const money = (label: string) => ({
    validator: (_: unknown, v: string | undefined) => (!v?.trim() || fen(v) !== null ? Promise.resolve() : Promise.reject(new Error(tr(`${label}应为数字（万元），如 12.5`, `${label}: a number in 万元, e.g. 12.5`)))),
  });
  const submit = async () => {
    const v = await form.validateFields();
    const t = types.find((x) => x.code === v.typeCode);
    const ok = await onSave({
      orgId: v.orgId,
      code: v.code.trim(),
      name: v.name.trim(),
      typeCode: v.typeCode,
      ...(t ? { typeName: t.name } : {}),
      level: v.level === 0 ? null : v.level,
      startYear: v.startYear ?? null,
      endYear: v.endYear ?? null,
      totalAmountFen: fen(v.total),
      currentAmountFen: fen(v.current),
    });
    if (ok) onClose();
  };
  return (
    <Modal
      open={open}
      title={project ? tr(`修改项目：${project.code}`, `Edit project ${project.code}`) : tr(`新增 ${year} 年度项目`, `Add a ${year} project`)}
      okText={tr('保存', 'Save')}
      cancelText={tr('取消', 'Cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'project-dialog-ok' } as never}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" data-testid="project-dialog">
        <Form.Item name="orgId" label={tr('用款单位', 'Unit')} rules={[{ required: true, message: tr('请选择用款单位', 'Choose the unit') }]}>
          <Select showSearch optionFilterProp="label" data-testid="project-org" options={orgs.filter((o) => o.active && o.kind !== 'finance').map((o) => ({ value: o.id, label: `${o.code} ${o.name}` }))} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="code" label={tr('项目编码', 'Project code')} rules={[{ required: true, message: tr('请填写项目编码', 'Give the code') }]}>
            <Input style={{ width: 220 }} data-testid="project-code" />
          </Form.Item>
          <Form.Item name="name" label={tr('项目名称', 'Project name')} rules={[{ required: true, message: tr('请填写项目名称', 'Give the name') }]}>
            <Input style={{ width: 340 }} data-testid="project-name" />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="typeCode" label={tr('项目类型', 'Project type')} rules={[{ required: true, message: tr('请选择项目类型（先在“项目类型字典”中添加）', 'Choose a type (add it to the dictionary first)') }]}>
            <Select style={{ width: 300 }} showSearch optionFilterProp="label" data-testid="project-type" options={types.filter((t) => t.active || t.code === project?.typeCode).map((t) => ({ value: t.code, label: `${t.code}-${t.name}` }))} />
          </Form.Item>
          <Form.Item name="level" label={tr('项目等级', 'Level')}>
            <Select style={{ width: 120 }} data-testid="project-level" options={[{ value: 1, label: tr('一级项目', 'level 1') }, { value: 2, label: tr('二级项目', 'level 2') }, { value: 0, label: tr('未定', 'not set') }]} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="startYear" label={tr('起始年度', 'Start year')}>
            <InputNumber min={1990} max={2200} data-testid="project-start" />
          </Form.Item>
          <Form.Item name="endYear" label={tr('到期年度', 'End year')}>
            <InputNumber min={1990} max={2200} data-testid="project-end" />
          </Form.Item>
          <Form.Item name="total" label={tr('总金额（万元）', 'Total (万元)')} rules={[money(tr('总金额', 'Total'))]}>
            <Input style={{ width: 130 }} data-testid="project-total" />
          </Form.Item>
          <Form.Item name="current" label={tr('当年度金额（万元）', 'This year (万元)')} rules={[money(tr('当年度金额', 'This year'))]}>
            <Input style={{ width: 130 }} data-testid="project-current" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
