// Entry of the VS Code integration suite, loaded by the extension host as extensionTestsPath.
// It follows @vscode/test-electron's contract (`run(): Promise<void>`), so the same bundle runs in
// desktop VS Code (test/vscode/runElectron.mjs) and in code-server (scripts/vscode-test.mjs).
// Besides mocha's console output it writes every result to the JSON file named by
// NETSCENARIO_VSCODE_RESULTS, because extension-host console output reaches the runner only
// through the browser page, pre-joined and out of order.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import type MochaModule from 'mocha';

// mocha 12 is an ES module package; its CommonJS build is what an extension host requires.
const Mocha: typeof MochaModule = require('mocha/lib/mocha.cjs');

/** Runs first: it asserts the extension is still inactive, before any test opens a scenario. */
const FIRST_FILE = 'activation.test.js';

export interface TestRecord {
  title: string;
  state: 'passed' | 'failed' | 'skipped';
  durationMs: number;
  error?: string;
}

export function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(util.format(...args));
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec' });
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js'));
  if (!files.includes(FIRST_FILE)) throw new Error(`${FIRST_FILE} missing next to ${__filename}`);
  for (const f of [FIRST_FILE, ...files.filter((f) => f !== FIRST_FILE).sort()]) mocha.addFile(path.join(__dirname, f));

  const records: TestRecord[] = [];
  const resultsFile = process.env.NETSCENARIO_VSCODE_RESULTS;
  const save = () => {
    if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify({ done: false, tests: records }, null, 1));
  };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify({ done: true, tests: records }, null, 1));
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => {
      records.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 });
      save();
    });
    runner.on('pending', (t) => {
      records.push({ title: t.fullTitle(), state: 'skipped', durationMs: 0, error: skipReason(t) });
      save();
    });
    // 'fail' also fires for failing hooks, whose tests then never run: record the hook itself.
    runner.on('fail', (t, err: Error) => {
      records.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error: err?.stack ?? String(err) });
      save();
    });
  });
}

function skipReason(t: MochaModule.Runnable): string | undefined {
  return (t as MochaModule.Runnable & { skipReason?: string }).skipReason;
}
