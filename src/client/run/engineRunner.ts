// Runs the engine in a worker thread (dist/engineWorker.js) so a long simulation never blocks
// the extension host. One worker per run: cancelling terminates it, which stops the run at once.
import { Worker } from 'node:worker_threads';
import type { Scenario } from '../../dsl/model';
import type { RunResult } from '../../engine/result';
import type { WorkerReply, WorkerRequest } from '../../engine/worker';

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
    const abort = () => finish(() => reject(new RunCancelled()));
    signal?.addEventListener('abort', abort);
    worker.on('message', (m: WorkerReply) => {
      if (m.type === 'progress') onProgress?.(m.simulatedMs);
      else if (m.type === 'result') finish(() => resolve(m.result));
      else finish(() => reject(new Error(m.message)));
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`The engine worker exited with code ${code}.`))));
    const request: WorkerRequest = { model, options };
    worker.postMessage(request);
  });
}
