// Type-checks every workspace that has a tsconfig.json (tsc -p each), so a new package is
// checked without editing this script.
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

let failed = false;
for (const dir of readdirSync('packages')) {
  // tsconfig.json covers the sources; tsconfig.test.json, where present, adds the tests (which
  // may use Node's types even where the sources must not, as in the pure core).
  for (const name of ['tsconfig.json', 'tsconfig.test.json']) {
    const tsconfig = join('packages', dir, name);
    if (!existsSync(tsconfig)) continue;
    const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', tsconfig, '--noEmit'], { stdio: 'inherit' });
    console.log(`typecheck ${dir}/${name}: ${r.status === 0 ? 'ok' : 'FAILED'}`);
    if (r.status !== 0) failed = true;
  }
}
process.exit(failed ? 1 : 0);
