/**
 * Which projects of the project library (项目库) must file their own 项目支出绩效目标表. This is a
 * rule of the rule set (`projectTables` in core/rulesets/*.json), not code: the Guangdong 2026
 * tables' note 5 reads "基建类二级项目、信息化新建类二级项目、部门职能类二级项目、事业发展性支出一级、
 * 二级项目单独编报本表"; another province writes its own clauses.
 */
import type { ProjectTableRule, ProjectTableClause } from '../rules/rule-set.ts';

/** A project of the library as the rule needs it. */
export interface LibraryProject {
  code: string;
  name: string;
  typeCode: string;
  typeName: string;
  /** 项目等级: 1 一级, 2 二级, null when the export does not say. */
  level: 1 | 2 | null;
}

export interface ProjectTableDecision {
  /** true: must file; false: need not; null: cannot tell (the 项目等级 is missing and decides it). */
  needed: boolean | null;
  /** The clause that decided it, when one did. */
  clause?: string;
  reason: { zh: string; en: string };
}

const LEVEL_ZH = (l: number) => (l === 1 ? '一级' : '二级');

function typeMatches(c: ProjectTableClause, p: LibraryProject): boolean {
  const byCode = c.typeCodePrefixes?.some((pre) => p.typeCode.startsWith(pre)) ?? false;
  const byName = c.typeNameIncludes?.some((word) => p.typeName.includes(word)) ?? false;
  // A clause that names no type covers every type.
  if (!c.typeCodePrefixes?.length && !c.typeNameIncludes?.length) return true;
  return byCode || byName;
}

/** Decides for one project; the first clause whose type and level match wins. */
export function projectNeedsTable(project: LibraryProject, rule: ProjectTableRule | undefined): ProjectTableDecision {
  if (!rule || rule.clauses.length === 0) {
    return { needed: false, reason: { zh: '规则集未规定哪些项目须单独编报', en: 'The rule set does not say which projects need their own table' } };
  }
  let levelUnknownClause: ProjectTableClause | undefined;
  for (const c of rule.clauses) {
    if (!typeMatches(c, project)) continue;
    const levels = c.levels ?? [1, 2];
    if (project.level === null) {
      if (levels.includes(1) && levels.includes(2)) return { needed: true, clause: c.id, reason: { zh: `属于${c.label.zh}`, en: `It is one of: ${c.label.en}` } };
      levelUnknownClause ??= c;
      continue;
    }
    if (levels.includes(project.level)) {
      return { needed: true, clause: c.id, reason: { zh: `属于${c.label.zh}`, en: `It is one of: ${c.label.en}` } };
    }
  }
  if (levelUnknownClause) {
    return {
      needed: null,
      clause: levelUnknownClause.id,
      reason: {
        zh: `项目类型属于“${levelUnknownClause.label.zh}”，但未填项目等级，无法判断是否须单独编报`,
        en: `The type falls under "${levelUnknownClause.label.en}" but the project level is missing, so whether it needs a table cannot be decided`,
      },
    };
  }
  const lvl = project.level === null ? '' : LEVEL_ZH(project.level);
  return {
    needed: false,
    reason: {
      zh: `${project.typeCode ? `${project.typeCode}-` : ''}${project.typeName || '（未填类型）'}${lvl ? ` ${lvl}项目` : ''}不在须单独编报的范围内`,
      en: `Type ${project.typeCode || '?'} ${project.typeName || '(none)'}${project.level ? ` at level ${project.level}` : ''} is not among the projects that need their own table`,
    },
  };
}
