#!/usr/bin/env node
// Builds the web app (packages/web/dist) before `npm start` when it is missing or older than its
// sources, so that a fresh clone's `npm ci && npm start` serves the app, not a "not built" page.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const built = join(root, 'packages/web/dist/index.html');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sources = ['packages/web/src', 'packages/web/index.html', 'packages/core/src', 'packages/core/rulesets'].map((p) => join(root, p));
const stale = !existsSync(built) || sources.some((p) => existsSync(p) && (statSync(p).isDirectory() ? newest(p) : statSync(p).mtimeMs) > statSync(built).mtimeMs);
if (stale) {
  console.log('构建网页界面 / building the web app (packages/web/dist)…');
  execSync('npm run build -w packages/web', { cwd: root, stdio: 'inherit' });
}
