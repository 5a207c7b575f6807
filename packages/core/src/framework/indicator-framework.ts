/**
 * The indicator framework as data: the current (财预〔2021〕101号) tree of 一级 → 二级, and the
 * legacy (88号-era) labels with the node each maps to (domain.md §1.1, §1.3). Names are matched
 * after removing the word "指标", whitespace and line breaks, so `经济效益` + `指标` broken over
 * two lines, `经济效益指标` and `经济效益` all find the same node.
 */

export const LEVEL1_NAMES = ['产出指标', '效益指标', '满意度指标', '成本指标'] as const;
export type Level1Name = (typeof LEVEL1_NAMES)[number];

export const LEVEL2_NAMES = [
  '数量指标',
  '质量指标',
  '时效指标',
  '经济效益指标',
  '社会效益指标',
  '生态效益指标',
  '服务对象满意度指标',
  '经济成本指标',
  '社会成本指标',
  '生态环境成本指标',
] as const;
export type Level2Name = (typeof LEVEL2_NAMES)[number];

export interface FrameworkNode {
  name: Level1Name;
  en: string;
  children: Array<{ name: Level2Name; en: string }>;
}

/** The 2021+ tree, in the order the Guangdong table prints it. */
export const FRAMEWORK_2021: readonly FrameworkNode[] = [
  {
    name: '产出指标',
    en: 'Output',
    children: [
      { name: '数量指标', en: 'Quantity' },
      { name: '质量指标', en: 'Quality' },
      { name: '时效指标', en: 'Timeliness' },
    ],
  },
  {
    name: '效益指标',
    en: 'Benefit',
    children: [
      { name: '经济效益指标', en: 'Economic benefit' },
      { name: '社会效益指标', en: 'Social benefit' },
      { name: '生态效益指标', en: 'Ecological benefit' },
    ],
  },
  {
    name: '满意度指标',
    en: 'Satisfaction',
    children: [{ name: '服务对象满意度指标', en: 'Beneficiary satisfaction' }],
  },
  {
    name: '成本指标',
    en: 'Cost',
    children: [
      { name: '经济成本指标', en: 'Economic cost' },
      { name: '社会成本指标', en: 'Social cost' },
      { name: '生态环境成本指标', en: 'Environmental cost' },
    ],
  },
];

/** A legacy label and where it goes in the current tree (domain.md §1.3). */
export interface LegacyMapping {
  /** Legacy 一级 (or undefined when the 二级 alone identifies it). */
  level1?: string;
  level2?: string;
  to: { level1: Level1Name; level2?: Level2Name };
  /** The mapping is a guess that a person should confirm. */
  ambiguous?: boolean;
  note: { zh: string; en: string };
}

export const LEGACY_MAPPINGS: readonly LegacyMapping[] = [
  {
    level1: '产出指标',
    level2: '成本指标',
    to: { level1: '成本指标', level2: '经济成本指标' },
    note: { zh: '旧框架“产出/成本指标”对应现行“成本指标/经济成本指标”', en: 'Legacy Output/Cost maps to Cost/Economic cost' },
  },
  {
    level1: '投入指标',
    level2: '成本目标',
    to: { level1: '成本指标', level2: '经济成本指标' },
    note: { zh: '旧框架“投入/成本目标”对应现行“成本指标/经济成本指标”', en: 'Legacy Input/Cost maps to Cost/Economic cost' },
  },
  {
    level1: '投入指标',
    level2: '时效目标',
    to: { level1: '产出指标', level2: '时效指标' },
    note: { zh: '旧框架“投入/时效目标”对应现行“产出指标/时效指标”', en: 'Legacy Input/Timeliness maps to Output/Timeliness' },
  },
  {
    level2: '产出进度指标',
    to: { level1: '产出指标', level2: '时效指标' },
    note: { zh: '“产出进度指标”对应现行“时效指标”', en: '"Output progress" maps to Timeliness' },
  },
  {
    level2: '进度指标',
    to: { level1: '产出指标', level2: '时效指标' },
    note: { zh: '“进度指标”对应现行“时效指标”', en: '"Progress" maps to Timeliness' },
  },
  {
    level2: '环境效益指标',
    to: { level1: '效益指标', level2: '生态效益指标' },
    note: { zh: '旧称“环境效益指标”即现行“生态效益指标”', en: 'Legacy "Environmental benefit" is now Ecological benefit' },
  },
  {
    level2: '可持续影响指标',
    to: { level1: '效益指标', level2: '社会效益指标' },
    ambiguous: true,
    note: {
      zh: '“可持续影响指标”在现行框架中已取消，默认归入“社会效益指标”，请人工确认（也可能属经济或生态效益）',
      en: '"Sustainable impact" no longer exists; mapped to Social benefit by default — please confirm (it may be economic or ecological)',
    },
  },
  {
    level1: '投入指标',
    to: { level1: '成本指标' },
    note: {
      zh: '旧框架一级“投入指标”：成本目标归入“成本指标”，时效目标归入“产出指标/时效指标”',
      en: 'Legacy level-1 "Input": its cost targets go under Cost, its timeliness targets under Output/Timeliness',
    },
  },
  {
    level1: '项目完成指标',
    to: { level1: '产出指标' },
    note: { zh: '一级“项目完成指标”（如四川2021年表式）即现行“产出指标”', en: 'Level-1 "Project completion" (e.g. the 2021 Sichuan form) is Output' },
  },
  {
    level1: '项目效益指标',
    to: { level1: '效益指标' },
    note: { zh: '一级“项目效益指标”（如四川2021年表式）即现行“效益指标”', en: 'Level-1 "Project benefit" (e.g. the 2021 Sichuan form) is Benefit' },
  },
  {
    level1: '效果指标',
    to: { level1: '效益指标' },
    note: { zh: '“效果指标”即现行“效益指标”', en: '"Effect" is now Benefit' },
  },
  {
    level2: '社会公众或服务对象满意度指标',
    to: { level1: '满意度指标', level2: '服务对象满意度指标' },
    note: { zh: '旧称“社会公众或服务对象满意度指标”即现行“服务对象满意度指标”', en: 'Legacy satisfaction label maps to Beneficiary satisfaction' },
  },
  {
    level2: '满意度指标',
    to: { level1: '满意度指标', level2: '服务对象满意度指标' },
    note: { zh: '二级“满意度指标”即“服务对象满意度指标”', en: 'Level-2 "Satisfaction" is Beneficiary satisfaction' },
  },
];

/** Removes whitespace, line breaks, brackets with scores such as (50分), and the word 指标/目标. */
export function frameworkKey(label: string): string {
  return label
    .replace(/\s+/g, '')
    .replace(/[（(][^）)]*分[）)]/g, '')
    .replace(/[（(]\s*[长年]期\s*[）)]/g, '')
    // A form's note on the category: 数量指标(必填硬性指标), 经济效益指标(选填).
    .replace(/[（(][^（）()]*(必填|选填|可选|核心)[^（）()]*[）)]/g, '')
    .replace(/^[★☆]+/, '')
    // 产出值 / 数量值: forms that write 值 for 指标 (指标值 itself keys to nothing).
    .replace(/([^标])值$/, '$1')
    .replace(/指标$/, '')
    .replace(/目标$/, '')
    .replace(/指标$/, '');
}

const LEVEL1_BY_KEY = new Map<string, Level1Name>(LEVEL1_NAMES.map((n) => [frameworkKey(n), n]));
const LEVEL2_BY_KEY = new Map<string, Level2Name>(LEVEL2_NAMES.map((n) => [frameworkKey(n), n]));
const PARENT_OF = new Map<Level2Name, Level1Name>(
  FRAMEWORK_2021.flatMap((n) => n.children.map((c) => [c.name, n.name] as const)),
);

export function isLevel1Name(s: string): s is Level1Name {
  return (LEVEL1_NAMES as readonly string[]).includes(s);
}
export function isLevel2Name(s: string): s is Level2Name {
  return (LEVEL2_NAMES as readonly string[]).includes(s);
}

/** The 一级 a current 二级 belongs to. */
export function parentOf(level2: Level2Name): Level1Name {
  return PARENT_OF.get(level2)!;
}

export function level2Allowed(level1: Level1Name, level2: Level2Name): boolean {
  return parentOf(level2) === level1;
}

export function level1En(name: Level1Name): string {
  return FRAMEWORK_2021.find((n) => n.name === name)!.en;
}
export function level2En(name: Level2Name): string {
  for (const n of FRAMEWORK_2021) for (const c of n.children) if (c.name === name) return c.en;
  return name;
}

export interface LabelMatch<N> {
  name: N;
  legacy?: LegacyMapping;
}

/** Finds the current 一级 for a filed label (current or legacy). */
export function matchLevel1(label: string): LabelMatch<Level1Name> | undefined {
  const key = frameworkKey(label);
  if (!key) return undefined;
  const cur = LEVEL1_BY_KEY.get(key);
  if (cur) return { name: cur };
  for (const m of LEGACY_MAPPINGS) {
    if (m.level1 && m.level2 === undefined && frameworkKey(m.level1) === key) return { name: m.to.level1, legacy: m };
  }
  return undefined;
}

/**
 * Finds the current 二级 for a filed label. `level1Label` disambiguates legacy labels such as
 * 成本指标 under 产出 (a 二级 in the old tree, a 一级 in the new one).
 */
export function matchLevel2(label: string, level1Label?: string): LabelMatch<Level2Name> | undefined {
  const key = frameworkKey(label);
  if (!key) return undefined;
  const l1key = level1Label ? frameworkKey(level1Label) : undefined;
  for (const m of LEGACY_MAPPINGS) {
    if (m.level2 && frameworkKey(m.level2) === key && m.level1 && l1key === frameworkKey(m.level1) && m.to.level2) {
      return { name: m.to.level2, legacy: m };
    }
  }
  const cur = LEVEL2_BY_KEY.get(key);
  if (cur) return { name: cur };
  for (const m of LEGACY_MAPPINGS) {
    if (m.level2 && m.level1 === undefined && frameworkKey(m.level2) === key && m.to.level2) {
      return { name: m.to.level2, legacy: m };
    }
  }
  return undefined;
}

/**
 * True when the text is a category name (一级 or 二级, current or legacy) written as such, i.e.
 * ending in 指标/目标 — `质量指标`, `社会成本指标`. A real indicator such as `服务对象满意度`
 * shares words with a category but is not one.
 */
export function isCategoryLabel(text: string): boolean {
  const t = text.replace(/\s+/g, '');
  if (!/(指标|目标)$/.test(t)) return false;
  const key = frameworkKey(t);
  if (!key) return false;
  if (LEVEL1_BY_KEY.has(key) || LEVEL2_BY_KEY.has(key)) return true;
  return LEGACY_MAPPINGS.some(
    (m) => (m.level1 !== undefined && frameworkKey(m.level1) === key) || (m.level2 !== undefined && frameworkKey(m.level2) === key),
  );
}
