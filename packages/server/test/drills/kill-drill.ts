/**
 * The kill -9 drill: start the real server (`jixiao serve --demo`) on a database, put a mixed
 * write load on it (saves with If-Match, new tables, submissions), SIGKILL it mid-load, reopen
 * the database and check that every acknowledged write is there exactly as acknowledged and that
 * nothing is corrupt (each table's version equals its newest revision, revisions have no holes,
 * every submitted table has its workflow step, the audit chain verifies). Repeated `kills` times
 * on the same database, so damage would accumulate. Used by test/hardening/faults.test.ts (a few
 * kills) and by `npm run drill:faults` (20 kills per backend, figures in docs/reliability.md).
 */
import type { Database } from '../../src/db/open.ts';
import { verifyAuditChain } from '../../src/audit/audit.ts';
import { DEMO_PASSWORD_DEFAULT } from '../../src/demo/demo.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, Client, seedTables } from '../helpers.ts';

export interface KillTarget {
  name: string;
  env: Record<string, string>;
  reopen(): Promise<Database>;
}

export interface KillFigures {
  backend: string;
  kills: number;
  acknowledged: number;
  savesChecked: number;
  tablesChecked: number;
  submissionsChecked: number;
  auditEntries: number;
  lost: number;
  corrupt: number;
  seconds: number;
}

/**
 * `jixiao serve --demo --port 0` as its own process. A loaded machine may need minutes to start
 * it; a start that fails is killed, so that no stray server is left holding the database.
 */
function startServer(env: Record<string, string>, timeoutMs = 240_000): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--demo', '--port', '0'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why}:\n${out}`));
    };
    const timer = setTimeout(() => fail('server did not start'), timeoutMs);
    const onData = (d: Buffer) => {
      out += String(d);
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve({ child, url: m[1]!.replace('localhost', '127.0.0.1') });
      }
    };
    const onExit = (code: number | null) => fail(`server exited (${code}) before listening`);
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (out += String(d)));
    child.once('exit', onExit);
  });
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runKillDrill(target: KillTarget, kills: number, opts: { minAcked?: number; log?: (l: string) => void } = {}): Promise<KillFigures> {
  const t0 = Date.now();
  const base = structuredClone(seedTables().clean.find((t) => t.kind === 'project')!) as any;
  const saves = new Map<string, { version: number; overview: string }>();
  const created = new Set<string>();
  const submitted = new Set<string>();
  let acknowledged = 0;
  const problems: string[] = [];
  let auditEntries = 0;
  for (let round = 1; round <= kills; round++) {
    const server = await startServer(target.env);
    const client = new Client(server.url);
    const login = await client.login('bumen', DEMO_PASSWORD_DEFAULT);
    if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
    const unitId = (await client.get('/api/orgs')).body.items.find((o: any) => o.code === '144001').id as string;
    let stop = false;
    let roundAcks = 0;
    const ack = () => {
      acknowledged++;
      roundAcks++;
    };
    const writer = async (w: number) => {
      const doc = { ...base, projectName: { raw: `演练-${round}-写入-${w}` } };
      const c = await client.post('/api/tables', { orgId: unitId, document: doc }).catch(() => null);
      if (!c || c.status !== 201) return;
      const id = c.body.table.id as string;
      saves.set(id, { version: 1, overview: doc.overview.raw });
      created.add(id);
      ack();
      for (let n = 1; !stop; n++) {
        const overview = `round ${round} writer ${w} save ${n}`;
        const r = await client.put(`/api/tables/${id}`, { ...doc, overview: { raw: overview } }, { 'if-match': `"${saves.get(id)!.version}"` }).catch(() => null);
        if (r?.status === 200) {
          saves.set(id, { version: r.body.table.version, overview });
          ack();
        } else if (!stop) await wait(20);
      }
    };
    const submitter = async () => {
      for (let n = 0; !stop; n++) {
        const r = await client.post('/api/tables', { orgId: unitId, document: { ...base, projectName: { raw: `演练-${round}-提交-${n}` } } }).catch(() => null);
        if (r?.status !== 201) continue;
        created.add(r.body.table.id);
        ack();
        const s = await client.post(`/api/tables/${r.body.table.id}/submit`, {}).catch(() => null);
        if (s?.status === 200) {
          submitted.add(r.body.table.id);
          ack();
        }
      }
    };
    const load = Promise.allSettled([writer(1), writer(2), writer(3), submitter()]);
    const started = Date.now();
    const minAcked = opts.minAcked ?? 20;
    while (Date.now() - started < 800 || (roundAcks < minAcked && Date.now() - started < 30_000)) await wait(25);
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGKILL');
    await exited;
    stop = true;
    await load;

    // Reopen (PGlite takes over the dead process's lock) and check everything acknowledged so far.
    const db = await target.reopen();
    try {
      for (const [id, a] of saves) {
        const [rev] = await db.query<{ overview: string }>("SELECT document #>> '{overview,raw}' AS overview FROM table_revisions WHERE table_id = $1 AND version = $2", [id, a.version]);
        if (!rev || rev.overview !== a.overview) problems.push(`lost: save v${a.version} of ${id}`);
      }
      for (const id of created) {
        const [row] = await db.query<{ status: string }>('SELECT status FROM target_tables WHERE id = $1', [id]);
        if (!row) problems.push(`lost: table ${id}`);
        else if (submitted.has(id) && row.status === 'draft') problems.push(`lost: submission of ${id}`);
      }
      for (const id of submitted) {
        const ev = await db.query("SELECT 1 FROM workflow_events WHERE table_id = $1 AND action = 'submit'", [id]);
        if (ev.length === 0) problems.push(`lost: submit event of ${id}`);
      }
      // Nothing corrupt: a table's version is its newest revision and no revision is missing.
      const bad = await db.query<{ id: string }>(
        `SELECT t.id FROM target_tables t LEFT JOIN (SELECT table_id, max(version) AS maxv, count(*) AS n FROM table_revisions GROUP BY table_id) r ON r.table_id = t.id
         WHERE r.maxv IS DISTINCT FROM t.version OR r.n <> t.version`,
      );
      for (const b of bad) problems.push(`corrupt: table ${b.id} version does not match its revisions`);
      const chain = await verifyAuditChain(db.db, '440823');
      if (!chain.ok) problems.push(`corrupt: audit chain broken at ${chain.brokenAt} (${chain.reason})`);
      auditEntries = chain.entries;
    } finally {
      await db.close();
    }
    opts.log?.(`${target.name}: kill ${round}/${kills} after ${roundAcks} acknowledged writes — checked ${saves.size} tables' last saves, ${created.size} tables, ${submitted.size} submissions; problems so far ${problems.length}`);
  }
  return {
    backend: target.name,
    kills,
    acknowledged,
    savesChecked: saves.size,
    tablesChecked: created.size,
    submissionsChecked: submitted.size,
    auditEntries,
    lost: problems.filter((p) => p.startsWith('lost')).length,
    corrupt: problems.filter((p) => p.startsWith('corrupt')).length,
    seconds: Math.round((Date.now() - t0) / 100) / 10,
    ...(problems.length ? { problems: problems.slice(0, 20) } : {}),
  } as KillFigures;
}
