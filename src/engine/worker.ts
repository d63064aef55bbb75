// worker_threads entry (bundled to dist/engineWorker.js): runs one scenario off the extension
// host's thread. The checked model arrives by structured clone; the result goes back the same way.
// Cancellation is a flag in shared memory, because the run is synchronous and never reads messages:
// the engine polls it between slices and returns what it has so far, marked `aborted`.
import { parentPort } from 'node:worker_threads';
import type { Scenario } from '../dsl/model';
import { runScenario, type RunOptions } from './index';
import type { RunResult } from './result';

export interface WorkerRequest {
  model: Scenario;
  options: Pick<RunOptions, 'untilUs' | 'seed' | 'maxEvents'>;
  /** Int32Array over a SharedArrayBuffer; element 0 becomes 1 to cancel. */
  cancel?: Int32Array;
}

export type WorkerReply =
  | { type: 'progress'; simulatedMs: number }
  | { type: 'result'; result: RunResult }
  | { type: 'error'; message: string };

/** Progress messages at most this often (ms of wall time). */
const PROGRESS_EVERY_MS = 100;

const port = parentPort;
if (port) {
  port.once('message', (req: WorkerRequest) => {
    let reply: WorkerReply;
    let last = 0;
    const flag = req.cancel;
    const signal = flag ? ({ get aborted() { return Atomics.load(flag, 0) === 1; } } as AbortSignal) : undefined;
    try {
      const result = runScenario(req.model, {
        ...req.options,
        signal,
        onProgress: (us) => {
          const now = Date.now();
          if (now - last < PROGRESS_EVERY_MS) return;
          last = now;
          port.postMessage({ type: 'progress', simulatedMs: us / 1000 } satisfies WorkerReply);
        },
      });
      reply = { type: 'result', result };
    } catch (err) {
      reply = { type: 'error', message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) };
    }
    port.postMessage(reply);
  });
}
