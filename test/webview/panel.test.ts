// The results panel in headless Debian chromium: the real panel HTML (buildPanelHtml), the real
// bundle (dist/webview.js), a run from the fixture source, and the extension's own RunStore
// answering the panel's requests inside the page.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/engine/result';
import type { WebviewToHost } from '../../src/shared/webviewMessages';
import { chromiumMissing, launch, openPanel, servePanel, type Browser, type Served } from './browser';
import { buildWebview, harnessHostScript } from './bundle';
import { fmtTimeExact as fmt } from '../../media/format';
import { groupSeries, seriesLabel } from '../../media/series';
import { RunStore } from '../../src/client/run/runStore';
import { panelFixture } from './panelFixture';

const OUT = 'test-output/webview';
const missing = chromiumMissing();
if (missing && process.env.CI === 'true') throw new Error(`webview tests need chromium under CI: ${missing}`);
if (missing) console.warn(`skipping the webview browser tests: ${missing}`);

describe.skipIf(!!missing)('results panel in chromium', () => {
  let served: Served;
  let browser: Browser;
  let hostScript: string;
  let page: Page;
  let run: RunResult;
  let file: string;

  const sent = (): Promise<WebviewToHost[]> => page.evaluate(() => (window as never as { __harness: { sent: WebviewToHost[] } }).__harness.sent);
  const load = async (p: Page) => {
    await p.evaluate(([r, f]) => (window as never as { __harness: { load(r: unknown, f: string): void } }).__harness.load(r, f), [run, file] as const);
    await p.waitForFunction(() => document.querySelectorAll('.chart canvas').length > 0 && document.querySelector('#socket-table tbody'));
  };
  const cursorCaption = () => page.locator('#socket-table caption').textContent();

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    ({ result: run, file } = panelFixture());
    await buildWebview();
    hostScript = await harnessHostScript();
    served = await servePanel();
    browser = await launch();
    page = await openPanel(browser, served, hostScript);
    page.on('pageerror', (e) => { throw e; });
    await load(page);
  });

  afterAll(async () => {
    await browser?.close();
    served?.server.close();
  });

  it('draws one chart per host and group, with a legend of the run\'s series and their values at the cursor', async () => {
    // The run message carried its whole range already reduced: no data request was needed to draw it.
    expect((await sent()).filter((m) => m.type === 'requestWindow')).toEqual([]);
    const charts = await page.locator('.chart').count();
    expect(charts).toBeGreaterThan(0);
    expect(await page.locator('.chart canvas').count()).toBe(charts);
    // The cursor starts at the end of the run, so the legend shows each series' last sample.
    const legend = await page.evaluate(() => Array.from(document.querySelectorAll('.u-legend .u-series')).map((r) => ({
      label: r.querySelector('.u-label')?.textContent ?? '', value: r.querySelector('.u-value')?.textContent ?? '',
    })));
    const groups = groupSeries(new RunStore(1, run, file).meta);
    expect(charts).toBe(groups.length);
    const captions = await page.locator('.chart figcaption').allTextContents();
    expect(captions).toEqual(groups.map((g) => g.title));
    const values = new Map(run.timeline.series.map((s) => [s.id, s.values]));
    let checked = 0;
    for (const s of groups.flatMap((g) => g.series).filter((x) => x.kind !== 'rate')) {
      const label = seriesLabel(s);
      const rows = legend.filter((l) => l.label === label);
      expect(rows.length, `legend row ${label}`).toBeGreaterThan(0);
      expect(rows.map((r) => r.value)).toContain(String(values.get(s.id)!.at(-1)));
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
    await page.screenshot({ path: `${OUT}/panel-dark.png`, fullPage: true });
  });

  it('shows the run\'s sockets and listeners at the cursor in ss style', async () => {
    const listen = await page.locator('#listen-table tbody tr').allTextContents();
    for (const l of run.listeners) {
      expect(listen.some((r) => r.startsWith('LISTEN') && r.includes(`${l.acceptQueue}${l.limit}0.0.0.0:${l.port}`)), listen.join('\n')).toBe(true);
    }
    const rows = await page.locator('#socket-table tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((td) => td.textContent)));
    for (const c of run.connections.filter((x) => x.clientState !== 'none')) {
      expect(rows, `client socket ${c.local}`).toContainEqual([c.clientState, String(c.recvQ), String(c.sendQ), c.local, c.remote, `users:(("${c.app}"))`]);
    }
    expect(await page.locator('#socket-table thead').textContent()).toBe('StateRecv-QSend-QLocal Address:PortPeer Address:PortProcess');
  });

  it('draws the packet ladder of a connection, with its SYNs and its drops labelled', async () => {
    // The last client of the somaxconn case: its final ACK and data are dropped by the full accept queue.
    const conn = run.connections.at(-1)!;
    const key = `${conn.host}/${conn.app}#${conn.index}`;
    await page.locator('#ladder-select').selectOption(key);
    const evs = run.events.filter((e) => e.conn === key);
    const labels = await page.locator('#ladder g.packet').evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-label') ?? ''));
    const syns = evs.filter((e) => e.kind === 'send' && e.flags === 'S').length;
    expect(syns).toBeGreaterThan(0);
    expect(labels.filter((l) => / SYN( |$)/.test(l)).length).toBe(syns);
    const drops = evs.filter((e) => e.kind === 'drop');
    expect(drops.length).toBeGreaterThan(0);
    expect(labels.filter((l) => l.includes('dropped:')).length).toBe(drops.length);
    expect(labels.filter((l) => l.includes('(retransmission)')).length).toBe(evs.filter((e) => e.kind === 'send' && e.retransmit).length);
    for (const d of drops) {
      expect(labels.some((l) => l.includes(`dropped: ${d.reason}`) && (!d.counter || l.includes(d.counter))), `drop ${d.reason}`).toBe(true);
    }
    expect(await page.locator('#ladder .drop-label').count()).toBe(labels.filter((l) => l.includes('dropped:')).length);
    await page.locator('#ladder').screenshot({ path: `${OUT}/ladder-${conn.app}-${conn.index}.png` });
  });

  it('moves the cursor with the keyboard and by clicking a packet, and the socket table follows', async () => {
    const before = await cursorCaption();
    await page.locator('#charts').focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowLeft');
    await page.waitForFunction((b) => document.querySelector('#socket-table caption')?.textContent !== b, before);
    expect(await cursorCaption()).not.toBe(before);
    const first = page.locator('#ladder g.packet').first();
    const t = Number(await first.getAttribute('data-t'));
    await first.click();
    await page.waitForFunction((x) => document.querySelector('#cursor-time')?.textContent?.includes(x), fmt(t));
    expect(await cursorCaption()).toContain(fmt(t));
    // Mid-run values: the listener's Recv-Q is the accept queue sampled at the cursor.
    const { t: times, series } = run.timeline;
    const i = times.filter((x) => x <= t).length - 1;
    for (const l of run.listeners) {
      const q = series.find((x) => x.host === l.host && x.group === `listen:${l.port}` && x.name === 'acceptQueue')!;
      const row = await page.locator('#listen-table tbody tr').first().locator('td').allTextContents();
      expect(row.slice(0, 4)).toEqual(['LISTEN', String(q.values[i]), String(l.limit), `0.0.0.0:${l.port}`]);
    }
    // Keyboard activation of a packet too.
    const last = page.locator('#ladder g.packet').last();
    await last.focus();
    await page.keyboard.press('Enter');
    const t2 = Number(await last.getAttribute('data-t'));
    await page.waitForFunction((x) => document.querySelector('#socket-table caption')?.textContent?.includes(x), fmt(t2));
  });

  it('zooms all charts together by keyboard and mouse drag, fetching finer data, and resets', async () => {
    const windows = async () => (await sent()).filter((m): m is Extract<WebviewToHost, { type: 'requestWindow' }> => m.type === 'requestWindow');
    const n0 = (await windows()).length;
    await page.locator('#charts').focus();
    await page.keyboard.press('0');
    await page.keyboard.press('+');
    await expect.poll(async () => (await windows()).length).toBeGreaterThan(n0);
    const zoomed = (await windows()).at(-1)!;
    const full = run.timeline.t.at(-1)! - run.timeline.t[0];
    expect(zoomed.t1 - zoomed.t0).toBeCloseTo(full / 2, 0);
    const scales = () => page.evaluate(() => document.querySelectorAll('.chart .u-over').length);
    expect(await scales()).toBeGreaterThan(0);

    const over = page.locator('.chart .u-over').first();
    await page.evaluate(() => window.scrollTo(0, 0));
    await over.scrollIntoViewIfNeeded();
    const box = (await over.boundingBox())!;
    const n1 = (await windows()).length;
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await windows()).length).toBeGreaterThan(n1);
    const dragged = (await windows()).at(-1)!;
    expect(dragged.t1 - dragged.t0).toBeLessThan((zoomed.t1 - zoomed.t0) * 0.3);
    expect(dragged.t0).toBeGreaterThan(zoomed.t0);
    await page.screenshot({ path: `${OUT}/panel-zoomed.png`, fullPage: true });
    // Nothing (such as the pinned cursor of a time outside the zoom) sticks out of the page.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

    await over.dblclick();
    await expect.poll(async () => { const w = (await windows()).at(-1)!; return w.t1 - w.t0; }).toBeCloseTo(full, 0);

    // A plain click pins the cursor where it lands, on every chart at once.
    const b2 = (await over.boundingBox())!;
    const was = await page.locator('#cursor-time').textContent();
    await page.mouse.click(b2.x + b2.width / 2, b2.y + b2.height / 2);
    const mid = run.timeline.t[0] + full / 2;
    await expect.poll(() => page.locator('#cursor-time').textContent()).not.toBe(was);
    const shown = await page.locator('#cursor-time').textContent();
    const ms = Number(/cursor ([\d.]+) s/.exec(shown ?? '')?.[1]) * 1000;
    expect(Math.abs(ms - mid)).toBeLessThan(full / 50);
    const pins = await page.locator('.chart .pin').evaluateAll((ps) => ps.map((p) => (p as HTMLElement).style.transform));
    expect(new Set(pins).size).toBe(1);
  });

  it('restores zoom and cursor after a reload from vscode.setState', async () => {
    await page.locator('#charts').focus();
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await page.waitForTimeout(300);
    const windows = (await sent()).filter((m) => m.type === 'requestWindow') as Extract<WebviewToHost, { type: 'requestWindow' }>[];
    const before = windows.at(-1)!;
    const cursor = await page.locator('#cursor-time').textContent();
    // The harness keeps vscode.setState in sessionStorage, which survives the reload as VS Code's state does.
    await page.reload();
    await load(page);
    const w = (await sent()).filter((m) => m.type === 'requestWindow')[0] as Extract<WebviewToHost, { type: 'requestWindow' }>;
    expect([w.t0, w.t1]).toEqual([before.t0, before.t1]);
    expect(await page.locator('#cursor-time').textContent()).toBe(cursor);
  });

  it('exports the charts as PNG and SVG and asks the extension for JSON and CSV; expectations reveal their line', async () => {
    for (const id of ['export-png', 'export-svg', 'export-json', 'export-csv']) await page.locator(`#${id}`).click();
    await page.locator('#expect-list button').first().click();
    await expect.poll(async () => (await sent()).length).toBeGreaterThan(5);
    const msgs = await sent();
    const png = msgs.find((m) => m.type === 'exportImage' && m.format === 'png') as Extract<WebviewToHost, { type: 'exportImage' }>;
    const svg = msgs.find((m) => m.type === 'exportImage' && m.format === 'svg') as Extract<WebviewToHost, { type: 'exportImage' }>;
    expect(png.data.startsWith('data:image/png;base64,')).toBe(true);
    expect(png.data.length).toBeGreaterThan(5000);
    expect(svg.data).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect((svg.data.match(/<path /g) ?? []).length).toBeGreaterThan(0);
    expect(msgs).toContainEqual({ type: 'exportRun', format: 'json' });
    expect(msgs).toContainEqual({ type: 'exportRun', format: 'csv' });
    expect(msgs).toContainEqual({ type: 'revealLine', line: run.expectations[0].line });
    expect(await page.evaluate(() => (window as never as { __harness: { invalid: unknown[] } }).__harness.invalid)).toEqual([]);
  });

  it('toggles a series from the keyboard through its legend row', async () => {
    const row = page.locator('.chart').first().locator('.u-legend .u-series[role="switch"]').first();
    await row.focus();
    await page.keyboard.press('Enter');
    expect(await row.getAttribute('aria-checked')).toBe('false');
    await expect.poll(() => row.evaluate((r) => r.classList.contains('u-off'))).toBe(true);
    await page.keyboard.press(' ');
    expect(await row.getAttribute('aria-checked')).toBe('true');
  });

  it('charts UDP buffer occupancy and NIC ring occupancy against their limits', async () => {
    for (const example of ['udp-small-rcvbuf', 'nic-ring-burst']) {
      const other = panelFixture(resolve(`examples/${example}.netscenario`));
      await page.evaluate(([r, f]) => (window as never as { __harness: { load(r: unknown, f: string): void } }).__harness.load(r, f), [other.result, other.file] as const);
      await page.waitForFunction((name) => document.getElementById('title')?.textContent === name, other.result.scenario);
      const limited = other.result.timeline.series.filter((x) => x.limit !== undefined && /^(udp|nic):/.test(x.group));
      expect(limited.length, `${example} has udp/nic series`).toBeGreaterThan(0);
      const captions = await page.locator('.chart figcaption').allTextContents();
      const labels = await page.locator('.u-legend .u-series .u-label').allTextContents();
      for (const x of limited) {
        expect(captions).toContain(`${x.host} · ${x.group}`);
        expect(labels).toContain(`${x.name} (limit ${x.limit})`);
      }
      await page.screenshot({ path: `${OUT}/panel-${example}.png`, fullPage: true });
    }
  });

  it('shows the UDP sockets in ss -uanm style: Recv-Q from the timeline at the cursor, drops and rcvbuf', async () => {
    const udp = panelFixture(resolve('examples/udp-small-rcvbuf.netscenario'));
    await page.evaluate(([r, f]) => (window as never as { __harness: { load(r: unknown, f: string): void } }).__harness.load(r, f), [udp.result, udp.file] as const);
    await page.waitForFunction((name) => document.getElementById('title')?.textContent === name
      && document.querySelectorAll('#udp-table tbody tr').length > 0, udp.result.scenario);
    const u = udp.result.udp[0];
    expect(u).toMatchObject({ rcvbuf: 131072 });
    expect(u.drops).toBeGreaterThan(0);
    const cells = () => page.locator('#udp-table tbody tr').first().locator('td').allTextContents();
    expect(await page.locator('#udp-table thead').textContent()).toBe('StateRecv-QSend-QLocal Address:PortPeer Address:PortProcessDropsRcvbuf');
    // The cursor starts at the end of the run: the final values of RunResult.udp[].
    expect(await cells()).toEqual(['UNCONN', String(u.queued), '0', `0.0.0.0:${u.port}`, '0.0.0.0:*', `users:(("${u.app}"))`, String(u.drops), String(u.rcvbuf)]);

    // Mid-run, while the buffer is full: Recv-Q is the rmem sample at the cursor.
    const { t: times, series } = udp.result.timeline;
    const rmem = series.find((x) => x.host === u.host && x.group === `udp:${u.port}` && x.name === 'rmem')!;
    const before = await page.locator('#udp-table caption').textContent();
    await page.locator('#charts').focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 10; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.waitForFunction((b) => document.querySelector('#udp-table caption')?.textContent !== b, before);
    const cursorT = async () => ((await sent()).filter((m) => m.type === 'requestSample').at(-1) as Extract<WebviewToHost, { type: 'requestSample' }>).t;
    // The key presses may still be sending requests: the caption must come to show the last one.
    await expect.poll(async () => ((await page.locator('#udp-table caption').textContent()) ?? '').includes(fmt(await cursorT()))).toBe(true);
    const t = await cursorT();
    const q = rmem.values[times.filter((x) => x <= t).length - 1];
    expect(q).toBeGreaterThan(0);
    expect((await cells()).slice(0, 4)).toEqual(['UNCONN', String(q), '0', `0.0.0.0:${u.port}`]);
    expect((await cells()).at(-1)).toBe(String(u.rcvbuf));
    await page.locator('#udp-table').screenshot({ path: `${OUT}/udp-table.png` });
    await page.screenshot({ path: `${OUT}/panel-udp-sockets.png`, fullPage: true });
    // Narrow: the wider table scrolls inside its own box, the page does not.
    await page.setViewportSize({ width: 380, height: 900 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(await page.locator('#udp-table').evaluate((t) => t.parentElement!.scrollWidth > t.parentElement!.clientWidth)).toBe(true);
    await page.setViewportSize({ width: 1100, height: 900 });
  });

  it('stays small and responsive with 8,000 connections', async () => {
    const big = panelFixture(resolve('test/webview/fixtures/many-clients.netscenario'));
    expect(big.result.connections).toHaveLength(8000);
    await page.evaluate(([r, f]) => (window as never as { __harness: { load(r: unknown, f: string): void } }).__harness.load(r, f), [big.result, big.file] as const);
    await page.waitForFunction(() => document.getElementById('title')?.textContent === 'many clients');
    await page.waitForFunction(() => /of 8000 connections/.test(document.querySelector('#socket-table caption')?.textContent ?? ''));
    expect(await page.locator('#summary').textContent()).toContain('8000 connections');
    expect(await page.locator('#socket-table tbody tr').count()).toBe(500);
    expect(await page.locator('#ladder-select option').count()).toBeLessThanOrEqual(2001);
    // Still responsive: a keyboard cursor move updates the table promptly.
    const before = await cursorCaption();
    await page.locator('#charts').focus();
    await page.keyboard.press('Shift+ArrowLeft');
    await page.waitForFunction((b) => document.querySelector('#socket-table caption')?.textContent !== b, before, { timeout: 5000 });
  });

  it('blocks an injected inline script with its Content-Security-Policy', async () => {
    const outcome = await page.evaluate(() => new Promise<{ ran: boolean; violations: string[] }>((resolve) => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => { violations.push(`${e.violatedDirective} ${e.blockedURI}`); });
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true;';
      document.body.append(s);
      const img = document.createElement('img');
      img.src = 'https://example.invalid/x.png'; // remote resources are blocked too
      document.body.append(img);
      setTimeout(() => resolve({ ran: (window as never as { __injected?: boolean }).__injected === true, violations }), 300);
    }));
    expect(outcome.ran).toBe(false);
    expect(outcome.violations).toContain('script-src-elem inline');
    expect(outcome.violations.some((v) => v.startsWith('img-src https://example.invalid'))).toBe(true);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'nonce-[^']+'/);
  });

  it('follows a light theme and stays readable at a narrow width', async () => {
    // As VS Code does: theme variables on <html>, the theme kind as a class on <body>.
    await page.evaluate(() => {
      const vars: Record<string, string> = {
        '--vscode-editor-background': '#ffffff', '--vscode-foreground': '#333333', '--vscode-charts-blue': '#1a85ff',
        '--vscode-charts-orange': '#c56f00', '--vscode-descriptionForeground': '#6f6f6f',
      };
      for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
      document.body.className = 'vscode-light';
    });
    await page.waitForTimeout(100);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
    await page.screenshot({ path: `${OUT}/panel-light.png`, fullPage: true });
    await page.setViewportSize({ width: 380, height: 900 });
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${OUT}/panel-narrow.png`, fullPage: true });
  });
});
