// The run the panel tests display.
import type { RunResult } from '../../src/engine/result';
import { fixtureRun } from './fixtureRun';

export function panelFixture(): { result: RunResult; file: string } {
  return { result: fixtureRun(), file: '/work/fixture.netscenario' };
}
