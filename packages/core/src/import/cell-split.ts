/**
 * Splits the text of one cell (in text files: one line) that holds several cells of a table,
 * as real published text does:
 *
 * - **spaced**: cells separated by single spaces (text copied from a PDF or a web page):
 *   `项目名称 道路维护 主管部门 交通局`. A single space is also inside cells (`年度本级 预算金额`,
 *   `资金情况 (万元)`, `≥ 95 %`, `绩 效 指 标`), so the pieces are joined back first where they
 *   make one label, one bracket, one value; then the line is split only when the pieces are cells
 *   of a table: labels, category names and values.
 * - **glued**: cells with no separator at all (Word or PDF files flattened by document-sharing
 *   sites): `项目名称镇域内基础设施建设主管部门坝塘镇…一级指标二级指标…`. The text is cut at the
 *   form's labels and the framework's category names, and each piece between them at the value
 *   grammar (an operator and a number, or a number and a unit at the end).
 * - **prose**: indicators written as sentences (`数量指标：种植葡萄>=17600株；成活率>=85%；时效指标：…`):
 *   cut at category names used as headings (followed by `：`), then at `；`/`。` and at the value
 *   of each indicator.
 *
 * Everything here is pure string work over the importer's vocabulary; the recogniser decides
 * what the pieces mean.
 */
import { LEGACY_MAPPINGS, LEVEL1_NAMES, LEVEL2_NAMES, isCategoryLabel } from '../framework/indicator-framework.ts';
import { parseOperatorColumn } from '../value/indicator-value.ts';
import { matchLevel1, matchLevel2 } from './category-cache.ts';
import { COLUMN_SYNONYMS, FIELD_SYNONYMS, OTHER_LABELS, columnKind, fieldOfLabel, isLabel, isTitle, norm } from './vocabulary.ts';

export type PieceKind = 'label' | 'column' | 'cat' | 'value' | 'text';

const ENUM = /^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[.、．](?!\d))\s*/;

/** A category name as a heading: `数量指标`, `经济效益 指标`, `质量指标 (必填)`, `一、产出指标`. */
export function isCategoryText(t: string): boolean {
  const s = t.replace(ENUM, '').replace(/\s+/g, '').replace(/^[★☆*＊]+/, '');
  if (!s) return false;
  if ((LEVEL1_NAMES as readonly string[]).includes(s)) return true;
  const bare = s.replace(/[(（][^()（）]{0,16}[)）]$/, '');
  // 产出值 / 数量值: forms that write 值 for 指标.
  if (/值$/.test(bare)) return isCategoryText(bare.replace(/值$/, '指标'));
  return isCategoryLabel(bare) && Boolean(matchLevel1(bare) || matchLevel2(bare));
}

const OPS = '≥≤＞＜＝≧≦》《><=';
const OP_AT = new RegExp(`^(?:>=|<=|=>|=<|[${OPS}]|大于等于|小于等于|不低于|不少于|不高于|不超过|不大于|不小于)`);
const UNIT = '(?:%|％|‰|个|人次|人|户|亩|万亩|公里|千米|米|平方米|㎡|立方米|株|棵|座|元|万元|亿元|年|个月|月|天|日|次|场|项|件|台|辆|吨|公斤|千克|所|家|处|套|篇|份|期|批|条|册|本|名|间|张|盏|只|头|kg|km|m²|m)';
const NUMBER_UNIT = new RegExp(`^[≥≤＞＜＝≧≦》《><=]*\\s*\\d[\\d.,，]*\\s*${UNIT}?(?:\\s*/\\s*[\\u4e00-\\u9fff]{1,3})?(以上|以下|以内)?$`);
const QUALITATIVE = /^(是|否|有|无|达标|合格|良好|优良|优秀|较好|显著|明显|提高|提升|改善|增加|降低|减少|及时|按时|按期|完成|全部完成|有效|稳定|持续|长期|中性|正向|反向|定性|定量|符合要求|符合标准|基本达到|达到预期|逐步提高|显著提升|明显改善|有所提高|\d{4}年(底|末|\d{1,2}月(底|前)?)?(前)?)$/;

/** What a piece of a line is: a label, an indicator column header, a category, a value or other text. */
export function pieceKind(t: string): PieceKind {
  const s = t.trim();
  if (!s) return 'text';
  if (isCategoryText(s)) return 'cat';
  const k = columnKind(s);
  if (k && k !== 'note') return 'column';
  if (isLabel(s) || fieldOfLabel(s)) return 'label';
  if (looksValue(s)) return 'value';
  return 'text';
}

/** A value cell: an operator and a number, a number and a unit, a percentage, or a short qualitative word. */
export function looksValue(t: string): boolean {
  const s = t.trim();
  if (!s) return false;
  if (NUMBER_UNIT.test(s)) return true;
  if (OP_AT.test(s) && /\d/.test(s) && s.length <= 24) return true;
  if (parseOperatorColumn(s)) return false;
  return QUALITATIVE.test(s);
}

interface Piece {
  start: number;
  end: number;
}

const SPACE_RUN = /[ \u00a0\u3000]+/g;
const OPEN = /[(（[【]/g;
const CLOSE = /[)）\]】]/g;
const depthOf = (s: string) => (s.match(OPEN)?.length ?? 0) - (s.match(CLOSE)?.length ?? 0);
const SINGLE_HAN = /^[\u3400-\u9fff][:：]?$/;
const ONLY_OPERATOR = new RegExp(`^(?:>=|<=|[${OPS}])$`);
const ONLY_UNIT = new RegExp(`^${UNIT}$`);

function piecesOf(text: string): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  for (const m of text.matchAll(SPACE_RUN)) {
    if (m.index! > last) out.push({ start: last, end: m.index! });
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push({ start: last, end: text.length });
  return out;
}

const joinable = (s: string) => isLabel(s) || columnKind(s) !== undefined || isCategoryText(s) || fieldOfLabel(s) !== undefined;

/** Joins back the pieces that are one cell: brackets, spaced-out characters, operators, units, labels with a space. */
function joinPieces(text: string, ps: Piece[]): Piece[] {
  const t = (p: Piece) => text.slice(p.start, p.end);
  const out: Piece[] = [];
  for (let i = 0; i < ps.length; i++) {
    let cur = { ...ps[i]! };
    // An open bracket takes the pieces up to its close (at most 6).
    for (let k = 0; depthOf(t(cur)) > 0 && i + 1 < ps.length && k < 6; k++) cur = { start: cur.start, end: ps[++i]!.end };
    // Characters spaced out over a cell (`绩 效 指 标`, `索 引 号`).
    if (SINGLE_HAN.test(t(cur))) {
      let j = i;
      while (j + 1 < ps.length && SINGLE_HAN.test(t(ps[j + 1]!)) && !/[:：]$/.test(text.slice(ps[j]!.start, ps[j]!.end))) j++;
      if (j > i) {
        cur = { start: cur.start, end: ps[j]!.end };
        i = j;
      }
    }
    // An operator alone takes the number after it.
    if (ONLY_OPERATOR.test(t(cur)) && i + 1 < ps.length) cur = { start: cur.start, end: ps[++i]!.end };
    // An enumeration (`一、`) takes what follows.
    if (/^([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）])$/.test(t(cur)) && i + 1 < ps.length) cur = { start: cur.start, end: ps[++i]!.end };
    const prev = out[out.length - 1];
    if (prev) {
      const pt = text.slice(prev.start, prev.end);
      const ct = t(cur);
      const both = pt + ct;
      const glue =
        /^[(（]/.test(ct) || // an annotation: 资金情况 (万元), 数量指标 (必填)
        (/^(指标|目标)/.test(ct) && isCategoryText(both.replace(/\s+/g, ''))) || // 经济效益 指标
        (ct === '指标' && columnKind(both) !== undefined) || // 一级 指标
        (ONLY_UNIT.test(ct) && /\d$/.test(pt)) || // 95 %
        (!joinable(pt) && !joinable(ct) && joinable(both)) || // 年度本级 预算金额
        (/^[:：]/.test(ct));
      if (glue) {
        prev.end = cur.end;
        continue;
      }
    }
    out.push(cur);
  }
  return out;
}

/** A footnote or an explanation (`备注:1.本表…`, `1.预算执行率=预算执行数/调整后预算数…`): it names labels but is one cell. */
function isNote(s: string): boolean {
  return /^(\d{1,2}\s*[.、．]\D|注|备注|说明|填表说明|[一二三四五六七八九十]+、)/.test(s) || /[\u4e00-\u9fff][=＝][\u4e00-\u9fff]/.test(s);
}

export interface SplitOptions {
  /** Inside a table already read as spaced lines: a line `name value` splits at its value. */
  inTable?: boolean;
}

/** The cells of a line whose cells are separated by single spaces, or undefined when it is one cell. */
export function splitSpaced(text: string, opts: SplitOptions = {}): string[] | undefined {
  const s = text.trim();
  if (!/[ \u00a0\u3000]/.test(s) || s.length > 4000) return undefined;
  if (isTitle(s) || isNote(s)) return undefined;
  const ps = joinPieces(s, piecesOf(s));
  if (ps.length < 2) return undefined;
  const texts = ps.map((p) => s.slice(p.start, p.end));
  const kinds = texts.map(pieceKind);
  // A space is a cell boundary once the pieces above are joined: a cell with spaces inside is
  // rarer in real text than two cells with one space between them.
  const merged = texts.map((text, i) => ({ text, kind: kinds[i]! }));
  if (merged.length < 2) return undefined;
  const structural = merged.filter((m) => m.kind === 'label' || m.kind === 'column' || m.kind === 'cat').length;
  const values = merged.filter((m) => m.kind === 'value').length;
  const first = merged[0]!.kind;
  const ok =
    structural >= 2 ||
    (structural === 1 && (first === 'label' || first === 'column' || first === 'cat')) ||
    (structural === 1 && values >= 1) ||
    (opts.inTable && values >= 1 && merged[merged.length - 1]!.kind === 'value');
  if (!ok) return undefined;
  return merged.map((m) => m.text);
}

// ---------------------------------------------------------------------------------------------
// Glued text

type HitKind = 'label' | 'column' | 'cat';
interface Hit {
  start: number;
  end: number;
  kind: HitKind;
}

let VOCAB: Map<string, Array<{ text: string; kind: HitKind }>> | undefined;

/** Labels long enough to be told apart inside running text, by first character, longest first. */
function vocab(): Map<string, Array<{ text: string; kind: HitKind }>> {
  if (VOCAB) return VOCAB;
  const all = new Map<string, HitKind>();
  const add = (t: string, kind: HitKind, min = 4) => {
    const s = t.replace(/\s+/g, '');
    if (s.length >= min && !all.has(s)) all.set(s, kind);
  };
  const cats = [...LEVEL1_NAMES, ...LEVEL2_NAMES, ...LEGACY_MAPPINGS.flatMap((m) => [m.level1, m.level2]).filter((x): x is string => Boolean(x))];
  for (const c of cats) {
    add(c, 'cat', 4);
    if (c.endsWith('指标')) add(c.replace(/指标$/, '目标'), 'cat', 4);
  }
  for (const [kind, list] of Object.entries(COLUMN_SYNONYMS)) {
    if (kind === 'note') continue;
    for (const l of list) add(l, 'column', 3);
  }
  for (const list of Object.values(FIELD_SYNONYMS)) for (const l of list) add(l, 'label', 4);
  for (const l of OTHER_LABELS) add(l, 'label', 4);
  // Too common inside running text to cut at.
  for (const weak of ['指标', '名称', '项目支出', '基本支出', '预算金额', '绩效目标', '主要内容', '项目内容', '实施周期', '预算单位', '执行单位', '年度预算', '总体目标']) all.delete(weak);
  const byFirst = new Map<string, Array<{ text: string; kind: HitKind }>>();
  for (const [text, kind] of all) {
    const list = byFirst.get(text[0]!) ?? [];
    list.push({ text, kind });
    byFirst.set(text[0]!, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.text.length - a.text.length);
  VOCAB = byFirst;
  return byFirst;
}

/** The vocabulary found in the text, left to right, longest first, outside brackets. */
function hitsOf(text: string): Hit[] {
  const v = vocab();
  const hits: Hit[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; ) {
    const ch = text[i]!;
    if (/[(（]/.test(ch)) depth++;
    else if (/[)）]/.test(ch)) depth = Math.max(0, depth - 1);
    const cands = depth === 0 ? v.get(ch) : undefined;
    const hit = cands?.find((c) => text.startsWith(c.text, i));
    if (!hit) {
      i++;
      continue;
    }
    let end = i + hit.text.length;
    // An annotation right after a label: (万元), (盖章), (必填硬性指标).
    const ann = /^\s*[(（][^()（）\d]{1,12}[)）]/.exec(text.slice(end));
    if (ann && hit.kind !== 'column') end += ann[0].length;
    hits.push({ start: i, end, kind: hit.kind });
    i = end;
  }
  return hits;
}

/** How many of the form's labels, column names and category names a text holds, read as glued text. */
export function vocabularyHits(text: string): number {
  return hitsOf(text).length;
}

const WRAP_SPACE = /([\u4e00-\u9fff]) (?=[\u4e00-\u9fff])/g;

/**
 * A glued line whose cells were wrapped inside (`产 出 指 标数量 指标5000吨稻谷、500吨成 品粮储备到位率`):
 * a single space between two characters is a line break inside a cell, not a cell boundary, when
 * without it the line names more of the form's vocabulary. Undefined when it does not.
 */
export function unwrapGlued(text: string): string | undefined {
  if (!/[\u4e00-\u9fff] [\u4e00-\u9fff]/.test(text)) return undefined;
  const unwrapped = text.replace(WRAP_SPACE, '$1');
  return vocabularyHits(unwrapped) > vocabularyHits(text) ? unwrapped : undefined;
}

const TITLE_HEAD = /^(.{2,60}?(?:绩效目标(?:申报)?表|绩效自评表|自评表|申报表|目标表|监控表)(?:\s*[(（][^()（）]{0,16}[)）])?)/;
const SEP_AT_END = /[:：,，、;；。\s]+$/;
const SEP_AT_START = /^[:：,，、;；。\s]+/;

/** Cuts an indicator text at its value: `年增粮食3500公斤` → 年增粮食 | 3500公斤; several in one item at commas. */
function cutValues(item: string): string[] {
  const out: string[] = [];
  let rest = item.replace(SEP_AT_START, '').replace(SEP_AT_END, '');
  for (let guard = 0; rest && guard < 50; guard++) {
    let depth = 0;
    let at = -1;
    for (let i = 1; i < rest.length; i++) {
      const ch = rest[i]!;
      if (/[(（]/.test(ch)) depth++;
      else if (/[)）]/.test(ch)) depth = Math.max(0, depth - 1);
      else if (depth === 0 && OP_AT.test(rest.slice(i)) && /^\D{0,4}\d/.test(rest.slice(i).replace(OP_AT, '').trimStart())) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      // A number and a unit at the end: 年增粮食3500公斤, 财政资金补助1600元/亩.
      const m = new RegExp(`^(.*?[^\\d.,，\\s])\\s*(\\d[\\d.,]*\\s*${UNIT}(?:\\s*/\\s*[\\u4e00-\\u9fff]{1,2})?)$`).exec(rest);
      if (m && m[1]!.length >= 2 && depthOf(m[1]!) === 0) out.push(m[1]!.replace(SEP_AT_END, ''), m[2]!);
      else out.push(rest);
      break;
    }
    const name = rest.slice(0, at).replace(SEP_AT_END, '');
    const tail = rest.slice(at);
    // The value runs to the next comma (another indicator may follow) or the end.
    const comma = /[,，、;；。]/.exec(tail);
    const value = (comma ? tail.slice(0, comma.index) : tail).trim();
    if (name) out.push(name);
    out.push(value);
    rest = comma ? tail.slice(comma.index + 1).replace(SEP_AT_START, '') : '';
  }
  return out.filter((x) => x.trim() !== '');
}

/**
 * The cells of a glued or prose text, or undefined when the text is one cell. `structured`: cut
 * at every label (a table flattened with no separators); otherwise only at category headings
 * used as such (`数量指标：`), as in prose.
 */
export function splitGlued(text: string, opts: SplitOptions = {}): string[] | undefined {
  const s = text.trim();
  if (s.length > 20000 || isTitle(s)) return undefined;
  if (s.length < 8) return opts.inTable ? splitGluedRow(s) : undefined;
  const hits = hitsOf(s);
  if (hits.length < 2) return opts.inTable ? splitGluedRow(s) : undefined;
  const columns = new Set(hits.filter((h) => h.kind === 'column').map((h) => norm(s.slice(h.start, h.end))));
  const labels = new Set(hits.filter((h) => h.kind === 'label').map((h) => norm(s.slice(h.start, h.end)))).size;
  const structured = !isNote(s) && (columns.size >= 2 || labels >= 3);
  let cuts: Hit[];
  if (structured) cuts = hits;
  else {
    // Prose: a category heading is followed by a colon or a comma, or by another heading.
    cuts = hits.filter((h, i) => h.kind === 'cat' && (/^\s*[:：,，]/.test(s.slice(h.end)) || hits[i + 1]?.start === h.end));
    // Two headings, or a line that starts with one (`服务对象满意度指标，受益户满意度≥95%`).
    const prose = cuts.length >= 2 || (cuts.length === 1 && cuts[0]!.start === 0 && s.length > cuts[0]!.end + 2 && /^\s*[:：,，]/.test(s.slice(cuts[0]!.end)));
    if (!prose) return opts.inTable ? splitGluedRow(s) : cuts.length === 1 && cuts[0]!.start === 0 && s.length > cuts[0]!.end + 2 ? proseFrom(s, cuts) : undefined;
  }
  return proseFrom(s, cuts, opts.inTable);
}

/** The cells of a text cut at `cuts`, the pieces between them cut at `；`/`。` and, after a category, at their values. */
function proseFrom(s: string, cuts: Hit[], inTable = false): string[] | undefined {
  const out: string[] = [];
  let pos = 0;
  const between = (from: number, to: number) => {
    let seg = s.slice(from, to).replace(SEP_AT_START, '').replace(SEP_AT_END, '');
    if (!seg) return;
    if (out.length === 0 && from === 0) {
      const t = TITLE_HEAD.exec(seg);
      if (t) {
        out.push(t[1]!.trim());
        seg = seg.slice(t[1]!.length).replace(SEP_AT_START, '');
        if (!seg) return;
      }
    }
    for (const item of seg.split(/[;；。](?![^(（]*[)）])/)) {
      const it = item.replace(SEP_AT_START, '').replace(SEP_AT_END, '');
      if (!it) continue;
      // Cut at values only inside the indicator part (after a category).
      // Several values glued side by side (target and actual, 分值 and 得分, 中期 and 年度) are cut as a run.
      if (out.some((o) => isCategoryText(o))) out.push(...(splitGluedValueRuns(it) ?? cutValues(it)));
      else out.push(...((inTable && splitGluedValueRuns(it)) || [it]));
    }
  };
  for (const h of cuts) {
    between(pos, h.start);
    out.push(s.slice(h.start, h.end).replace(SEP_AT_END, '').trim());
    pos = h.end;
  }
  between(pos, s.length);
  return out.length >= 2 ? out : undefined;
}

// ---------------------------------------------------------------------------------------------
// Self-evaluation rows glued: name, then 分值, 年度指标值, 实际完成值, 得分 with nothing between them

const VALUE_TOKEN = new RegExp(`^(?:>=|<=|[${OPS}])?\\d+(?:\\.\\d+)?(${UNIT})?`);

interface Run {
  start: number;
  end: number;
  tokens: string[];
}

/**
 * The runs of value cells glued together in a text (`≥266米≥266米10`, `10≥50厘米≥50厘米10`,
 * `100%100%`). A run is told from a number inside a name (`5000吨稻谷`) the way a person tells it:
 * the target and the completed value stand side by side in the same unit; a run may also end the
 * text (the last cells of a row). Bare numbers glued to the pair are 分值 and 得分; a bare 分值
 * glued to a target that repeats as the actual (`1020万元20万元`) is cut where the repeat starts.
 */
export function valueRuns(s: string): Run[] {
  const toks: Array<{ start: number; end: number; unit: string }> = [];
  const push = (start: number, end: number, unit: string) => toks.push({ start, end, unit: unit.replace('％', '%') });
  for (let i = 0; i < s.length; i++) {
    // A token starts at an operator or a digit that does not continue a number.
    if (/[\d.]/.test(s[i]!) && i > 0 && /[\d.]/.test(s[i - 1]!)) continue;
    const m = VALUE_TOKEN.exec(s.slice(i));
    if (m && /\d/.test(m[0])) {
      // A unit the grammar does not list (厘米, 起) is told by the target written twice: `≥50厘米≥50厘米`.
      const num = m[0].length - (m[1]?.length ?? 0);
      const twice = [3, 2, 1]
        .map((extra) => s.slice(i, i + num + extra))
        .find((c) => c.length > m[0].length && /^[\u4e00-\u9fff]+$/.test(c.slice(num)) && s.startsWith(c, i + c.length));
      if (twice) {
        push(i, i + twice.length, twice.slice(num));
        push(i + twice.length, i + 2 * twice.length, twice.slice(num));
        i += 2 * twice.length - 1;
        continue;
      }
      push(i, i + m[0].length, m[1] ?? '');
      i += m[0].length - 1;
      continue;
    }
    // A qualitative target and its actual written twice after a number (`10显著提升显著提升10`).
    const prev = toks[toks.length - 1];
    if (prev && prev.end === i) {
      for (let l = 2; l <= 8 && i + 2 * l <= s.length; l++) {
        const q = s.slice(i, i + l);
        if (/^[\u4e00-\u9fff]+$/.test(q) && s.startsWith(q, i + l) && (i + 2 * l === s.length || VALUE_TOKEN.test(s.slice(i + 2 * l)))) {
          push(i, i + l, q);
          push(i + l, i + 2 * l, q);
          i += 2 * l - 1;
          break;
        }
      }
    }
  }
  const runs: Run[] = [];
  for (let a = 0; a < toks.length; ) {
    let b = a;
    while (b + 1 < toks.length && toks[b + 1]!.start === toks[b]!.end) b++;
    const group = toks.slice(a, b + 1);
    const pair = group.some((t, k) => k > 0 && t.unit !== '' && t.unit === group[k - 1]!.unit);
    // The last cells of a row: several values, or one bare number or percentage (a value with a
    // unit at the end, `新建水泥路1条`, is as often the end of the name).
    const last = s.slice(group[0]!.start);
    const atEnd = group[group.length - 1]!.end === s.length && group[0]!.start > 0 && (group.length > 1 || /^\d+(?:\.\d+)?[%％]?$/.test(last));
    if (pair || atEnd) {
      const texts = group.map((t) => s.slice(t.start, t.end));
      const tokens: string[] = [];
      texts.forEach((t, k) => {
        const next = texts[k + 1];
        const cut = next !== undefined && t.length > next.length && t.endsWith(next) && /^\d+$/.test(t.slice(0, -next.length)) ? t.length - next.length : 0;
        if (cut) tokens.push(t.slice(0, cut), t.slice(cut));
        else tokens.push(t);
      });
      runs.push({ start: group[0]!.start, end: group[group.length - 1]!.end, tokens });
    }
    a = b + 1;
  }
  return runs;
}

/**
 * A glued stretch of a self-evaluation table's indicator block (`数量指标安装坡面水标尺10≥266米≥266米10水标尺宽度10…`):
 * cut at the category names and at the runs of glued values; what lies between is the 三级 name.
 * Undefined when the text has no run of values.
 */
function splitGluedValueRuns(s: string): string[] | undefined {
  const runs = valueRuns(s);
  if (!runs.length) return undefined;
  const out: string[] = [];
  const text = (from: number, to: number) => {
    let pos = from;
    for (const h of hitsOf(s.slice(from, to)).filter((x) => x.kind === 'cat')) {
      const before = s.slice(pos, from + h.start).replace(SEP_AT_START, '').replace(SEP_AT_END, '');
      if (before) out.push(before);
      out.push(s.slice(from + h.start, from + h.end));
      pos = from + h.end;
    }
    const rest = s.slice(pos, to).replace(SEP_AT_START, '').replace(SEP_AT_END, '');
    if (rest) out.push(rest);
  };
  let pos = 0;
  for (const r of runs) {
    text(pos, r.start);
    out.push(...r.tokens);
    pos = r.end;
  }
  text(pos, s.length);
  return out.length >= 2 ? out : undefined;
}

/** Qualitative targets long enough to be told apart at the end of a glued row. */
const QUALITATIVE_TAIL = /(稳步提高|逐步提高|稳步提升|逐步提升|显著提升|显著提高|明显改善|明显提高|有所提高|有效提升|持续提升|不断提高|进一步提高|逐步改善|持续改善|全面完成|按时完成|按期完成)$/;

/**
 * One row of a table glued with no separators, inside a table already recognised
 * (`质量指标校舍维修改造质量合格率100%`): the category names at its start, then the indicator name
 * and its value, cut at the value grammar. Undefined when nothing can be cut.
 */
export function splitGluedRow(text: string): string[] | undefined {
  const s = text.trim();
  if (s.length < 4 || s.length > 2000 || /\s/.test(s) || isTitle(s) || isNote(s) || isLabel(s) || isCategoryText(s)) return undefined;
  const runs = looksValue(s) ? undefined : splitGluedValueRuns(s);
  if (runs) return runs;
  if (s.length > 300) return undefined;
  const v = vocab();
  const out: string[] = [];
  let pos = 0;
  for (;;) {
    const hit = v.get(s[pos]!)?.find((c) => c.kind === 'cat' && s.startsWith(c.text, pos));
    if (!hit) break;
    out.push(hit.text);
    pos += hit.text.length;
    while (/[:：,，]/.test(s[pos] ?? '')) pos++;
  }
  const rest = s.slice(pos);
  if (rest) {
    const cut = cutValues(rest);
    const q = cut.length === 1 ? QUALITATIVE_TAIL.exec(rest) : null;
    if (q && rest.length - q[0].length >= 4) out.push(rest.slice(0, -q[0].length), q[0]);
    else out.push(...cut);
  }
  return out.length >= 2 ? out : undefined;
}
