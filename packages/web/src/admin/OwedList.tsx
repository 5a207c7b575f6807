/** What is owed in a stage: each project that needs its own table and each department table, with the table or the gap. */
import { Table, Tag } from 'antd';
import { useI18n } from '../app/i18n.tsx';
import { Link } from '../app/router.tsx';
import type { OwedItem } from './api.ts';

const STATUS: Record<string, { zh: string; en: string; color: string }> = {
  draft: { zh: '草稿', en: 'draft', color: 'default' },
  submitted: { zh: '已提交', en: 'submitted', color: 'blue' },
  dept_approved: { zh: '主管部门已审', en: 'dept approved', color: 'cyan' },
  finance_approved: { zh: '财政已审', en: 'finance approved', color: 'green' },
  published: { zh: '已公开', en: 'published', color: 'purple' },
};

export function OwedList({ items, testId = 'owed-list' }: { items: OwedItem[]; testId?: string }) {
  const { tr, msg } = useI18n();
  return (
    <Table<OwedItem>
      size="small"
      data-testid={testId}
      rowKey={(i) => `${i.kind}-${i.org.id}-${i.project?.id ?? ''}`}
      pagination={{ pageSize: 30, hideOnSinglePage: true }}
      dataSource={items}
      rowClassName={() => 'owed-row'}
      columns={[
        { title: tr('主管部门', 'Department'), render: (_, i) => `${i.dept.code} ${i.dept.name}`, width: 220 },
        { title: tr('单位', 'Unit'), render: (_, i) => `${i.org.code} ${i.org.name}`, width: 220 },
        {
          title: tr('应报目标表', 'Table owed'),
          render: (_, i) =>
            i.kind === 'dept-overall' ? (
              tr('部门整体绩效目标表', 'Department-wide table')
            ) : (
              <span data-testid="owed-project" data-code={i.project?.code}>
                {i.project?.name} <span className="muted">{i.project?.code}</span>
              </span>
            ),
        },
        { title: tr('依据', 'Why'), render: (_, i) => (i.needed === null ? <Tag color="orange">{msg(i.reason)}</Tag> : <span className="muted">{msg(i.reason)}</span>), width: 220 },
        {
          title: tr('状态', 'Status'),
          width: 170,
          render: (_, i) => (
            <>
              {i.table ? (
                i.table.id ? (
                  <Link to={`/tables/${i.table.id}`}>
                    <Tag color={STATUS[i.table.status]?.color}>{msg(STATUS[i.table.status] ?? { zh: i.table.status, en: i.table.status })}</Tag>
                  </Link>
                ) : (
                  <Tag color={STATUS[i.table.status]?.color}>{msg(STATUS[i.table.status] ?? { zh: i.table.status, en: i.table.status })}</Tag>
                )
              ) : (
                <Tag color="red">{tr('未建表', 'missing')}</Tag>
              )}
              {i.overdue ? <Tag color="red">{tr('逾期', 'overdue')}</Tag> : null}
            </>
          ),
        },
      ]}
    />
  );
}
