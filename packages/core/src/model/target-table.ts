/**
 * The two 预算绩效目标表 (and the self-evaluation table) as data. Every field keeps the raw text
 * the user filed next to its normalised value, and where it came from (CellRef) when imported.
 * Types are plain JSON-serialisable objects: the same object is stored by the server, edited by
 * the web form and checked by the rules.
 */
import type { CellRef } from '../import/cell-grid.ts';
import type { IndicatorValue } from '../value/indicator-value.ts';
import type { Level1Name, Level2Name } from '../framework/indicator-framework.ts';

export type TableKind = 'dept-overall' | 'project' | 'self-eval';

/** A text field as filed. */
export interface TextField {
  raw: string;
  source?: CellRef;
  /** The text as it stands in the file when the importer changed it (traditional characters converted, injected pinyin dropped). */
  original?: string;
}

/** A "code-name" field such as `144-遂溪县科工贸和信息化局` or `331-部门预算部门职能类`. */
export interface CodeNameField extends TextField {
  code?: string;
  name: string;
}

/** An amount in the table's unit (万元 unless the table says otherwise). */
export interface AmountField extends TextField {
  /** Exact integer 分; null when the text is empty or not an amount. */
  fen: number | null;
}

/** A year such as 起始年度 2025. */
export interface YearField extends TextField {
  year: number | null;
}

export interface IndicatorLevel {
  /** The text as filed, e.g. `经济效益` + `指标`, `社会公众或服务对象满意度指标`. */
  raw: string;
  /** The node in the current framework this maps to; undefined when it cannot be placed. */
  name?: Level1Name | Level2Name;
  /** The filed label was a legacy (pre-2021) label mapped to the current tree. */
  legacy?: boolean;
  /** Not filed: the importer placed the indicator by the keywords of its name (tables with no 一级/二级 columns). */
  classified?: boolean;
  source?: CellRef;
}

/**
 * One 三级 indicator row. For a department table `value` is the 指标值. For a project table
 * `value` is the 当年度指标值 and `periodValue` the 实施周期指标值.
 */
export interface Indicator {
  /** Stable id within the table (the web grid and review comments use it). */
  id: string;
  level1: IndicatorLevel & { name?: Level1Name };
  level2: IndicatorLevel & { name?: Level2Name };
  name: TextField;
  value: IndicatorValue;
  periodValue?: IndicatorValue;
  /** Optional columns seen in other layouts. */
  /** 指标性质 / 计算符号 column as filed (the parse is in `value.operator`). */
  operatorColumn?: TextField;
  /** 度量单位 / 计量单位 column as filed (the parse is in `value.unit`). */
  unitColumn?: TextField;
  /** 指标值类型 (定量/定性) as filed. */
  valueType?: TextField;
  /** 指标值说明 / 指标解释. */
  explanation?: TextField;
  weight?: TextField;
  direction?: TextField;
  standard?: TextField;
  note?: TextField;
  /** Self-evaluation columns. */
  actual?: TextField;
  score?: TextField;
  deviationReason?: TextField;
  source?: CellRef;
}

export interface KeyTask {
  name: TextField;
  content: TextField;
  amount: AmountField;
  expected: TextField;
  source?: CellRef;
}

export interface FundLine {
  name: TextField;
  amount: AmountField;
}

/** How the importer found a header field of the form: read, left blank on the form, or present but not read. */
export type FormFieldState = 'filled' | 'empty' | 'unread';

/**
 * The form an imported table was filled on: where it is from, its budget year, and which header
 * fields and indicator columns it has. The checker judges a table by its own form: the rule set
 * of its region and year (`--rules auto`), and only the fields the form has (core/src/form).
 */
export interface TableForm {
  /** Province (as the standard writes it, e.g. 广东省) and the most specific place named, with the text that said so. */
  region?: { province: string; place?: string; evidence: string[] };
  year?: number;
  /** Header fields whose label is on the form (vocabulary names: projectName, period, totalAmount …), with how each was read. */
  fields: Record<string, FormFieldState>;
  /** Indicator columns the form has (level1, level2, name, value, periodValue, operator, unit, weight, actual, score …). */
  columns: string[];
}

interface TableBase {
  kind: TableKind;
  /** The table's title as published, e.g. 2026年县级项目支出绩效目标表. */
  title: string;
  /** Budget year, from the title or the stage. */
  year?: number;
  /** Footnotes (备注) as published. */
  notes: string[];
  indicators: Indicator[];
  /** Where the table starts in its source. */
  source?: CellRef;
  /** The form the table was filled on, as the importer recognised it (absent for tables filed in the app). */
  form?: TableForm;
  /** Header fields the model has no place for (立项依据, 部门职能职责概述, 联系人 …), kept as filed by the importer. */
  extraFields?: Array<{ label: TextField; value: TextField }>;
}

export interface DeptOverallTable extends TableBase {
  kind: 'dept-overall';
  deptName: TextField;
  /** 部门编码 where the layout carries it. */
  deptCode?: TextField;
  staffCount: TextField & { count: number | null };
  subUnitCount: TextField & { count: number | null };
  funds: {
    basic: AmountField;
    project: AmountField;
    /** 事业发展性支出: its sub-lines (e.g. 其他事业发展性支出 13). */
    development: FundLine[];
    /** 收入来源. */
    fiscal: AmountField;
    other: AmountField;
  };
  overallGoal: TextField;
  keyTasks: KeyTask[];
  otherTasks: TextField;
}

export interface ProjectTable extends TableBase {
  kind: 'project';
  projectName: TextField;
  projectCode?: TextField;
  projectType: CodeNameField;
  projectLevel: TextField;
  department: CodeNameField;
  unit: CodeNameField;
  period: { start: YearField; end: YearField };
  totalAmount: AmountField;
  currentAmount: AmountField;
  /** 其中：财政拨款 / 其他资金, where the layout carries them. */
  fiscalAmount?: AmountField;
  otherAmount?: AmountField;
  overview: TextField;
  periodGoal: TextField;
  annualGoal: TextField;
}

/** Budget-execution block of a self-evaluation table. */
export interface ExecutionLine {
  name: TextField;
  initialBudget: AmountField;
  adjustedBudget: AmountField;
  executed: AmountField;
  rate: TextField;
  weight: TextField;
  score: TextField;
}

export interface SelfEvalTable extends TableBase {
  kind: 'self-eval';
  projectName: TextField;
  /** The code in front of the project name (`51000021R000000019951-工资性支出`), where there is one. */
  projectCode?: TextField;
  department: CodeNameField;
  unit: CodeNameField;
  annualGoal: TextField;
  goalOutcome: TextField;
  execution: ExecutionLine[];
  conclusion: TextField;
  problems: TextField;
  measures: TextField;
}

export type TargetTable = DeptOverallTable | ProjectTable | SelfEvalTable;
