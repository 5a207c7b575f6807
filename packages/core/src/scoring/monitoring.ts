/**
 * Mid-year monitoring (运行监控, domain.md §5): against the approved targets, the unit reports
 * budget execution to date and, per indicator, what was achieved so far, the expected full-year
 * value, the cause of any deviation, the likelihood of meeting the target and a corrective
 * measure. Warning lights are computed here.
 *
 * One deliberate difference from the vendor rule in domain.md: a target is pro-rated by month
 * only when its unit adds up over the year (次, 人, 万元 …). A rate such as 合格率 ≥95% is not
 * 95/12×7 in July; it is compared as it stands (`prorateUnits: 'additive'`).
 */
import { formatWan } from '../money/money.ts';
import type { AmountField, TargetTable, TextField } from '../model/target-table.ts';
import type { Finding } from '../rules/finding.ts';
import { monitoringParams, type DeepPartial, type MonitoringParams } from './scoring-params.ts';
import { parseGrade } from './self-evaluation.ts';
import { actualFinding, directionOf, meetsTarget, readActual } from './target-comparison.ts';

export type Light = 'red' | 'yellow' | 'green' | 'blue';
export const LIGHT_ZH: Record<Light, string> = { red: '红灯', yellow: '黄灯', green: '绿灯', blue: '蓝灯' };

export const DEVIATION_CAUSES = ['经费保障', '制度保障', '人员保障', '硬件条件保障', '其他'] as const;
export type DeviationCause = (typeof DEVIATION_CAUSES)[number];
export const LIKELIHOODS = ['确定能', '有可能', '完全不可能'] as const;
export type Likelihood = (typeof LIKELIHOODS)[number];

export interface IndicatorProgress {
  indicatorId: string;
  /** 绩效指标完成情况 (so far). */
  achieved: TextField;
  /** 全年预计完成情况. */
  expectedFullYear?: TextField;
  deviationCause?: DeviationCause;
  likelihood?: Likelihood;
  /** 纠偏措施. */
  measure?: TextField;
}

export interface MonitoringReport {
  /** The last month covered (e.g. 7 for 1–7月). */
  month: number;
  execution: { adjustedBudget: AmountField; executed: AmountField; expectedFullYear?: AmountField };
  indicators: IndicatorProgress[];
}

export interface IndicatorLight {
  indicatorId: string;
  light: Light | null;
  /** Progress in % where it applies. */
  progress?: number;
}

export interface MonitoringResult {
  execution: { rate: number | null; progress: number | null; light: Light | null };
  indicators: IndicatorLight[];
  /** The worst light of the indicators and the execution. */
  overall: Light | null;
  findings: Finding[];
}

const SEVERITY_ORDER: Light[] = ['red', 'yellow', 'blue', 'green'];

/** Worst light first: red, yellow, blue (over-performance, possibly a target set too low), green. */
export function worstLight(lights: Array<Light | null>): Light | null {
  for (const l of SEVERITY_ORDER) if (lights.includes(l)) return l;
  return null;
}

const ADDITIVE = /^(个|次|人|人次|家|项|件|场|篇|份|套|台|辆|户|亩|万亩|公里|座|所|期|批|元|千元|万元|亿元|吨|公斤|单|起)$/;
const round1 = (n: number) => Math.round(n * 10) / 10;

export function evaluateMonitoring(target: TargetTable, report: MonitoringReport, over?: DeepPartial<MonitoringParams>): MonitoringResult {
  const p = monitoringParams(over);
  const findings: Finding[] = [];
  const month = Math.min(12, Math.max(1, Math.round(report.month)));
  const byId = new Map(report.indicators.map((x) => [x.indicatorId, x]));

  const adj = report.execution.adjustedBudget.fen;
  const exe = report.execution.executed.fen;
  let execution: MonitoringResult['execution'] = { rate: null, progress: null, light: null };
  if (adj !== null && exe !== null && adj > 0) {
    const rate = (exe / adj) * 100;
    const progress = (rate / ((month / 12) * 100)) * 100;
    const light: Light = progress < p.execution.red ? 'red' : progress < p.execution.yellow ? 'yellow' : 'green';
    execution = { rate: round1(rate), progress: round1(progress), light };
    if (light !== 'green') {
      findings.push({
        code: 'monitor.execution-behind',
        severity: 'warning',
        message: {
          zh: `预算执行 ${formatWan(exe)} / ${formatWan(adj)} 万元（${round1(rate)}%），为时序进度的 ${round1(progress)}%，${light === 'red' ? '严重' : ''}滞后`,
          en: `Execution ${round1(rate)}% is ${round1(progress)}% of the time-based schedule (${light})`,
        },
        location: { section: 'execution', field: 'execution.executed' },
      });
    }
  } else {
    findings.push({ code: 'monitor.execution-missing', severity: 'error', message: { zh: '请填写调整后预算和执行数', en: 'Fill in the adjusted budget and the amount executed' }, location: { section: 'execution', field: 'execution' } });
  }

  const lights: IndicatorLight[] = [];
  target.indicators.forEach((ind, idx) => {
    if (!ind.name.raw.trim()) return;
    const row = idx + 1;
    const prog = byId.get(ind.id);
    const raw = prog?.achieved.raw.trim() ?? '';
    const loc = { section: 'indicators' as const, indicatorId: ind.id, row };
    if (!raw) {
      lights.push({ indicatorId: ind.id, light: null });
      findings.push({ code: 'monitor.achieved-missing', severity: 'error', message: { zh: `第${row}行“${ind.name.raw}”没有填写完成情况`, en: `Row ${row} "${ind.name.raw}" has no progress` }, location: { ...loc, field: 'achieved' } });
      return;
    }
    const t = ind.value;
    let light: Light | null = null;
    let progress: number | undefined;
    if (t.quantitative && t.number !== null && t.operator) {
      const reading = readActual(t, raw, ind.name.raw);
      const note = actualFinding(reading, t, raw, { prefix: 'monitor', field: 'achieved', label: '完成情况', row, indicatorId: ind.id, name: ind.name.raw });
      if (note) findings.push(note);
      if (reading.kind === 'measured') {
        const target = Number(t.number);
        const actual = reading.value;
        if (directionOf(t.operator, target) === '反向') {
          // ≤, ＜ and ＝0: met or not, the same comparison the self-evaluation scores with.
          light = meetsTarget(t.operator, target, actual) ? 'green' : 'red';
        } else {
          const prorate = p.prorateUnits === 'all' || (t.unit !== null && ADDITIVE.test(t.unit));
          const due = prorate ? (target / 12) * month : target;
          progress = due > 0 ? round1((actual / due) * 100) : meetsTarget(t.operator, target, actual) ? 100 : 0;
          light = progress < p.indicator.red ? 'red' : progress < p.indicator.yellow ? 'yellow' : progress >= p.indicator.blue ? 'blue' : 'green';
        }
      }
    } else {
      const g = parseGrade(raw);
      light = g === '达成' ? 'green' : g === '部分达成' ? 'yellow' : g === '未达成' ? 'red' : null;
      if (!g) findings.push({ code: 'monitor.grade-invalid', severity: 'error', message: { zh: `第${row}行是定性指标，完成情况应填“达成”“部分达成”或“未达成”`, en: `Row ${row} is qualitative: enter 达成, 部分达成 or 未达成` }, location: { ...loc, field: 'achieved' } });
    }
    lights.push({ indicatorId: ind.id, light, ...(progress !== undefined && Number.isFinite(progress) ? { progress } : {}) });
    if (light === 'red' || light === 'yellow') {
      if (!prog?.deviationCause) findings.push({ code: 'monitor.cause-missing', severity: 'error', message: { zh: `第${row}行“${ind.name.raw}”为${LIGHT_ZH[light]}，须选择偏差原因（${DEVIATION_CAUSES.join('、')}）`, en: `Row ${row} is ${light}: choose a deviation cause` }, location: { ...loc, field: 'deviationCause' } });
      if (!prog?.likelihood) findings.push({ code: 'monitor.likelihood-missing', severity: 'error', message: { zh: `第${row}行“${ind.name.raw}”为${LIGHT_ZH[light]}，须选择完成目标可能性（${LIKELIHOODS.join('、')}）`, en: `Row ${row} is ${light}: choose the likelihood of meeting the target` }, location: { ...loc, field: 'likelihood' } });
      if (!prog?.measure?.raw.trim()) findings.push({ code: 'monitor.measure-missing', severity: 'error', message: { zh: `第${row}行“${ind.name.raw}”为${LIGHT_ZH[light]}，须填写纠偏措施`, en: `Row ${row} is ${light}: describe the corrective measure` }, location: { ...loc, field: 'measure' } });
    }
    if (prog?.likelihood === '完全不可能' && !prog.measure?.raw.trim() && light !== 'red' && light !== 'yellow') {
      findings.push({ code: 'monitor.measure-missing', severity: 'error', message: { zh: `第${row}行“${ind.name.raw}”预计完全不可能完成，须填写纠偏措施`, en: `Row ${row} is not expected to be met: describe the corrective measure` }, location: { ...loc, field: 'measure' } });
    }
  });

  return { execution, indicators: lights, overall: worstLight([execution.light, ...lights.map((l) => l.light)]), findings };
}
