// Serves the real panel HTML (built by the extension's own buildPanelHtml) and the bundled
// webview from 127.0.0.1, and drives headless Debian chromium through playwright-core.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildPanelHtml } from '../../src/client/run/panelHtml';

export const CHROMIUM = '/usr/bin/chromium';
// Tests and benchmarks run from the repository root.
const ROOT = resolve(process.cwd());
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `${CHROMIUM} not found (apt-get install -y chromium)`;
}

export interface Served {
  origin: string;
  nonce: string;
  server: Server;
}

/** Serves /panel.html and /dist/* only, like localResourceRoots would allow. */
export async function servePanel(): Promise<Served> {
  const nonce = 'harnessNonce' + Math.random().toString(36).slice(2);
  let origin = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/panel.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(buildPanelHtml({ cspSource: origin, scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/dist/webview.css`, nonce }));
      return;
    }
    const file = join(ROOT, url.pathname);
    if (!url.pathname.startsWith('/dist/') || !file.startsWith(join(ROOT, 'dist')) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  origin = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return { origin, nonce, server };
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launch(): Promise<Browser> {
  const dir = mkdtempSync(join(tmpdir(), 'ns-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    ],
    viewport: { width: 1100, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens the panel with the harness host injected before any page script runs. */
export async function openPanel(browser: Browser, served: Served, hostScript: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.addInitScript({ content: hostScript });
  await page.goto(`${served.origin}/panel.html`);
  return page;
}
