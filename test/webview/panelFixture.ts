// The run the panel tests display: a seed case from examples/, run by the real engine.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyze } from '../../src/dsl/index';
import { runScenario } from '../../src/engine/index';
import type { RunResult } from '../../src/engine/result';

export const FIXTURE_FILE = resolve('examples/somaxconn-nc.netscenario');

export function panelFixture(file = FIXTURE_FILE): { result: RunResult; file: string } {
  const a = analyze(readFileSync(file, 'utf8'), file);
  if (!a.model) throw new Error(`${file} does not check: ${a.diagnostics.map((d) => d.message).join('; ')}`);
  return { result: runScenario(a.model), file };
}
