import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../../src/client/run/runStore';
import { isHostToWebview, isRunMeta, isWebviewToHost, MAX_COLUMNS } from '../../src/shared/webviewMessages';
import { panelFixture } from './panelFixture';

describe('messages from the webview', () => {
  it('accepts each well-formed message', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'ready', columns: 1200 },
      { type: 'requestWindow', runId: 1, requestId: 2, t0: 0, t1: 10, columns: 800 },
      { type: 'requestSample', runId: 1, requestId: 3, t: 5.5 },
      { type: 'revealLine', line: 12 },
      { type: 'exportRun', format: 'csv' },
      { type: 'exportImage', format: 'svg', name: 'a-timelines.svg', data: '<svg xmlns="http://www.w3.org/2000/svg"/>' },
      { type: 'exportImage', format: 'png', name: 'a.png', data: 'data:image/png;base64,AAAA' },
    ]) expect(isWebviewToHost(m), JSON.stringify(m)).toBe(true);
  });

  it('rejects malformed, oversized or dangerous messages', () => {
    for (const m of [
      null, 42, 'ready', [], {}, { type: 'nope' }, { type: 'ready', columns: 0 }, { type: 'ready', columns: MAX_COLUMNS + 1 },
      { type: 'requestWindow', runId: 1, requestId: 2, t0: 10, t1: 0, columns: 800 },
      { type: 'requestWindow', runId: 1, requestId: 2, t0: 0, t1: 10, columns: MAX_COLUMNS + 1 },
      { type: 'requestWindow', runId: 1, requestId: 2, t0: 0, t1: Infinity, columns: 8 },
      { type: 'requestWindow', runId: '1', requestId: 2, t0: 0, t1: 1, columns: 8 },
      { type: 'requestSample', runId: 1, requestId: 1, t: NaN },
      { type: 'revealLine', line: -1 },
      { type: 'revealLine', line: 1.5 },
      { type: 'exportRun', format: 'xml' },
      { type: 'exportImage', format: 'svg', name: '../../etc/passwd', data: '<svg/>' },
      { type: 'exportImage', format: 'png', name: 'a.png', data: '<svg/>' },
      { type: 'exportImage', format: 'svg', name: 'a.svg', data: 'data:image/png;base64,AAAA' },
    ]) expect(isWebviewToHost(m), JSON.stringify(m)).toBe(false);
  });
});

describe('messages from the extension', () => {
  const { result, file } = panelFixture();
  const store = new RunStore(7, result, file);

  it('accepts the run, window and sample messages the RunStore produces', () => {
    expect(isHostToWebview(store.runMessage())).toBe(true);
    const withWindow = store.runMessage(50);
    if (withWindow.type !== 'run' || !withWindow.window) throw new Error('expected a run with its window');
    expect(isHostToWebview(withWindow)).toBe(true);
    expect(withWindow.window.x.length).toBeLessThanOrEqual(100 + 2);
    expect(isHostToWebview({ ...withWindow, window: { ...withWindow.window, y: withWindow.window.y.slice(1) } })).toBe(false);
    const w = store.answer({ type: 'requestWindow', runId: 7, requestId: 1, t0: 0, t1: result.durationMs, columns: 50 });
    expect(w && isHostToWebview(w)).toBe(true);
    const s = store.answer({ type: 'requestSample', runId: 7, requestId: 2, t: 12_345 });
    expect(s && isHostToWebview(s)).toBe(true);
    expect(store.answer({ type: 'requestSample', runId: 8, requestId: 2, t: 1 })).toBeUndefined();
  });

  it('rejects a window whose columns do not match its x axis, or plain arrays', () => {
    const w = store.answer({ type: 'requestWindow', runId: 7, requestId: 1, t0: 0, t1: result.durationMs, columns: 50 });
    if (w?.type !== 'window') throw new Error('expected a window');
    expect(isHostToWebview({ ...w, y: [w.y[0].subarray(1)] })).toBe(false);
    expect(isHostToWebview({ ...w, x: [...w.x] })).toBe(false);
  });

  it('rejects run metadata with a wrong field type anywhere', () => {
    const meta = store.meta;
    expect(isRunMeta(meta)).toBe(true);
    expect(isRunMeta({ ...meta, connections: [{ ...meta.connections[0], sendQ: '4' }] })).toBe(false);
    expect(isRunMeta({ ...meta, series: [...meta.series].reverse() })).toBe(false);
    expect(isRunMeta({ ...meta, events: [{ ...meta.events[0], kind: 'teleport' }] })).toBe(false);
    expect(isRunMeta({ ...meta, hosts: { server: { counters: { X: 'many' }, sysctls: {}, addresses: [] } } })).toBe(false);
  });

  it('derives per-second rates from counter totals', () => {
    const counter = result.timeline.series.find((x) => x.group === 'counters' && x.values.at(-1)! > 0)!;
    expect(counter, 'a counter that moved').toBeDefined();
    const total = store.meta.series.find((x) => x.kind === 'total' && x.id === counter.id)!;
    const rate = store.meta.series.find((x) => x.kind === 'rate' && x.id === `${counter.id}/rate`)!;
    const { t } = result.timeline;
    const i = counter.values.findIndex((v, k) => k > 0 && v > counter.values[k - 1]);
    const s = store.answer({ type: 'requestSample', runId: 7, requestId: 3, t: t[i] });
    if (s?.type !== 'sample') throw new Error('expected a sample');
    expect(s.index).toBe(i);
    expect(s.values[total.index]).toBe(counter.values[i]);
    expect(s.values[rate.index]).toBeCloseTo(((counter.values[i] - counter.values[i - 1]) * 1000) / (t[i] - t[i - 1]), 9);
  });
});

describe('every example\'s run message', () => {
  // VS Code carries webview messages as JSON (typed arrays aside), so a NaN or Infinity anywhere
  // in the metadata would arrive as null and the panel would refuse the run.
  const examples = readdirSync('examples').filter((f) => f.endsWith('.netscenario'));
  it.each(examples)('%s survives JSON transport and validates', (name) => {
    const { result, file } = panelFixture(resolve('examples', name));
    const store = new RunStore(1, result, file);
    const carried: unknown = JSON.parse(JSON.stringify(store.runMessage()));
    expect(isHostToWebview(carried)).toBe(true);
  });
});
