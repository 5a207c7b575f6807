/**
 * Excel number formats, enough to show a cell as Excel shows it: General, fixed decimals,
 * thousands separators, percent, scientific, literal text ("¥", "万元"), sections for negative and
 * zero values, and dates and times. Colours, locales and padding are dropped; fractions fall back
 * to General. (Excel's zh-CN built-in format 14 shows yyyy/m/d.)
 */

/** Splits a format into its ;-separated sections, ignoring ; inside quotes and brackets. */
function sections(fmt: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  let b = false;
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i]!;
    if (ch === '\\' && !q && i + 1 < fmt.length) {
      cur += ch + fmt[++i];
      continue;
    }
    if (ch === '"') q = !q;
    else if (!q && ch === '[') b = true;
    else if (!q && ch === ']') b = false;
    if (ch === ';' && !q && !b) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Removes quoted text, escapes and bracket codes, to see what a section really does. */
function bare(sec: string): string {
  return sec.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '').replace(/[_*]./g, '');
}

export function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const b = bare(sections(fmt)[0] ?? '');
  return /[yYdDhHsS]|[mM]/.test(b) && !/[0#?]/.test(b.replace(/[sS]\.0+/, '')) && !/general/i.test(b);
}

export function formatGeneral(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  return String(Number(v.toPrecision(15))).replace('e', 'E');
}

/** Renders the literal parts of a section around a formatted number. */
function literal(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '"') {
      const j = s.indexOf('"', i + 1);
      out += j < 0 ? s.slice(i + 1) : s.slice(i + 1, j);
      i = j < 0 ? s.length : j;
    } else if (ch === '\\') out += s[++i] ?? '';
    else if (ch === '_') {
      out += ' ';
      i++;
    } else if (ch === '*') i++;
    else if (ch === '[') {
      const j = s.indexOf(']', i);
      const code = j < 0 ? '' : s.slice(i + 1, j);
      const cur = /^\$([^-\]]*)/.exec(code);
      if (cur) out += cur[1];
      i = j < 0 ? s.length : j;
    } else out += ch;
  }
  return out;
}

function group(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function formatSection(v: number, sec: string): string {
  const b = bare(sec);
  if (/^\s*general\s*$/i.test(b) || !/[0#?]/.test(b)) {
    if (/general/i.test(b)) return literal(sec.replace(/general/i, '\u0000')).replace('\u0000', formatGeneral(v));
    return literal(sec);
  }
  if (/\//.test(b)) return formatGeneral(v);
  // Locate the numeric run: from the first to the last placeholder (outside quotes).
  let first = -1;
  let last = -1;
  let q = false;
  for (let i = 0; i < sec.length; i++) {
    const ch = sec[i]!;
    if (ch === '\\' || ch === '_' || ch === '*') {
      i++;
      continue;
    }
    if (ch === '"') q = !q;
    if (ch === '[' && !q) {
      const j = sec.indexOf(']', i);
      i = j < 0 ? sec.length : j;
      continue;
    }
    if (!q && /[0#?]/.test(ch)) {
      if (first < 0) first = i;
      last = i;
    }
  }
  // Extend over a leading decimal point and trailing scaling commas.
  if (first > 0 && sec[first - 1] === '.') first--;
  let end = last + 1;
  while (sec[end] === ',') end++;
  const run = sec.slice(first, end);
  const exp = /[eE][+-][0#]+/.exec(run);
  const prefix = sec.slice(0, first);
  const suffix = sec.slice(end);
  let x = v;
  const percents = (bare(prefix + suffix).match(/%/g) ?? []).length;
  for (let i = 0; i < percents; i++) x *= 100;
  const scale = /,+$/.exec(run.replace(/[eE][+-][0#]+/, ''))?.[0].length ?? 0;
  for (let i = 0; i < scale; i++) x /= 1000;
  const mant = run.replace(/[eE][+-][0#]+/, '').replace(/,+$/, '');
  const dot = mant.indexOf('.');
  const intPat = dot < 0 ? mant : mant.slice(0, dot);
  const decPat = dot < 0 ? '' : mant.slice(dot + 1);
  const minDec = (decPat.match(/0/g) ?? []).length;
  const maxDec = (decPat.match(/[0#?]/g) ?? []).length;
  let body: string;
  if (exp) {
    body = x.toExponential(maxDec).replace(/e([+-])(\d)$/, 'E$10$2').replace('e', 'E');
  } else {
    let s = Math.abs(x).toFixed(maxDec);
    if (maxDec > minDec) {
      let [i, d = ''] = s.split('.');
      while (d.length > minDec && d.endsWith('0')) d = d.slice(0, -1);
      s = d ? `${i}.${d}` : (i ?? '');
    }
    let [int = '', dec] = s.split('.');
    const minInt = (intPat.match(/0/g) ?? []).length;
    if (int === '0' && minInt === 0) int = '';
    while (int.length < minInt) int = '0' + int;
    if (intPat.includes(',')) int = group(int);
    body = (x < 0 && Number(s) !== 0 ? '-' : '') + int + (dec !== undefined ? '.' + dec : dot >= 0 && maxDec === 0 && decPat === '' ? '' : '');
    if (body === '' || body === '-') body += '0';
  }
  return literal(prefix) + body + literal(suffix);
}

export function formatNumber(v: number, fmt: string | undefined): string {
  if (!fmt || /^\s*general\s*$/i.test(fmt) || fmt === '@') return formatGeneral(v);
  if (isDateFormat(fmt)) return formatDate(serialToDate(v), fmt);
  const secs = sections(fmt);
  let sec = secs[0]!;
  let x = v;
  if (v < 0 && secs.length >= 2) {
    sec = secs[1]!;
    x = -v;
  } else if (v === 0 && secs.length >= 3) sec = secs[2]!;
  const out = formatSection(x, sec).trim();
  return out;
}

export function serialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86400000));
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Formats a date (its UTC fields, as ExcelJS builds them) with an Excel date/time format. */
export function formatDate(d: Date, fmt: string | undefined): string {
  if (Number.isNaN(d.getTime())) return '';
  let f = fmt && isDateFormat(fmt) ? sections(fmt)[0]! : 'yyyy/m/d';
  if (f === 'mm-dd-yy') f = 'yyyy/m/d';
  if (!fmt && (d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds())) f = 'yyyy/m/d h:mm';
  type Tok = { t: string; lit?: boolean };
  const toks: Tok[] = [];
  for (let i = 0; i < f.length; ) {
    const ch = f[i]!;
    if (ch === '"') {
      const j = f.indexOf('"', i + 1);
      toks.push({ t: j < 0 ? f.slice(i + 1) : f.slice(i + 1, j), lit: true });
      i = j < 0 ? f.length : j + 1;
    } else if (ch === '\\') {
      toks.push({ t: f[i + 1] ?? '', lit: true });
      i += 2;
    } else if (ch === '[') {
      const j = f.indexOf(']', i);
      const code = j < 0 ? '' : f.slice(i + 1, j).toLowerCase();
      if (/^(h+|m+|s+)$/.test(code)) toks.push({ t: code });
      i = j < 0 ? f.length : j + 1;
    } else if (ch === '_' || ch === '*') i += 2;
    else if (/^(AM\/PM|am\/pm)/.test(f.slice(i))) {
      toks.push({ t: 'ampm' });
      i += 5;
    } else if (f.startsWith('上午/下午', i)) {
      toks.push({ t: 'cnampm' });
      i += 5;
    } else if (/[ymdhsYMDHS]/.test(ch)) {
      let j = i;
      while (j < f.length && f[j]!.toLowerCase() === ch.toLowerCase()) j++;
      toks.push({ t: f.slice(i, j).toLowerCase() });
      i = j;
    } else if (ch === '.' && /^\.0+/.test(f.slice(i)) && toks.length && toks[toks.length - 1]!.t.startsWith('s')) {
      const m = /^\.0+/.exec(f.slice(i))![0];
      toks.push({ t: 'frac' + (m.length - 1) });
      i += m.length;
    } else {
      toks.push({ t: ch, lit: true });
      i++;
    }
  }
  const hasAmPm = toks.some((t) => t.t === 'ampm' || t.t === 'cnampm');
  const dateToks = toks.map((t, i) => ({ ...t, i })).filter((t) => !t.lit);
  let out = '';
  for (const tok of toks) {
    if (tok.lit) {
      out += tok.t;
      continue;
    }
    const t = tok.t;
    const k = dateToks.findIndex((x) => x.i === toks.indexOf(tok));
    const prev = dateToks[k - 1]?.t ?? '';
    const next = dateToks[k + 1]?.t ?? '';
    const h = d.getUTCHours();
    if (t[0] === 'y') out += t.length <= 2 ? pad(d.getUTCFullYear() % 100, 2) : String(d.getUTCFullYear());
    else if (t[0] === 'm' && (prev.startsWith('h') || next.startsWith('s'))) out += t.length >= 2 ? pad(d.getUTCMinutes(), 2) : String(d.getUTCMinutes());
    else if (t[0] === 'm') {
      const m = d.getUTCMonth();
      out += t.length === 1 ? String(m + 1) : t.length === 2 ? pad(m + 1, 2) : t.length === 3 ? MONTHS[m]!.slice(0, 3) : t.length === 5 ? MONTHS[m]![0] : MONTHS[m];
    } else if (t[0] === 'd') {
      out += t.length === 1 ? String(d.getUTCDate()) : t.length === 2 ? pad(d.getUTCDate(), 2) : t.length === 3 ? DAYS[d.getUTCDay()]!.slice(0, 3) : DAYS[d.getUTCDay()];
    } else if (t[0] === 'h') {
      const hh = hasAmPm ? ((h + 11) % 12) + 1 : h;
      out += t.length >= 2 ? pad(hh, 2) : String(hh);
    } else if (t[0] === 's') out += t.length >= 2 ? pad(d.getUTCSeconds(), 2) : String(d.getUTCSeconds());
    else if (t.startsWith('frac')) out += '.' + pad(d.getUTCMilliseconds(), 3).slice(0, Number(t.slice(4)) + 1);
    else if (t === 'ampm') out += h < 12 ? 'AM' : 'PM';
    else if (t === 'cnampm') out += h < 12 ? '上午' : '下午';
  }
  return out.trim();
}
