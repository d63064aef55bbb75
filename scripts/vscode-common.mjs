// Shared by both VS Code test runners (scripts/vscode-test.mjs for code-server, and
// test/vscode/runElectron.mjs for desktop VS Code): where things live, the suite bundle and the
// throwaway workspace the suite opens.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const CACHE = join(ROOT, '.cache', 'vscode-test');
export const OUTPUT = join(ROOT, 'test-output', 'vscode');
export const SUITE_OUT = join(CACHE, 'suite');

/** Bundles test/vscode/suite/{index,*.test}.ts into SUITE_OUT (not dist/, so the .vsix stays clean). */
export async function bundleSuite() {
  const dir = join(ROOT, 'test', 'vscode', 'suite');
  const entries = readdirSync(dir).filter((f) => f === 'index.ts' || f.endsWith('.test.ts')).map((f) => join(dir, f));
  rmSync(SUITE_OUT, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: entries,
    outdir: SUITE_OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    // mocha resolves from the repository's node_modules (SUITE_OUT is inside the repository).
    external: ['vscode', 'mocha', 'mocha/*'],
    logLevel: 'warning',
  });
  return join(SUITE_OUT, 'index.js');
}

/** A fresh workspace folder: copies of examples/*.netscenario and test/vscode/fixtures/*. */
export function makeWorkspace(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const src of [join(ROOT, 'examples'), join(ROOT, 'test', 'vscode', 'fixtures')]) {
    if (!existsSync(src)) continue;
    for (const f of readdirSync(src).filter((f) => f.endsWith('.netscenario'))) cpSync(join(src, f), join(dir, f));
  }
  return dir;
}

/** Environment the suite reads (test/vscode/suite/helpers.ts and index.ts). */
export function suiteEnv(resultsFile) {
  return { NETSCENARIO_REPO: ROOT, NETSCENARIO_VSCODE_RESULTS: resultsFile };
}
