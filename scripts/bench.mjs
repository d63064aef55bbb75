// Runs every bench/*.bench.ts (or only those whose name contains an argument): each is bundled
// with esbuild and run in its own Node process, so one benchmark's heap never skews another's.
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const filters = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

let failed = 0;
for (const f of files) {
  const outfile = join('.cache', 'bench', f.replace(/\.ts$/, '.cjs'));
  await esbuild.build({
    entryPoints: [join('bench', f)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'playwright-core'],
    logLevel: 'warning',
  });
  console.log(`\n== ${f}`);
  const r = spawnSync(process.execPath, ['--expose-gc', outfile], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
