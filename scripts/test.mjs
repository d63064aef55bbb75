// The whole test run behind `npm test`: build, typecheck, the vitest suites, then the suite inside
// a real VS Code (code-server). Ends with one plain `N passed, N failed` line over everything.
import { spawn } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';

const vitestJson = 'test-output/vitest.json';
let passed = 0;
let failed = 0;
const problems = [];

function run(cmd, args, { capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
    let out = '';
    if (capture) {
      child.stdout.on('data', (d) => {
        process.stdout.write(d);
        out += d;
      });
    }
    child.on('close', (code, signal) => resolve({ code: code ?? 1, signal, out }));
  });
}

async function step(name, cmd, args) {
  const r = await run(cmd, args);
  if (r.code !== 0) problems.push(`${name} failed (exit ${r.code}${r.signal ? `, ${r.signal}` : ''})`);
  return r.code === 0;
}

mkdirSync('test-output', { recursive: true });
const built = await step('build', 'npm', ['run', 'build', '--silent']);
await step('typecheck', 'npx', ['tsc', '-p', '.', '--noEmit']);

const unit = await run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
try {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  if (r.numFailedTestSuites > 0 && r.numFailedTests === 0) problems.push(`${r.numFailedTestSuites} vitest file(s) failed to load`);
} catch {
  problems.push('vitest wrote no results');
}
if (unit.code !== 0 && !problems.some((p) => p.startsWith('vitest'))) problems.push(`vitest exited ${unit.code}`);

if (built && !process.argv.includes('--unit-only') && (await step('VS Code set-up', 'bash', ['scripts/vscode-setup.sh']))) {
  const vs = await run('npm', ['run', '--silent', 'test:vscode'], { capture: true });
  const m = [...vs.out.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  if (vs.code !== 0 || !m) problems.push(`VS Code suite failed (exit ${vs.code}${m ? '' : ', no result line'})`);
}

for (const p of problems) console.error(`error: ${p}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(problems.length || failed ? 1 : 0);
