import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, Client, loggedIn, seedTables, startTestServer, type TestServer } from '../../../test/helpers.ts';

const dist = mkdtempSync(join(tmpdir(), 'jixiao-dist-'));
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>绩效</title><div id="root"></div>');
writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log(1)');

describe.each(BACKENDS)('public pages and the web app (%s)', (backend) => {
  let s: TestServer;
  let published: string;
  let draft: string;
  beforeAll(async () => {
    s = await startTestServer(backend, { webDist: dist });
    const { clean } = seedTables();
    const filer = await loggedIn(s.url, s.world.logins.filer);
    const dr = await loggedIn(s.url, s.world.logins.deptReviewer);
    const fin = await loggedIn(s.url, s.world.logins.finance);
    const p = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, document: clean.find((t) => t.kind === 'project') });
    published = p.body.table.id;
    await filer.post(`/api/tables/${published}/submit`);
    await dr.post(`/api/tables/${published}/approve`);
    await fin.post(`/api/tables/${published}/approve`);
    expect((await fin.post(`/api/tables/${published}/publish`)).status).toBe(200);
    const doc = structuredClone(clean.find((t) => t.kind === 'project')!) as any;
    doc.projectName = { raw: '未公开项目' };
    draft = (await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, document: doc })).body.table.id;
    await filer.post(`/api/tables/${draft}/submit`);
    await dr.post(`/api/tables/${draft}/return`, { comment: '请完善' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('lists only published tables, with the owner’s name, without a session', async () => {
    const c = new Client(s.url);
    expect((await c.get('/api/public/regions')).body.items).toEqual([{ code: '440823', name: '遂溪县' }]);
    const r = await c.get('/api/public/tables?region=440823&year=2026');
    expect(r.status).toBe(200);
    expect(r.body.items.map((t: any) => t.id)).toEqual([published]);
    expect(r.body.items[0]).toMatchObject({ status: 'published', orgName: '遂溪县科工贸和信息化局', lastAction: 'publish' });
    expect((await c.get('/api/public/tables?region=440823&year=2025')).body.items).toEqual([]);
    expect((await c.get('/api/public/tables?region=遂溪&year=2026')).status).toBe(400);
  });

  it('shows one published table; anything else is 404', async () => {
    const c = new Client(s.url);
    const r = await c.get(`/api/public/tables/${published}`);
    expect(r.status).toBe(200);
    expect(r.body.document.projectName.raw).toBe('工作经费');
    const hidden = await c.get(`/api/public/tables/${draft}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual((await c.get('/api/public/tables/00000000-0000-4000-8000-000000000000')).body);
  });

  it('lists carry the last workflow step, so a filer sees what was returned', async () => {
    const filer = await loggedIn(s.url, s.world.logins.filer);
    const r = await filer.get('/api/tables?status=draft');
    const t = r.body.items.find((x: any) => x.id === draft);
    expect(t).toMatchObject({ lastAction: 'return', orgName: '遂溪县科工贸和信息化局' });
    expect(Date.parse(t.lastActionAt)).toBeGreaterThan(0);
  });

  it('serves the built web app: index.html not cached, hashed assets immutable', async () => {
    const index = await fetch(`${s.url}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('id="root"');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const asset = await fetch(`${s.url}/assets/app-1234.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${s.url}/api/nothing`)).status).toBe(404);
  });
});

describe('without a web build', () => {
  it('/ says how to build it', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'jixiao-nodist-'));
    const s = await startTestServer('pglite', { webDist: empty });
    try {
      const r = await fetch(`${s.url}/`);
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('npm run build -w packages/web');
    } finally {
      await s.close();
      rmSync(empty, { recursive: true, force: true });
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
