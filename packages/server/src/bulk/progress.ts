/** A one-line progress bar for bulk loads: `[#####-----] 12/40 counties · 6,120 tables · 41,003 rows/s · ETA 35 s`. */
import type { LoadProgress } from './load-province.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en');

export function progressLine(p: LoadProgress, width = 24): string {
  const frac = p.countiesTotal ? p.counties / p.countiesTotal : 1;
  const filled = Math.round(frac * width);
  const secs = p.elapsedMs / 1000;
  const rate = secs > 0 ? p.rows / secs : 0;
  const eta = frac > 0 && !p.done ? (secs / frac) * (1 - frac) : 0;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.counties}/${p.countiesTotal} 县 counties · ${fmt(p.tables)} 表 tables · ${fmt(p.rows)} rows · ${fmt(rate)} rows/s · ${(p.bytes / 1048576).toFixed(0)} MB${p.done ? ` · ${secs.toFixed(1)} s` : ` · ETA ${Math.ceil(eta)} s`}`;
}

/**
 * A progress reporter for a stream: redraws one line on a terminal; elsewhere (logs, CI) prints
 * a line at most every `everyMs` and at the end.
 */
export function progressPrinter(out: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean } = process.stderr, everyMs = 5000): (p: LoadProgress) => void {
  let last = 0;
  return (p) => {
    const now = performance.now();
    if (out.isTTY) {
      out.write(`\r${progressLine(p)}${p.done ? '\n' : ''}`);
    } else if (p.done || now - last >= everyMs) {
      last = now;
      out.write(`${progressLine(p)}\n`);
    }
  };
}
