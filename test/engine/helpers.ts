// Runs scenarios the way users do: text -> analyze() -> runScenario().
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/dsl';
import type { Scenario } from '../../src/dsl/model';
import { runScenario, type RunOptions } from '../../src/engine';
import type { ConnectionResult, RunResult } from '../../src/engine/result';

export const EXAMPLES = join(__dirname, '..', '..', 'examples');

export function modelOf(text: string, file = 'test.netscenario'): Scenario {
  const a = analyze(text, file);
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !a.model) throw new Error(`${file}: ${errors.map((d) => `${d.range.start.line + 1}: ${d.message}`).join('; ')}`);
  return a.model;
}

export function exampleModel(name: string): Scenario {
  const file = join(EXAMPLES, name);
  return modelOf(readFileSync(file, 'utf8'), file);
}

export function runExample(name: string, opts: RunOptions = {}): RunResult {
  return runScenario(exampleModel(name), opts);
}

export function conns(r: RunResult, host: string, app: string): ConnectionResult[] {
  return r.connections.filter((c) => c.host === host && c.app === app);
}

export function failedExpectations(r: RunResult): string[] {
  return r.expectations.filter((e) => !e.passed).map((e) => `line ${e.line}: ${e.text} (actual ${e.actual})`);
}
