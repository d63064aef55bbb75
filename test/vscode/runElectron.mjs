#!/usr/bin/env node
// `npm run test:vscode:electron`: the same suite as `npm run test:vscode` (test/vscode/suite/),
// run by @vscode/test-electron in desktop VS Code, for machines that can download VS Code
// (on Linux without a display, run it under xvfb-run). Our CI machines cannot: they use
// scripts/vscode-test.mjs with code-server instead.
import { runTests } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE, ROOT, bundleSuite, makeWorkspace, suiteEnv } from '../../scripts/vscode-common.mjs';

const dir = join(CACHE, 'electron');
const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const extensionTestsPath = await bundleSuite();
rmSync(join(dir, 'run'), { recursive: true, force: true });
mkdirSync(join(dir, 'run'), { recursive: true });
const workspace = makeWorkspace(join(dir, 'run', 'workspace'));
const resultsFile = join(dir, 'run', 'results.json');

let code = 0;
try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    cachePath: join(dir, 'download'),
    extensionDevelopmentPath: ROOT,
    extensionTestsPath,
    extensionTestsEnv: suiteEnv(resultsFile),
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      `--user-data-dir=${join(dir, 'run', 'user-data')}`,
    ],
  });
} catch (err) {
  console.error(`runElectron: ${err.message ?? err}`);
  code = 1;
}
const tests = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')).tests : [];
const count = (s) => tests.filter((t) => t.state === s).length;
if (tests.length === 0) console.error('runElectron: no test ran');
else console.log(`${count('passed')} passed, ${count('failed')} failed${count('skipped') ? `, ${count('skipped')} skipped` : ''}`);
process.exit(code || count('failed') > 0 || tests.length === 0 ? 1 : 0);
