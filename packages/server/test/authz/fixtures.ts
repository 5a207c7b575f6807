/**
 * The world the authorisation matrix runs in: region A (遂溪县 440823, from test/helpers.ts
 * seedWorld: 财政局, 主管部门 144 with unit 144001, 主管部门 145 with unit 145001) and a second
 * region B (廉江市 440881, the same shape), one account per role in each, and factories for
 * tables in any workflow status owned by any target organisation.
 *
 * Personas act from region A: the filer of unit 144001, the reviewer of 主管部门 144, the
 * finance reviewer and the administrator of the 财政局, and anonymous. Targets say whose
 * resource a request touches: `own` (unit 144001 / 主管部门 144 — inside every persona's scope),
 * `foreignOrg` (unit 145001 / 主管部门 145 — the same region, another department) and
 * `foreignRegion` (region B).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SEED_FILE } from '../../src/demo/demo.ts';
import type { Database } from '../../src/db/open.ts';
import { createOrg, createRegion, createUser, type OrgRow, type UserRow } from '../../src/orgs/service.ts';
import { Client, loggedIn, PASSWORD, seedTables, type World } from '../helpers.ts';

export const PERSONAS = ['anonymous', 'filer', 'dept_reviewer', 'finance_reviewer', 'admin'] as const;
export type Persona = (typeof PERSONAS)[number];
export const TARGETS = ['own', 'foreignOrg', 'foreignRegion'] as const;
export type Target = (typeof TARGETS)[number];
export type Status = 'draft' | 'submitted' | 'dept_approved' | 'finance_approved' | 'published';

export const REGION_B = '440881';

interface Side {
  regionCode: string;
  unit: OrgRow;
  dept: OrgRow;
  finance: OrgRow;
  /** Logins that drive the target's tables through the workflow. */
  filer: string;
  deptReviewer: string;
  financeReviewer: string;
}

export interface MatrixWorld {
  a: World;
  sides: Record<Target, Side>;
  /** A spare account in each target organisation (for PATCH /api/users/:id). */
  spareUsers: Record<Target, UserRow>;
}

/** Adds region B and the spare accounts to a database that seedWorld (region A) has filled. */
export async function seedMatrixWorld(database: Database, a: World): Promise<MatrixWorld> {
  const db = database.db;
  await createRegion(db, REGION_B, '廉江市');
  const financeB = await createOrg(db, { regionCode: REGION_B, kind: 'finance', code: 'CZJ', name: '廉江市财政局' });
  const deptB = await createOrg(db, { regionCode: REGION_B, kind: 'dept', code: '201', name: '廉江市教育局' });
  const unitB = await createOrg(db, { regionCode: REGION_B, kind: 'unit', code: '201001', name: '廉江市第一中学', parentId: deptB.id });
  const mk = (regionCode: string, login: string, orgId: string, role: UserRow['role']) =>
    createUser(db, { regionCode, login, displayName: login, password: PASSWORD, orgId, role });
  await mk(REGION_B, 't_b_filer', unitB.id, 'filer');
  await mk(REGION_B, 't_b_deptReviewer', deptB.id, 'dept_reviewer');
  await mk(REGION_B, 't_b_finance', financeB.id, 'finance_reviewer');
  await mk(REGION_B, 't_b_admin', financeB.id, 'admin');
  const spareUsers: Record<Target, UserRow> = {
    own: await mk(a.orgs.unit.regionCode, 't_spare_own', a.orgs.unit.id, 'filer'),
    foreignOrg: await mk(a.orgs.unit2.regionCode, 't_spare_foreign', a.orgs.unit2.id, 'filer'),
    foreignRegion: await mk(REGION_B, 't_spare_b', unitB.id, 'filer'),
  };
  const sides: Record<Target, Side> = {
    own: { regionCode: a.orgs.unit.regionCode, unit: a.orgs.unit, dept: a.orgs.dept, finance: a.orgs.finance, filer: a.logins.filer, deptReviewer: a.logins.deptReviewer, financeReviewer: a.logins.finance },
    foreignOrg: { regionCode: a.orgs.unit2.regionCode, unit: a.orgs.unit2, dept: a.orgs.dept2, finance: a.orgs.finance, filer: a.logins.filer2, deptReviewer: a.logins.deptReviewer2, financeReviewer: a.logins.finance },
    foreignRegion: { regionCode: REGION_B, unit: unitB, dept: deptB, finance: financeB, filer: 't_b_filer', deptReviewer: 't_b_deptReviewer', financeReviewer: 't_b_finance' },
  };
  return { a, sides, spareUsers };
}

/** A table made for the matrix: its id and the unique project name that marks it in responses. */
export interface FixtureTable {
  id: string;
  name: string;
  target: Target;
  status: Status;
  /** Made for one request that changes it (its status is then no longer `status`). */
  fresh: boolean;
}

const PATH: Status[] = ['draft', 'submitted', 'dept_approved', 'finance_approved', 'published'];

/** Makes tables in any status for any target, driving the real workflow over HTTP. */
export class Fixtures {
  private drivers = new Map<string, Client>();
  private cached = new Map<string, FixtureTable>();
  /** Every table made, for the leak scan. */
  readonly tables: FixtureTable[] = [];
  private n = 0;
  readonly projectDoc = seedTables().clean.find((t) => t.kind === 'project')!;
  readonly seedText = readFileSync(SEED_FILE);
  private importYear = 2100;

  /** Each import goes to a year of its own, so the seed's project names never collide. */
  nextImportYear(): number {
    return this.importYear++;
  }

  /** The persona's login (region A). */
  login(p: Exclude<Persona, 'anonymous'>): string {
    const l = this.world.a.logins;
    return { filer: l.filer, dept_reviewer: l.deptReviewer, finance_reviewer: l.finance, admin: l.admin }[p];
  }

  /** A new session of the persona, apart from the shared one (for logout). */
  freshSession(p: Exclude<Persona, 'anonymous'>): Promise<Client> {
    return loggedIn(this.base, this.login(p));
  }

  constructor(
    readonly base: string,
    readonly world: MatrixWorld,
    readonly database?: Database,
  ) {}

  async driver(login: string): Promise<Client> {
    let c = this.drivers.get(login);
    if (!c) this.drivers.set(login, (c = await loggedIn(this.base, login)));
    return c;
  }

  side(target: Target): Side {
    return this.world.sides[target];
  }

  /** A project document for the target's unit with a unique, recognisable name. */
  documentFor(target: Target, name: string): Record<string, unknown> {
    const doc = structuredClone(this.projectDoc) as unknown as Record<string, unknown>;
    const unit = this.side(target).unit;
    doc.unit = { raw: `${unit.code}-${unit.name}`, code: unit.code, name: unit.name };
    doc.projectName = { raw: name };
    return doc;
  }

  uniqueName(target: Target, status: string): string {
    return `矩阵-${target}-${status}-${++this.n}-${randomUUID().slice(0, 8)}`;
  }

  /**
   * A table owned by the target's unit in the given status. `fresh` makes a new one (for
   * requests that change it); otherwise one table per target and status is shared.
   */
  async table(target: Target, status: Status, fresh = false): Promise<FixtureTable> {
    const key = `${target}:${status}`;
    if (!fresh) {
      const c = this.cached.get(key);
      if (c) return c;
    }
    const side = this.side(target);
    const name = this.uniqueName(target, status);
    const filer = await this.driver(side.filer);
    const made = await filer.post('/api/tables', { orgId: side.unit.id, document: this.documentFor(target, name) });
    if (made.status !== 201) throw new Error(`fixture create: ${made.status} ${JSON.stringify(made.body)}`);
    const id = made.body.table.id as string;
    const steps: Array<[string, string]> = [
      [side.filer, 'submit'],
      [side.deptReviewer, 'approve'],
      [side.financeReviewer, 'approve'],
      [side.financeReviewer, 'publish'],
    ];
    for (let i = 0; i < PATH.indexOf(status); i++) {
      const [login, step] = steps[i]!;
      const r = await (await this.driver(login)).post(`/api/tables/${id}/${step}`, {});
      if (r.status !== 200) throw new Error(`fixture ${step}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    const t: FixtureTable = { id, name, target, status, fresh };
    this.tables.push(t);
    if (!fresh) this.cached.set(key, t);
    return t;
  }
}
