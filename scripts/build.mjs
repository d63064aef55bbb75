// Bundles every runtime entry point with esbuild. Entries that do not exist yet are skipped
// so that one area can be built before the others land.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  external: ['vscode'],
  logLevel: 'info',
};

const builds = [
  { ...node, entryPoints: { extension: 'src/client/extension.ts' } },
  { ...node, entryPoints: { server: 'src/server/server.ts' } },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: { engineWorker: 'src/engine/worker.ts' } },
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome114',
    sourcemap: !production,
    minify: production,
    entryPoints: { webview: 'media/main.ts' },
    loader: { '.css': 'css' },
    logLevel: 'info',
  },
].filter((b) => Object.values(b.entryPoints).every((p) => existsSync(p)))
 .map((b) => ({ ...b, outdir: 'dist' }));

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
