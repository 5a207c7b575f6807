/** What an import row or a history entry did, Chinese first (the API's action words: create, rename, …). */
import type { Bi } from './api.ts';

const ACTIONS: Record<string, Bi> = {
  create: { zh: '新增', en: 'create' },
  derive: { zh: '由上一阶段生成', en: 'from the earlier stage' },
  rename: { zh: '改名', en: 'rename' },
  recode: { zh: '改编码', en: 'recode' },
  move: { zh: '调整', en: 'move' },
  update: { zh: '更新', en: 'update' },
  deactivate: { zh: '停用', en: 'deactivate' },
  reactivate: { zh: '启用', en: 'reactivate' },
  unchanged: { zh: '无变化', en: 'unchanged' },
  none: { zh: '未处理', en: 'none' },
};

export const actionName = (a: string): Bi => ACTIONS[a] ?? { zh: a, en: a };
