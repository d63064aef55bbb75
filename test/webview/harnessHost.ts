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
}

let nextRun = 1;
let columns: number | undefined;
const post = (m: unknown) => window.postMessage(m, '*');

const harness: Harness = {
  sent: [],
  invalid: [],
  load(result, file) {
    harness.store = new RunStore(nextRun++, result, file);
    post(harness.store.runMessage(columns));
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
          if (m.type === 'ready') {
            columns = m.columns;
            if (harness.store) post(harness.store.runMessage(columns));
          }
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
