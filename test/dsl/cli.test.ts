// The bundled CLI, run as users run it: `node dist/cli.js check …` (built by `npm run build`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const cli = (...args: string[]) => spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });

// Generous timeouts: each case spawns Node, which is slow on a loaded CI machine.
describe('netscenario check (bundled CLI)', { timeout: 60_000 }, () => {
  let dir = '';
  beforeAll(() => {
    if (!existsSync('dist/cli.js') || process.env.CI) {
      const b = spawnSync('npm', ['run', 'build'], { encoding: 'utf8' });
      expect(b.status, b.stderr).toBe(0);
    }
    dir = mkdtempSync(join(tmpdir(), 'ns-cli-'));
  }, 120_000);

  it('exits 0 and prints nothing for clean files', () => {
    const r = cli('check', 'test/fixtures/dsl/full.netscenario', 'examples/somaxconn-nc.netscenario');
    expect(r.stdout).toBe('test/fixtures/dsl/full.netscenario:44:13: warning: no host has address 10.0.0.99: packets sent there are lost\n');
    expect(r.status).toBe(0);
  });

  it('prints file:line:col: severity: message and exits 2 on errors', () => {
    const f = join(dir, 'bad.netscenario');
    writeFileSync(f, 'scenario "x" {\r\n\tkernel linux-4.19\r\n  duration 10B\r\n}\r\nhost 😀a {\r\n  sysctl net.ipv4.tcp_tw_recycle = 1\r\n}\r\n');
    const r = cli('check', f);
    expect(r.status).toBe(2);
    expect(r.stdout.split('\n')).toEqual([
      `${f}:3:12: error: 'duration' needs a time (ns, us, ms, s, min, h), not a size (B, KB, MB, GB, KiB, MiB, GiB) ('10B')`,
      `${f}:5:6: error: unexpected character '😀'`,
      expect.stringMatching(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6:10: error: net.ipv4.tcp_tw_recycle does not exist on linux-4.19 .*4\\.12`)),
      '',
    ]);
    expect(r.stderr).toBe('3 errors, 0 warnings\n');
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('reports an unreadable file clearly, exit 2, no stack trace', () => {
    const r = cli('check', join(dir, 'missing.netscenario'), dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'missing.netscenario')}: error: cannot read file: no such file`);
    expect(r.stderr).toContain(`${dir}: error: cannot read file: is a directory`);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('has --help, --version and usage errors', () => {
    const help = cli('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('check FILE…');
    const v = cli('--version');
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(cli('check').status).toBe(2);
    const unknown = cli('frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });
});
