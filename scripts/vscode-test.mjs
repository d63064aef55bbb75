#!/usr/bin/env node
// `npm run test:vscode`: the extension tested inside a real VS Code (code-server's Node extension
// host) driven by headless Debian chromium. Two layers:
//   api  the mocha suite test/vscode/suite/ runs in the extension host with the repository as
//        extensionDevelopmentPath (the @vscode/test-electron contract, via the payload URL);
//   ui   Playwright on the workbench page with the .vsix from `npm run package` installed the way
//        users install it.
// Prints each test and a final `N passed, N failed` line; exits non-zero on any failure.
// Infrastructure failures (setup missing, server or browser not starting, timeouts) stop the run
// with the reason. No retries. Needs `bash scripts/vscode-setup.sh` once.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE, OUTPUT, ROOT, bundleSuite, makeWorkspace, suiteEnv } from './vscode-common.mjs';
import { InfraError, checkInstalled, installVsix, killAll, profileDirs, startChromium, startCodeServer } from './vscode-host.mjs';
import { runUiChecks } from './vscode-ui.mjs';

const SUITE_TIMEOUT_MS = 300_000;
const RUN_DIR = join(CACHE, 'run');
const VSIX = join(ROOT, 'netscenario.vsix');

/** @type {{ layer: string, title: string, state: 'passed'|'failed'|'skipped', durationMs: number, error?: string }[]} */
const results = [];
class BuildError extends Error {}
const t0 = Date.now();
const secs = (from) => `${((Date.now() - from) / 1000).toFixed(1)} s`;
const log = (msg) => console.log(`vscode-test: ${msg}`);

process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    killAll();
    process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
  });
}

try {
  await main();
} catch (err) {
  killAll();
  if (err instanceof InfraError || err instanceof BuildError) {
    console.error(`vscode-test: ${err instanceof BuildError ? 'BUILD FAILED' : 'INFRASTRUCTURE FAILURE'}: ${err.message}`);
    process.exit(2);
  }
  throw err;
}

async function main() {
  const prepareOnly = process.argv.indexOf('--prepare-only');
  if (prepareOnly >= 0) {
    // For the "Extension Tests" launch configuration: build, bundle and lay out a workspace.
    npm('run', 'build');
    await bundleSuite();
    log(`suite bundled; workspace ${makeWorkspace(process.argv[prepareOnly + 1] ?? join(CACHE, 'debug-workspace'))}`);
    return;
  }
  checkInstalled();
  rmSync(RUN_DIR, { recursive: true, force: true });
  rmSync(OUTPUT, { recursive: true, force: true });
  mkdirSync(OUTPUT, { recursive: true });

  let t = Date.now();
  npm('run', 'build');
  const suiteIndex = await bundleSuite();
  log(`built dist/ and the suite bundle in ${secs(t)}`);

  // `--only api` or `--only ui` runs one layer (for working on it); CI runs both.
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  if (only !== 'ui') {
    t = Date.now();
    await runApiLayer(suiteIndex);
    log(`api layer took ${secs(t)}`);
  }
  if (only === 'api') return report();

  t = Date.now();
  const packaged = npm('run', 'package');
  if (packaged.ok && existsSync(VSIX)) {
    log(`packaged ${VSIX} in ${secs(t)}`);
    t = Date.now();
    await runUiLayer();
    log(`ui layer took ${secs(t)}`);
  } else {
    results.push({ layer: 'ui', title: 'npm run package builds netscenario.vsix', state: 'failed', durationMs: 0, error: packaged.output });
  }

  report();
}

function npm(...args) {
  const r = spawnSync('npm', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) {
    if (args[1] === 'build') throw new BuildError(`npm ${args.join(' ')} failed:\n${output}`);
    return { ok: false, output: `npm ${args.join(' ')} failed (${r.error ?? `exit ${r.status}`}):\n${output}` };
  }
  return { ok: true, output };
}

async function runApiLayer(suiteIndex) {
  const dir = join(RUN_DIR, 'api');
  const profile = profileDirs(dir);
  const workspace = makeWorkspace(join(dir, 'workspace'));
  const resultsFile = join(dir, 'results.json');
  const server = await startCodeServer(profile, join(OUTPUT, 'code-server-api.log'), suiteEnv(resultsFile));
  const chrome = await startChromium(profile.home);
  try {
    const page = await chrome.browser.newPage();
    const consoleLog = createWriteStream(join(OUTPUT, 'extension-host-api.log'));
    page.on('console', (m) => consoleLog.write(`${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack ?? e}\n`));
    let exitCode;
    const exited = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve((exitCode = code))));
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(suiteIndex)],
    ];
    const suiteUrl = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(suiteUrl, { timeout: 60_000 }).catch((err) => {
      throw new InfraError(`the workbench page did not load: ${err.message}`);
    });
    let timer;
    const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS)));
    const outcome = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    await page.screenshot({ path: join(OUTPUT, 'api-suite-end.png') }).catch(() => undefined);
    const recorded = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : undefined;
    for (const r of recorded?.tests ?? []) results.push({ layer: 'api', ...r });
    if (outcome === 'timeout') {
      throw new InfraError(
        `the mocha suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s (${recorded?.tests.length ?? 0} tests recorded, ` +
          `last: ${recorded?.tests.at(-1)?.title ?? 'none'}); see ${join(OUTPUT, 'extension-host-api.log')}`,
      );
    }
    if (!recorded || (recorded.tests.length === 0 && exitCode !== 0)) {
      throw new InfraError(
        `the extension host exited with ${exitCode} without running any test (suite failed to load?); ` +
          `see ${join(OUTPUT, 'extension-host-api.log')} and ${join(OUTPUT, 'code-server-api.log')}`,
      );
    }
    if (!recorded.done) throw new InfraError(`the suite stopped after ${recorded.tests.length} tests (exit code ${exitCode})`);
    consoleLog.end();
  } finally {
    await chrome.stop();
    server.stop();
  }
}

async function runUiLayer() {
  const dir = join(RUN_DIR, 'ui');
  const profile = profileDirs(dir);
  const workspace = makeWorkspace(join(dir, 'workspace'));
  const start = Date.now();
  try {
    installVsix(VSIX, profile);
    results.push({ layer: 'ui', title: 'code-server --install-extension netscenario.vsix', state: 'passed', durationMs: Date.now() - start });
  } catch (err) {
    results.push({ layer: 'ui', title: 'code-server --install-extension netscenario.vsix', state: 'failed', durationMs: Date.now() - start, error: err.message });
    return;
  }
  const server = await startCodeServer(profile, join(OUTPUT, 'code-server-ui.log'));
  const chrome = await startChromium(profile.home);
  try {
    const page = await chrome.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const consoleLog = createWriteStream(join(OUTPUT, 'workbench-ui.log'));
    page.on('console', (m) => consoleLog.write(`${m.text()}\n`));
    await runUiChecks(page, { url: `${server.url}/?folder=${encodeURIComponent(workspace)}`, workspace, output: OUTPUT }, (r) =>
      results.push({ layer: 'ui', ...r }),
    );
    consoleLog.end();
  } finally {
    await chrome.stop();
    server.stop();
  }
}

function report() {
  console.log('');
  for (const r of results) {
    const mark = r.state === 'passed' ? '✓' : r.state === 'failed' ? '✗' : '-';
    const extra = r.state === 'skipped' ? ` (skipped${r.error ? `: ${r.error}` : ''})` : ` (${r.durationMs} ms)`;
    console.log(`  ${mark} [${r.layer}] ${r.title}${extra}`);
    if (r.state === 'failed' && r.error) console.log(indent(r.error.split('\n').slice(0, 20).join('\n'), 6));
  }
  const count = (s) => results.filter((r) => r.state === s).length;
  const [passed, failed, skipped] = [count('passed'), count('failed'), count('skipped')];
  writeFileSync(join(OUTPUT, 'results.json'), JSON.stringify({ passed, failed, skipped, tests: results }, null, 1));
  console.log(`\nvscode-test: total ${secs(t0)}; screenshots and logs in ${OUTPUT}`);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

function indent(text, n) {
  return text.replace(/^/gm, ' '.repeat(n));
}
