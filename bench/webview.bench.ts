// Results panel in headless chromium: time from the run message to the first chart frame, time
// to zoom in (request, downsample, redraw), the longest main-thread task, and the page's JS heap,
// for runs of 10k, 100k and 1M samples per series. The extension side (RunStore) runs here in
// Node, as in VS Code, so the page heap holds only what the webview keeps.
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { RunStore } from '../src/client/run/runStore';
import type { RunResult } from '../src/engine/result';
import { isWebviewToHost } from '../src/shared/webviewMessages';
import { chromiumMissing, launch, servePanel } from '../test/webview/browser';

const SERIES = 8;
const REPEATS = 5;
const SIZES = [10_000, 100_000, 1_000_000];

function syntheticRun(samples: number): RunResult {
  const t = new Array<number>(samples);
  for (let i = 0; i < samples; i++) t[i] = i;
  return {
    scenario: `synthetic ${samples}`, kernel: 'linux-6.8', seed: 1, durationMs: samples,
    hosts: { server: { counters: {}, sysctls: {}, addresses: ['10.0.0.2'] } },
    connections: [], listeners: [], udp: [], expectations: [], events: [], eventsDropped: 0,
    timeline: {
      t,
      series: Array.from({ length: SERIES }, (_, k) => ({
        id: `server/q${k}`, host: 'server', group: `queue ${k % 4}`, name: `q${k}`, unit: 'count' as const, limit: 100,
        values: Array.from({ length: samples }, (_, i) => Math.round(50 + 45 * Math.sin(i / (500 + k * 37)) + ((i * 7919) % 11))),
      })),
    },
  };
}

// Replaces acquireVsCodeApi with a bridge to Node, and records when messages arrive and frames land.
const INIT = `
  window.__bench = { longest: 0, runAt: 0, windowAt: 0 };
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__bench.longest = Math.max(window.__bench.longest, e.duration); })
    .observe({ type: 'longtask', buffered: true });
  window.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'run') window.__bench.runAt = performance.now();
    if (e.data && e.data.type === 'window') window.__bench.windowAt = performance.now();
  }, true);
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__toHost(m), getState: () => null, setState: () => {} });
`;

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / 1048576;
}

async function main(): Promise<void> {
  const missing = chromiumMissing();
  if (missing) {
    console.log(`webview bench skipped: ${missing}`);
    return;
  }
  if (!existsSync('dist/webview.js')) throw new Error('dist/webview.js is missing: run npm run build first');
  const served = await servePanel();
  const browser = await launch();
  try {
    console.log(`series per run: ${SERIES}; figures are medians of ${REPEATS} loads`);
    console.log('samples/series  host prep ms  msg→first frame ms  zoom→frame ms  longest task ms  page heap MB');
    for (const samples of SIZES) {
      const run = syntheticRun(samples);
      const rows: number[][] = [];
      for (let rep = 0; rep < REPEATS; rep++) rows.push(await measure(browser.context.newPage.bind(browser.context), served.origin, run, rep));
      const med = (k: number) => rows.map((r) => r[k]).sort((a, b) => a - b)[REPEATS >> 1];
      console.log(`${String(samples).padStart(14)}  ${med(0).toFixed(1).padStart(12)}  ${med(1).toFixed(1).padStart(18)}  ${med(2).toFixed(1).padStart(13)}  ${med(3).toFixed(0).padStart(15)}  ${med(4).toFixed(1).padStart(12)}`);
    }
  } finally {
    await browser.close();
    served.server.close();
  }
}

async function measure(newPage: () => Promise<Page>, origin: string, run: RunResult, rep: number): Promise<number[]> {
  const page = await newPage();
  const t0 = performance.now();
  const store = new RunStore(rep + 1, run, '/bench.netscenario');
  // The run message as the panel gets it (whole range reduced to its width), to time the host's share.
  store.runMessage(2000);
  const hostMs = performance.now() - t0;
  // Collect the host's garbage now, so Node's GC threads do not compete with the page for CPU.
  (globalThis as { gc?: () => void }).gc?.();
  await page.exposeFunction('__toHost', async (m: unknown) => {
    if (!isWebviewToHost(m)) return;
    const reply = m.type === 'ready' ? store.runMessage(m.columns) : store.answer(m);
    if (reply) await page.evaluate((r) => window.postMessage(r, '*'), reply as never);
  });
  await page.addInitScript({ content: INIT });
  await page.goto(`${origin}/panel.html`);
  const first = await page.evaluate(() => new Promise<number>((resolve) => {
    const b = (window as never as { __bench: { runAt: number } }).__bench;
    const done = () => requestAnimationFrame(() => resolve(performance.now() - b.runAt));
    if (document.querySelector('.chart canvas')) done();
    else document.addEventListener('netscenario:rendered', done, { once: true });
  }));
  await page.focus('#charts');
  const zoom = await page.evaluate(() => new Promise<number>((resolve) => {
    const start = performance.now();
    const b = (window as never as { __bench: { windowAt: number } }).__bench;
    b.windowAt = 0;
    document.getElementById('charts')!.dispatchEvent(new KeyboardEvent('keydown', { key: '+', bubbles: true }));
    const wait = () => (b.windowAt ? requestAnimationFrame(() => resolve(performance.now() - start)) : setTimeout(wait, 1));
    wait();
  }));
  const longest = await page.evaluate(() => (window as never as { __bench: { longest: number } }).__bench.longest);
  const heap = await heapMb(page);
  await page.close();
  return [hostMs, first, zoom, longest, heap];
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
