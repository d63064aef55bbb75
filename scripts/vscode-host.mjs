// Starts and stops the two processes the VS Code tests drive: code-server (a real VS Code server
// with a Node extension host, from the npm registry) and headless Debian chromium. Both run in
// their own process group and are killed by group id, so no extension host or language server
// outlives a run. Any failure to start throws InfraError with the reason.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CACHE } from './vscode-common.mjs';

export const NODE24 = join(CACHE, 'node24', 'node_modules', 'node', 'bin', 'node');
export const CODE_SERVER = join(CACHE, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** A failure of the test machinery itself (setup missing, a process not starting, a timeout). */
export class InfraError extends Error {}

const groups = new Set();
/** Kills every process group still registered; safe to call more than once, synchronous. */
export function killAll() {
  for (const pid of groups) killGroup(pid);
}
function killGroup(pid) {
  groups.delete(pid);
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export function checkInstalled() {
  const missing = [NODE24, CODE_SERVER, CHROMIUM].filter((p) => !existsSync(p));
  if (missing.length) throw new InfraError(`missing ${missing.join(', ')}: run bash scripts/vscode-setup.sh first`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Throwaway user-data, extensions, config and XDG dirs under `dir`, with quiet settings. */
export function profileDirs(dir) {
  const p = {
    userData: join(dir, 'user-data'),
    extensions: join(dir, 'extensions'),
    xdg: join(dir, 'xdg'),
    config: join(dir, 'config.yaml'),
    home: join(dir, 'home'),
  };
  for (const d of [p.userData, p.extensions, p.xdg, p.home]) mkdirSync(d, { recursive: true });
  writeFileSync(p.config, 'auth: none\ncert: false\n');
  mkdirSync(join(p.userData, 'User'), { recursive: true });
  writeFileSync(
    join(p.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoUpdate': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.ignoreRecommendations': true,
        'chat.disableAIFeatures': true,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'git.enabled': false,
        'files.autoSave': 'off',
      },
      null,
      1,
    ),
  );
  return p;
}

/** Installs a .vsix the way users do; throws with code-server's output on failure. */
export function installVsix(vsix, profile) {
  const r = spawnSync(
    NODE24,
    [CODE_SERVER, '--install-extension', vsix, '--extensions-dir', profile.extensions, '--user-data-dir', profile.userData],
    { encoding: 'utf8', timeout: 120_000, env: { ...process.env, XDG_CONFIG_HOME: profile.xdg, HOME: profile.home } },
  );
  if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (${r.error ?? `exit ${r.status}`}): ${r.stdout}${r.stderr}`);
  return r.stdout.trim();
}

/**
 * Starts code-server on a free 127.0.0.1 port in its own process group and waits for /healthz.
 * `env` reaches the extension host, which inherits the server's environment.
 */
export async function startCodeServer(profile, logFile, env = {}) {
  const port = await freePort();
  const args = [
    CODE_SERVER,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', profile.userData,
    '--extensions-dir', profile.extensions,
    '--config', profile.config,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--ignore-last-opened',
    // Makes the workbench honour the payload URL and call window.codeAutomationExit.
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  const log = createWriteStream(logFile);
  const child = spawn(NODE24, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, XDG_CONFIG_HOME: profile.xdg, HOME: profile.home },
  });
  groups.add(child.pid);
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited;
  child.on('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new InfraError(`code-server ${exited} before answering /healthz; see ${logFile}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new InfraError(`code-server did not answer ${url}/healthz within 60 s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    stop: () => killGroup(child.pid),
  };
}

/** Launches headless Debian chromium (its own process group) and connects Playwright to it. */
export async function startChromium(home) {
  let server;
  try {
    server = await chromium.launchServer({
      executablePath: CHROMIUM,
      headless: true,
      timeout: 60_000,
      env: { ...process.env, HOME: home },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
  } catch (err) {
    throw new InfraError(`chromium (${CHROMIUM}) did not start: ${err.message}`);
  }
  const pid = server.process().pid;
  groups.add(pid);
  const browser = await chromium.connect(server.wsEndpoint(), { timeout: 30_000 });
  return {
    browser,
    stop: async () => {
      await browser.close().catch(() => undefined);
      await server.close().catch(() => undefined);
      killGroup(pid);
    },
  };
}
