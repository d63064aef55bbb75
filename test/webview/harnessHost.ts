// Runs inside the test page in place of the extension host: provides acquireVsCodeApi, answers
// the panel's requests with the extension's own RunStore, and validates what the panel sends
// with the extension's own validator. Bundled by the tests and injected before the panel loads.
import type { RunResult } from '../../src/engine/result';
import { RunStore } from '../../src/client/run/runStore';
import { isWebviewToHost, type WebviewToHost } from '../../src/shared/webviewMessages';

interface Harness {
  store?: RunStore;
  sent: WebviewToHost[];
  invalid: unknown[];
  load(result: RunResult, file: string): void;
  /** Bench helper: a synthetic run of `samples` samples for `series` series, built in the page. */
  loadSynthetic(samples: number, series: number): number;
  postedAt: number;
}

let nextRun = 1;
const post = (m: unknown, transfer?: Transferable[]) => window.postMessage(m, '*', transfer ?? []);

const harness: Harness = {
  sent: [],
  invalid: [],
  postedAt: 0,
  load(result, file) {
    harness.store = new RunStore(nextRun++, result, file);
    harness.postedAt = performance.now();
    post(harness.store.runMessage());
  },
  loadSynthetic(samples, series) {
    const t0 = performance.now();
    const t = new Array<number>(samples);
    for (let i = 0; i < samples; i++) t[i] = i;
    const result: RunResult = {
      scenario: `synthetic ${samples}`, kernel: 'linux-6.8', seed: 1, durationMs: samples,
      hosts: { server: { counters: {}, sysctls: {}, addresses: ['10.0.0.2'] } },
      connections: [], listeners: [], udp: [], expectations: [], events: [], eventsDropped: 0,
      timeline: {
        t,
        series: Array.from({ length: series }, (_, k) => ({
          id: `server/q${k}`, host: 'server', group: `queue ${k % 3}`, name: `q${k}`, unit: 'count' as const, limit: 100,
          values: Array.from({ length: samples }, (_, i) => Math.round(50 + 50 * Math.sin(i / (500 + k * 37)) + ((i * 7919) % 13))),
        })),
      },
    };
    harness.load(result, `/synthetic-${samples}.netscenario`);
    return performance.now() - t0;
  },
};

let state: unknown = JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null');
let acquired = false;

Object.assign(window, {
  __harness: harness,
  acquireVsCodeApi() {
    if (acquired) throw new Error('acquireVsCodeApi may only be called once');
    acquired = true;
    return {
      postMessage(m: unknown) {
        // Asynchronous like the real channel, so the panel never relies on a synchronous reply.
        setTimeout(() => {
          if (!isWebviewToHost(m)) return void harness.invalid.push(m);
          harness.sent.push(m);
          if (m.type === 'ready' && harness.store) post(harness.store.runMessage());
          const reply = harness.store?.answer(m);
          if (reply) post(reply);
        }, 0);
      },
      getState: () => state,
      setState(s: unknown) {
        state = s;
        sessionStorage.setItem('vscode-state', JSON.stringify(s));
      },
    };
  },
});
