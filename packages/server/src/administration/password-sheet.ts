/**
 * The temporary passwords of new or reset accounts as an .xlsx to hand out (written by
 * packages/files' ExcelJS interface). The server stores no password in clear, so the page that
 * has just received them (an import's row results, a reset) sends them back once to be laid out;
 * nothing is kept. Every row must name an account of the region that still has a temporary
 * password (must change it at sign-in): the route is no general spreadsheet writer, and a sheet
 * never lists a password already replaced by its owner.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { gridFromRows } from '@jixiao/core';
import { writeXlsx } from '@jixiao/files';
import type { Db } from '../db/open.ts';
import { orgs, users } from '../db/schema.ts';
import { badRequest } from '../errors.ts';
import { ROLE_LABELS } from '../policies/tables.ts';

export interface SheetRow {
  login: string;
  temporaryPassword: string;
}

export const SHEET_WARNING = {
  zh: '临时密码，请当面或以密封方式逐人发放；本人首次登录后须立即修改。发放完毕请删除本文件，切勿转发或打印后留存。',
  en: 'Temporary passwords: hand each one to its owner in person or sealed; they must change it at first sign-in. Delete this file once handed out; do not forward it or keep printouts.',
};

export async function passwordSheet(db: Db, regionCode: string, rows: SheetRow[], now = new Date()): Promise<Uint8Array> {
  if (rows.length === 0) throw badRequest('nothing_to_export', { zh: '没有临时密码可导出', en: 'There are no temporary passwords to export' });
  const logins = [...new Set(rows.map((r) => r.login))];
  const found = await db
    .select({ login: users.login, name: users.displayName, role: users.role, must: users.mustChangePassword, disabled: users.disabled, orgCode: orgs.code, orgName: orgs.name })
    .from(users)
    .innerJoin(orgs, and(eq(orgs.regionCode, users.regionCode), eq(orgs.id, users.orgId)))
    .where(and(eq(users.regionCode, regionCode), inArray(users.login, logins)));
  const byLogin = new Map(found.map((u) => [u.login, u]));
  const lines: string[][] = [];
  rows.forEach((r, i) => {
    const u = byLogin.get(r.login);
    if (!u || !u.must || u.disabled) {
      throw badRequest(
        'not_temporary',
        { zh: `第 ${i + 1} 行：${r.login} 不是本地区仍持临时密码的账号`, en: `Row ${i + 1}: ${r.login} is not an account of this region that still has a temporary password` },
        { row: i + 1, login: r.login },
      );
    }
    lines.push([u.login, u.name, `${u.orgCode} ${u.orgName}`, `${ROLE_LABELS[u.role].zh} ${ROLE_LABELS[u.role].en}`, r.temporaryPassword]);
  });
  const stamp = now.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  const grid = gridFromRows(
    [
      [`⚠ ${SHEET_WARNING.zh}`],
      [SHEET_WARNING.en],
      [`生成时间 Generated: ${stamp}（北京时间 / Beijing time）`],
      [],
      ['登录名 Login', '姓名 Name', '单位 Organisation', '角色 Role', '临时密码 Temporary password'],
      ...lines,
    ],
    { sheet: '临时密码' },
  );
  return writeXlsx([grid]);
}
