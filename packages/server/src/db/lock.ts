/**
 * One process per data folder. PGlite is an embedded database: two processes writing the same
 * files would corrupt them, so the folder is claimed with a lock file holding the owner's pid
 * (and, on Linux, the process start time, so that a recycled pid is not mistaken for the owner).
 * A lock left by a process that died (kill -9, power cut) is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  readonly zh: string;
  readonly en: string;
  constructor(dir: string, pid: number) {
    const zh = `数据目录 ${dir} 正被另一个进程（pid ${pid}）使用。同一数据目录只能由一个 jixiao 进程打开：请先停止该进程，或用 JIXIAO_DATA_DIR 指定另一个目录。`;
    const en = `The data folder ${dir} is in use by another process (pid ${pid}). Only one jixiao process may open a data folder: stop that process first, or choose another folder with JIXIAO_DATA_DIR.`;
    super(`${zh}\n${en}`);
    this.name = 'DataDirLockedError';
    this.zh = zh;
    this.en = en;
  }
}

interface LockInfo {
  pid: number;
  start?: string;
}

function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime) follows the parenthesised command name, which may contain spaces.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19];
  } catch {
    return undefined;
  }
}

function isAlive(info: LockInfo): boolean {
  if (info.pid === process.pid) return true;
  try {
    process.kill(info.pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (info.start === undefined) return true;
  const now = processStart(info.pid);
  return now === undefined || now === info.start;
}

export interface DataDirLock {
  path: string;
  release(): void;
}

/** Claims `dir` for this process; throws DataDirLockedError while a live process holds it. */
export function lockDataDir(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'jixiao.lock');
  const mine: LockInfo = { pid: process.pid };
  const start = processStart(process.pid);
  if (start !== undefined) mine.start = start;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(mine));
      closeSync(fd);
      let released = false;
      return {
        path,
        release() {
          if (released) return;
          released = true;
          try {
            const cur = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
            if (cur.pid === process.pid) rmSync(path, { force: true });
          } catch {
            /* already gone */
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let info: LockInfo | undefined;
    try {
      info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    } catch {
      info = undefined; // half-written or unreadable: the writer died between open and write
    }
    if (info && typeof info.pid === 'number' && isAlive(info)) throw new DataDirLockedError(dir, info.pid);
    rmSync(path, { force: true }); // stale: its owner is gone
  }
  throw new DataDirLockedError(dir, -1);
}
