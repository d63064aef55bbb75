// The worker bridge: the engine bundled as dist/engineWorker.js, run through runInWorker exactly
// as the extension runs it, gives the same result as the engine in-process; cancelling stops it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/dsl/index';
import type { Scenario } from '../../src/dsl/model';
import { RunCancelled, runInWorker } from '../../src/client/run/engineRunner';
import { runToJson, timelineCsv } from '../../src/client/run/exportRun';
import { FIXTURE_FILE, panelFixture } from './panelFixture';

const WORKER = resolve('.cache/test/engineWorker.js');

beforeAll(async () => {
  // Bundled the way scripts/build.mjs bundles it, into a private directory.
  await esbuild.build({
    entryPoints: ['src/engine/worker.ts'], outfile: WORKER, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning',
  });
});

function model(file = FIXTURE_FILE): Scenario {
  return analyze(readFileSync(file, 'utf8'), file).model!;
}

describe('runInWorker', () => {
  it('returns the same result as the engine run in-process, with progress reports', async () => {
    const progress: number[] = [];
    const viaWorker = await runInWorker(WORKER, model(), {}, undefined, (ms) => progress.push(ms));
    expect(JSON.stringify(viaWorker)).toBe(JSON.stringify(panelFixture().result));
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]);
  });

  it('stops a long run when cancelled and hands back what was simulated so far', async () => {
    // A UDP stream stretched to a day of simulated time: far more than can finish before the cancel.
    const m = model(resolve('examples/udp-small-rcvbuf.netscenario'));
    const long: Scenario = {
      ...m, durationUs: 86_400e6, sampleUs: 1e6,
      hosts: m.hosts.map((h) => ({ ...h, apps: h.apps.map((a) => ({ ...a, udpSends: a.udpSends.map((u) => ({ ...u, count: Infinity })) })) })),
    };
    // Cancel once the worker reports progress, so a slow worker start cannot make the run empty.
    // A result (rather than RunCancelled after the grace period) proves the engine stopped itself.
    const abort = new AbortController();
    const partial = await runInWorker(WORKER, long, {}, abort.signal, () => abort.abort());
    expect(partial.aborted).toBe(true);
    expect(partial.durationMs).toBeGreaterThan(0);
    expect(partial.durationMs).toBeLessThan(long.durationUs / 1000);
  });

  it('rejects with the engine\'s error message when the run throws', async () => {
    const broken = { ...model(), hosts: null } as unknown as Scenario;
    await expect(runInWorker(WORKER, broken, {})).rejects.toThrow(/\w/);
  });

  it('refuses to start when already cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(runInWorker(WORKER, model(), {}, abort.signal)).rejects.toBeInstanceOf(RunCancelled);
  });
});

describe('run export', () => {
  const { result } = panelFixture();

  it('writes the RunResult itself as JSON', () => {
    expect(JSON.parse(runToJson(result))).toEqual(JSON.parse(JSON.stringify(result)));
  });

  it('writes the timeline as CSV: a header of series ids and one row per sample', () => {
    const lines = [...timelineCsv(result)].join('').trimEnd().split('\n');
    expect(lines[0]).toBe(['t_ms', ...result.timeline.series.map((s) => s.id)].join(','));
    expect(lines).toHaveLength(result.timeline.t.length + 1);
    const last = lines.at(-1)!.split(',').map(Number);
    expect(last).toEqual([result.timeline.t.at(-1), ...result.timeline.series.map((s) => s.values.at(-1))]);
  });
});

