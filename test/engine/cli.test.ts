// `netscenario run` end to end: the real CLI bundle in a child process.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from './helpers';

const root = join(__dirname, '..', '..');
let cli = '';
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ns-cli-'));
  cli = join(dir, 'cli.cjs');
  await esbuild.build({ entryPoints: [join(root, 'src/cli/main.ts')], outfile: cli, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
});

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, 'run', ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('netscenario run', () => {
  it('prints outcomes, listeners, counters and expectations; exit 0 when all pass', () => {
    const r = run(join(EXAMPLES, 'somaxconn-nc.netscenario'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('client/load (25): 25 established');
    expect(r.out).toMatch(/\[15\.\.24\]\s+ESTAB\s+Send-Q 4\s+server none/);
    expect(r.out).toMatch(/LISTEN\s+11\s+10\s+192\.168\.0\.26:8080/);
    expect(r.out).toMatch(/TcpExtListenOverflows\s+\d+/);
    expect(r.out).toContain('13 passed, 0 failed');
  });

  it('exit 1 when an expectation fails, with its line', () => {
    const r = run(join(EXAMPLES, 'syn-timeout.netscenario'), '--until', '100s');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL\s+\S+syn-timeout\.netscenario:\d+\s+expect client\.curl\[0\]\.errno == ETIMEDOUT\s+\(actual: none\)/);
  });

  it('exit 2 with file:line:col on a scenario error', () => {
    const r = run(join(root, 'test/fixtures/engine/tw-recycle-nat-4.19.netscenario'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/tw-recycle-nat-4\.19\.netscenario:\d+:\d+: error: .*tcp_tw_recycle/);
    expect(r.out).toBe('');
  });

  it('--json is the run result, byte-identical across runs; --seed and --events are honoured', () => {
    const file = join(EXAMPLES, 'tw-recycle-nat.netscenario');
    const a = run(file, '--json', '--seed', '11', '--events', '5');
    const b = run(file, '--json', '--seed', '11', '--events', '5');
    expect(a.out).toBe(b.out);
    const result = JSON.parse(a.out);
    expect(result.seed).toBe(11);
    expect(result.events).toHaveLength(5);
    expect(result.eventsDropped).toBeGreaterThan(0);
    expect(Object.keys(result).slice(0, 4)).toEqual(['scenario', 'kernel', 'seed', 'durationMs']);
  });

  it('rejects bad options and unreadable files with exit 2', () => {
    expect(run('--bogus').code).toBe(2);
    expect(run(join(EXAMPLES, 'syn-timeout.netscenario'), '--until', 'soon').code).toBe(2);
    expect(run(join(dir, 'missing.netscenario')).code).toBe(2);
    const bad = join(dir, 'bad.netscenario');
    writeFileSync(bad, 'scenario "x" {\n  kernel linux-9.9\n}\n');
    const r = run(bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.netscenario:2:\d+: error:/);
  });
});
