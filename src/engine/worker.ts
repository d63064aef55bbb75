// worker_threads entry (bundled to dist/engineWorker.js): runs one scenario off the extension
// host's thread. The checked model arrives by structured clone; the result goes back the same way.
import { parentPort } from 'node:worker_threads';
import type { Scenario } from '../dsl/model';
import { runScenario } from './index';
import type { RunResult } from './result';

export interface WorkerRequest {
  model: Scenario;
  options: NonNullable<Parameters<typeof runScenario>[1]>;
}

export type WorkerReply =
  | { type: 'progress'; simulatedMs: number }
  | { type: 'result'; result: RunResult }
  | { type: 'error'; message: string };

const port = parentPort;
if (port) {
  port.once('message', (req: WorkerRequest) => {
    let reply: WorkerReply;
    try {
      reply = { type: 'result', result: runScenario(req.model, req.options) };
    } catch (err) {
      reply = { type: 'error', message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) };
    }
    port.postMessage(reply);
  });
}
