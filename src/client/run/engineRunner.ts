// Runs the engine in a worker thread (dist/engineWorker.js) so a long simulation never blocks
// the extension host. One worker per run. Cancelling raises a shared flag: the engine stops at
// its next slice and the partial result (marked `aborted`) comes back; a worker that does not
// answer within a grace period is terminated.
import { Worker } from 'node:worker_threads';
import type { Scenario } from '../../dsl/model';
import type { RunResult } from '../../engine/result';
import type { WorkerReply, WorkerRequest } from '../../engine/worker';

const CANCEL_GRACE_MS = 2000;

export class RunCancelled extends Error {
  constructor() {
    super('The run was cancelled.');
  }
}

export function runInWorker(
  workerPath: string, model: Scenario, options: WorkerRequest['options'], signal?: AbortSignal,
  onProgress?: (simulatedMs: number) => void,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new RunCancelled());
    const worker = new Worker(workerPath);
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      void worker.terminate();
      f();
    };
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const abort = () => {
      Atomics.store(cancel, 0, 1);
      setTimeout(() => finish(() => reject(new RunCancelled())), CANCEL_GRACE_MS).unref();
    };
    signal?.addEventListener('abort', abort);
    worker.on('message', (m: WorkerReply) => {
      if (m.type === 'progress') onProgress?.(m.simulatedMs);
      else if (m.type === 'result') finish(() => resolve(m.result));
      else finish(() => reject(new Error(m.message)));
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`The engine worker exited with code ${code}.`))));
    const request: WorkerRequest = { model, options, cancel };
    worker.postMessage(request);
  });
}
