// Bundles for the browser tests: the webview exactly as scripts/build.mjs builds it, and the
// harness host that stands in for the extension inside the page.
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = resolve(process.cwd());

/** Builds dist/webview.js and dist/webview.css the same way scripts/build.mjs does. */
export async function buildWebview(): Promise<void> {
  await esbuild.build({
    bundle: true, platform: 'browser', format: 'iife', target: 'chrome114', sourcemap: true,
    entryPoints: { webview: join(ROOT, 'media/main.ts') }, outdir: join(ROOT, 'dist'), loader: { '.css': 'css' }, logLevel: 'warning',
  });
}

export async function harnessHostScript(): Promise<string> {
  const r = await esbuild.build({
    bundle: true, platform: 'browser', format: 'iife', target: 'chrome114', write: false,
    entryPoints: [join(ROOT, 'test/webview/harnessHost.ts')], logLevel: 'warning',
  });
  return r.outputFiles[0].text;
}

