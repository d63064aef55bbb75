import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/dsl';
import { sysctlsOn } from '../../src/dsl/catalogue';
import { applyEdits, codes, header, run } from './helpers';

const fixture = (name: string) => readFileSync(`test/fixtures/dsl/${name}`, 'utf8');

describe('checker: model', () => {
  it('builds the model of a file using every construct', () => {
    const r = analyze(fixture('full.netscenario'), 'full.netscenario');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const m = r.model!;
    expect(m).toMatchObject({ name: 'nc with listen(fd, 10) and ulimit -n 9', kernel: 'linux-3.10', durationUs: 180e6, seed: 42, sampleUs: 100e3 });
    const server = m.hosts.find((h) => h.name === 'server')!;
    expect(Object.keys(server.sysctls).sort()).toEqual(sysctlsOn('linux-3.10').map((s) => s.name).sort());
    expect(server.sysctls['net.core.somaxconn']).toBe(128);
    expect(server.sysctls['net.ipv4.tcp_rmem']).toEqual([4096, 87380, 6291456]);
    expect(server.overridden).toEqual(['net.core.somaxconn', 'net.ipv4.tcp_rmem']);
    expect(server.nics[0]).toMatchObject({ name: 'eth0', rxRing: 256, txRing: 256, irqDelayUs: 20, rateBps: 1e9 });
    const nc = server.apps[0];
    expect(nc).toMatchObject({ nofile: { limit: 9, used: 5 }, listens: [{ port: 8080, backlog: 10 }], accept: { mode: 'loop', intervalUs: 0 }, read: { mode: 'all' }, close: { afterUs: 2e6 } });
    expect(server.apps[1].udpBinds[0]).toMatchObject({ port: 5000, rcvbuf: 65536, readPerSec: 1000 });
    const load = m.hosts.find((h) => h.name === 'client')!.apps[0];
    expect(load.connects[0]).toMatchObject({ address: '192.168.0.26', port: 8080, targetHost: 'server', count: 25, intervalUs: 1e6, startUs: 1e6 });
    expect(load.sends[0]).toMatchObject({ bytes: 4, intervalUs: 0, count: 1 });
    expect(load.udpSends[0]).toMatchObject({ port: 5000, ratePerSec: 20000, size: 1400, count: 100000 });
    expect(m.links[0]).toMatchObject({ a: 'client', b: 'server', latencyUs: 500, jitterUs: 50, loss: 0.001, rateBps: 1e9 });
    expect(m.nats[0]).toMatchObject({ name: 'office', address: '203.0.113.7', hosts: ['c1'] });
    expect(m.drops.map((d) => d.what)).toEqual(['syn', 'all', 'synack']);
    expect(m.drops[0].to).toEqual({ address: '192.168.0.26', port: 8080 });
    expect(m.drops[2]).toMatchObject({ from: { address: '192.168.0.26', port: null }, fromUs: 0, untilUs: 30e6, chance: 0.5 });
    expect(m.events[0]).toMatchObject({ atUs: 30e6, action: 'stop', host: 'server', app: 'nc' });
    expect(m.events[2]).toMatchObject({ action: 'sysctl', host: 'server', name: 'net.ipv4.tcp_syncookies', value: 0 });
    expect(m.expects.map((e) => e.subject.kind)).toEqual(['counter', 'app', 'app', 'connection', 'connection', 'connection']);
    expect(m.expects[2]).toMatchObject({ atUs: 30e6, value: { kind: 'number', value: 11 } });
    expect(m.expects[3]).toMatchObject({ value: { kind: 'word', value: 'ETIMEDOUT' }, op: '==' });
    expect(m.expects[4]).toMatchObject({ value: { kind: 'number', value: 127e6 }, tolerance: 1e6 });
    expect(m.expects[5].subject).toEqual({ kind: 'connection', host: 'client', app: 'load', from: 15, to: 24, field: 'send_q' });
    expect(m.expects[5]).toMatchObject({ line: 56, text: 'expect client.load[15..24].send_q == 4' });
  });

  it('accepts properties inline or in a block, with the same result', () => {
    const inline = run('host a {\n  address 10.0.0.1\n}\nhost b {\n  address 10.0.0.2\n}\nlink a <-> b latency 1ms loss 1%\n');
    const block = run('host a {\n  address 10.0.0.1\n}\nhost b {\n  address 10.0.0.2\n}\nlink a <-> b {\n  latency 1ms\n  loss 1%\n}\n');
    expect(inline.model!.links[0]).toMatchObject({ latencyUs: 1000, loss: 0.01 });
    expect(block.model!.links[0]).toMatchObject({ latencyUs: 1000, loss: 0.01 });
  });

  it('resolves references to hosts defined later and gives addressless hosts one', () => {
    const r = run('expect b.TcpExtListenDrops == 0\nhost a {\n  app c {\n    connect tcp b:80\n  }\n}\nhost b {\n  app s {\n    listen tcp 80\n  }\n}\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.model!.hosts.map((h) => h.addresses[0])).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(r.model!.hosts[0].apps[0].connects[0]).toMatchObject({ address: '10.0.0.2', port: 80, targetHost: 'b' });
    expect(r.model!.hosts[1].apps[0].listens[0].backlog).toBe(128);
  });

  it('gives a model when there are only warnings and null on any error', () => {
    expect(run('drop all to 10.9.9.9\n').model).not.toBeNull();
    expect(run('drop all to nowhere\n').model).toBeNull();
  });
});

describe('checker: diagnostics', () => {
  it('requires a scenario header, with a quick fix that adds one', () => {
    const text = 'host a {\n  address 10.0.0.1\n}\n';
    const r = analyze(text, 'x');
    expect(codes(r.diagnostics)).toEqual(['missing-scenario']);
    const fixed = applyEdits(text, r.diagnostics[0].fixes![0].edits);
    expect(analyze(fixed, 'x').diagnostics).toEqual([]);
  });

  it('reports missing kernel and duration with fixes', () => {
    const text = 'scenario "x" {\n  seed 3\n}\n';
    const r = analyze(text, 'x');
    expect(codes(r.diagnostics)).toEqual(['missing-kernel', 'missing-duration']);
    let fixed = applyEdits(text, r.diagnostics[0].fixes![0].edits);
    fixed = applyEdits(fixed, analyze(fixed, 'x').diagnostics[0].fixes![0].edits);
    expect(analyze(fixed, 'x').diagnostics).toEqual([]);
  });

  it('suggests the closest keyword, and the quick fix applies it', () => {
    const text = header() + 'host a {\n  adress 10.0.0.1\n}\n';
    const r = analyze(text, 'x');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'unknown-keyword', severity: 'error' });
    expect(r.diagnostics[0].message).toContain("did you mean 'address'?");
    expect(analyze(applyEdits(text, r.diagnostics[0].fixes![0].edits), 'x').diagnostics).toEqual([]);
  });

  it('explains misplaced keywords', () => {
    const r = run('listen tcp 80\nhost a {\n  listen tcp 80\n}\n');
    expect(codes(r.diagnostics)).toEqual(['misplaced-keyword', 'misplaced-keyword']);
    expect(r.diagnostics[0].message).toContain('an app block');
  });

  it('warns (not errs) on real Linux sysctls the engine does not model, keeping a near-name fix', () => {
    const r = run(
      'host s {\n  sysctl net.ipv4.tcp_congestion_control = 1\n  sysctl net.ipv4.conf.eth0.rp_filter = 1\n  sysctl vm.swappiness = 10\n' +
        '  sysctl net.ipv4.tcp_syn_retrie = 3\n}\nat 1s sysctl s net.core.optmem_max = 20480\n',
    );
    const msgs = r.diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`);
    expect(msgs).toEqual([
      'warning unmodelled-sysctl: net.ipv4.tcp_congestion_control is not modelled: the engine ignores it',
      'warning unmodelled-sysctl: net.ipv4.conf.eth0.rp_filter is not modelled: the engine ignores it',
      'warning unmodelled-sysctl: vm.swappiness is not modelled: the engine ignores it',
      "error unknown-sysctl: unknown sysctl: 'net.ipv4.tcp_syn_retrie'; did you mean 'net.ipv4.tcp_syn_retries'?",
      'warning unmodelled-sysctl: net.core.optmem_max is not modelled: the engine ignores it',
    ]);
    // Without the typo the file checks, and the unmodelled settings stay out of the model.
    const ok = run('host s {\n  sysctl vm.swappiness = 10\n}\n');
    expect(ok.model?.hosts[0].sysctls['vm.swappiness']).toBeUndefined();
    expect(ok.model?.hosts[0].overridden).toEqual([]);
    // A real name one letter from a modelled one: warned, with the modelled name as a quick fix.
    const near = run('host s {\n  sysctl net.ipv4.tcp_dsack = 1\n}\n');
    expect(near.diagnostics.map((d) => d.message)).toEqual(["net.ipv4.tcp_dsack is not modelled: the engine ignores it; did you mean 'net.ipv4.tcp_sack'?"]);
    expect(near.diagnostics[0].fixes?.[0].edits[0].newText).toBe('net.ipv4.tcp_sack');
    expect(near.model).not.toBeNull();
  });

  it('suggests sysctls, counters, metrics, fields, kernels, units and values', () => {
    const r = run(
      'host s {\n  sysctl net.core.somaxcon = 1\n  app nc {\n    listen tcp 80\n    connect tcp s:80\n  }\n}\n' +
        'expect s.TcpExtListenOverflow >= 1\nexpect s.nc.acepted == 1\nexpect s.nc[0].erno == ETIMEDOUT\nexpect s.nc[0].errno == ETIMEOUT\n',
    );
    const msgs = r.diagnostics.map((d) => `${d.code}: ${d.message}`);
    expect(msgs).toEqual([
      "unknown-sysctl: unknown sysctl: 'net.core.somaxcon'; did you mean 'net.core.somaxconn'?",
      "unknown-counter: unknown counter: 'TcpExtListenOverflow'; did you mean 'TcpExtListenOverflows'?",
      "unknown-metric: unknown app metric: 'acepted'; did you mean 'accepted'?",
      "unknown-field: unknown connection field: 'erno'; did you mean 'errno'?",
      expect.stringContaining("unknown-value: unknown value: 'ETIMEOUT'; did you mean 'ETIMEDOUT'?"),
    ]);
    expect(r.diagnostics.every((d) => d.fixes?.length === 1)).toBe(true);
    const k = analyze('scenario "x" {\n  kernel linux-4.9\n  duration 1s\n}\n', 'x');
    expect(k.diagnostics[0].message).toContain("did you mean 'linux-4.19'?");
    const u = run('host a {\n  nic eth0 irq-delay 20sm\n}\n');
    expect(u.diagnostics[0]).toMatchObject({ code: 'unknown-unit', fixes: [{ edits: [{ newText: 'ms' }] }] });
  });

  it('reports wrong and missing units', () => {
    const wrong = analyze('scenario "x" {\n  kernel linux-3.10\n  duration 10B\n}\n', 'x');
    expect(wrong.diagnostics[0]).toMatchObject({ code: 'wrong-unit', range: { start: { line: 2, character: 11 } } });
    expect(wrong.diagnostics[0].message).toContain("'duration' needs a time");
    const missing = run('host a {\n  app x {\n    accept every 10\n  }\n}\n');
    expect(missing.diagnostics[0]).toMatchObject({ code: 'missing-unit' });
    expect(missing.diagnostics[0].fixes!.map((f) => f.edits[0].newText)).toEqual(['s', 'ms']);
  });

  it('checks sysctl values against the profile bounds and arity', () => {
    const r = run('host a {\n  sysctl net.core.somaxconn = -5\n  sysctl net.ipv4.tcp_rmem = 4096 87380\n  sysctl net.core.somaxconn 10\n}\n', 'linux-4.19');
    expect(codes(r.diagnostics)).toEqual(['value-range', 'sysctl-arity', 'missing-equals']);
    expect(r.diagnostics[0].message).toBe('net.core.somaxconn = -5 is out of range on linux-4.19: allowed 0 to 2147483647');
  });

  it('knows which kernels have a sysctl: tcp_tw_recycle went away in 4.12', () => {
    const body = 'host a {\n  sysctl net.ipv4.tcp_tw_recycle = 1\n}\n';
    expect(run(body, 'linux-3.10').diagnostics).toEqual([]);
    for (const k of ['linux-4.19', 'linux-6.8']) {
      const r = run(body, k);
      expect(codes(r.diagnostics)).toEqual(['sysctl-not-on-kernel']);
      expect(r.diagnostics[0].message).toContain(`does not exist on ${k}`);
      expect(r.diagnostics[0].message).toContain('4.12');
      expect(applyEdits(header(k) + body, r.diagnostics[0].fixes![0].edits)).toBe(header(k) + 'host a {\n}\n');
    }
  });

  it('reports undefined and duplicate names', () => {
    const r = run(
      'host a {\n  address 10.0.0.1\n  app x {\n  }\n  app x {\n  }\n}\nhost a {\n}\nhost b {\n  address 10.0.0.1\n}\n' +
        'link a <-> c\nat 1s stop a.y\nexpect c.TcpExtListenDrops == 0\n',
    );
    expect(codes(r.diagnostics)).toEqual(['duplicate-app', 'duplicate-host', 'duplicate-address', 'undefined-host', 'undefined-app', 'undefined-host']);
  });

  it('explains effective values: backlog clamped to somaxconn', () => {
    const r = run('host s {\n  app nc {\n    listen tcp 80 backlog 1024\n  }\n}\n');
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.message])).toEqual([
      ['warning', 'backlog-clamped', 'backlog 1024 is clamped to net.core.somaxconn = 128: the accept queue holds at most 129'],
    ]);
    expect(r.model).not.toBeNull();
    expect(run('host s {\n  app nc {\n    listen tcp 80 backlog 1024\n  }\n}\n', 'linux-6.8').diagnostics).toEqual([]);
    const later = run('host s {\n  app nc {\n    listen tcp 80 backlog 1024\n  }\n  sysctl net.core.somaxconn = 4096\n}\n');
    expect(later.diagnostics).toEqual([]);
  });

  it('explains effective values: SO_RCVBUF clamped to rmem_max and doubled', () => {
    const r = run('host s {\n  app u {\n    udp bind 5000 rcvbuf 1MiB\n  }\n}\n');
    expect(r.diagnostics[0]).toMatchObject({ code: 'rcvbuf-clamped', severity: 'warning' });
    expect(r.diagnostics[0].message).toBe('rcvbuf 1MiB is clamped to net.core.rmem_max = 212992 and doubled by the kernel: SO_RCVBUF reads back 425984');
    const small = run('host s {\n  app u {\n    udp bind 5000 rcvbuf 4KiB\n  }\n}\n');
    expect(small.diagnostics[0]).toMatchObject({ code: 'rcvbuf-doubled', severity: 'information' });
    expect(small.diagnostics[0].message).toContain('8192');
  });

  it('explains effective values: no free descriptor means EMFILE', () => {
    const r = run('host s {\n  app nc {\n    nofile 9 used 9\n    listen tcp 80\n  }\n}\n');
    expect(r.diagnostics[0]).toMatchObject({ code: 'nofile-exhausted', severity: 'warning' });
    expect(r.diagnostics[0].message).toContain('EMFILE');
    const short = run('host s {\n  app c {\n    nofile 8 used 3\n    connect tcp s:80 count 10\n  }\n}\n');
    expect(codes(short.diagnostics)).toEqual(['nofile-short']);
  });

  it('checks expect subjects, operators, values and connection indexes', () => {
    const r = run('host a {\n  app c {\n    connect tcp a:80 count 5\n  }\n}\nexpect a.c[5].errno == ETIMEDOUT\nexpect a.c[0].result == 3\nexpect a.c.accepted = 1\nexpect a.c[0].connect_time == 3\nexpect a.c[0].state < ESTAB\n');
    expect(codes(r.diagnostics)).toEqual(['index-range', 'value-type', 'expect-operator', 'missing-unit', 'expect-operator']);
    expect(r.diagnostics[0].message).toContain('numbered 0 to 4');
    expect(r.diagnostics[2].fixes![0].edits[0].newText).toBe('==');
  });

  it('warns about times after the end of the run', () => {
    expect(codes(run('at 90s sysctl a net.ipv4.tcp_syncookies = 0\nhost a {\n}\n').diagnostics)).toEqual(['after-end']);
  });

  it('gives every diagnostic a code and keeps ranges in the document', () => {
    const text = fixture('errors.netscenario');
    const r = analyze(text, 'x');
    expect(r.diagnostics.length).toBeGreaterThan(15);
    const lines = text.split('\n');
    for (const d of r.diagnostics) {
      expect(d.code).toMatch(/^[a-z-]+$/);
      expect(d.range.end.line).toBeLessThan(lines.length);
      expect(d.range.end.character).toBeLessThanOrEqual(lines[d.range.end.line].length);
    }
  });
});

describe('checker: timed events', () => {
  it('accepts several actions in an `at` block', () => {
    const r = run('host s {\n  app nc {\n    listen tcp 80\n  }\n}\nat 30s {\n  stop s.nc\n  sysctl s net.core.somaxconn = 4096\n}\nat 40s kill s.nc\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.model!.events.map((e) => `${e.atUs / 1e6}s ${e.action}`)).toEqual(['30s stop', '30s sysctl', '40s kill']);
  });

  it('rejects unknown actions with did-you-mean', () => {
    const r = run('host s {\n  app nc {\n  }\n}\nat 30s stpo s.nc\n');
    expect(r.diagnostics[0]).toMatchObject({ code: 'unknown-action', fixes: [{ edits: [{ newText: 'stop' }] }] });
  });
});

describe('checker: each rule has its code', () => {
  const hosts = 'host a {\n  address 10.0.0.1\n  app x {\n    listen tcp 80\n  }\n}\nhost b {\n  address 10.0.0.2\n}\n';
  const cases: [string, string, string[]][] = [
    ['a port listened on twice', 'host c {\n  app p {\n    listen tcp 80\n  }\n  app q {\n    listen tcp 80\n  }\n}\n', ['duplicate-port']],
    ['a link to itself', 'link a <-> a\n', ['link-self']],
    ['two links for one pair', 'link a <-> b\nlink b <-> a latency 1ms\n', ['duplicate-link']],
    ['a malformed link', 'link a -> b\n', ['link-syntax']],
    ['a host behind two NATs', 'nat n1 address 203.0.113.1 hosts a\nnat n2 address 203.0.113.2 hosts a\n', ['duplicate-nat-host']],
    ['a NAT without hosts', 'nat n1 address 203.0.113.1\n', ['missing-property']],
    ['a connect without a port', 'host c {\n  app y {\n    connect tcp b\n  }\n}\n', ['missing-port']],
    ['a connect without tcp', 'host c {\n  app y {\n    connect b:80\n  }\n}\n', ['missing-protocol']],
    ['an unknown packet kind', 'drop synn to a:80\n', ['unknown-packet-kind']],
    ['a loss above 100%', 'link a <-> b loss 150%\n', ['value-range']],
    ['a port out of range', 'host c {\n  app y {\n    listen tcp 70000\n  }\n}\n', ['value-range']],
    ['a bad address', 'host c {\n  address 10.0.0.300\n}\n', ['value-range']],
    ['udp send without rate', 'host c {\n  app y {\n    udp send b:53 size 100B\n  }\n}\n', ['missing-property']],
    ['repeated send without every', 'host c {\n  app y {\n    send 1B count 3\n  }\n}\n', ['missing-property']],
    ['a property set twice', 'link a <-> b latency 1ms latency 2ms\n', ['duplicate-property']],
    ['a window ending before it starts', 'drop syn between 5s and 1s\n', ['value-range']],
    ['a block where none is taken', 'expect a.x.accepted == 1 {\n}\n', ['unexpected-block']],
    ['a second scenario header', 'scenario "again" {\n  kernel linux-3.10\n  duration 1s\n}\n', ['duplicate-scenario']],
    ['a nic defined twice', 'host c {\n  nic eth0\n  nic eth0\n}\n', ['duplicate-nic']],
    ['a stop without an app', 'at 1s stop a\n', ['missing-app']],
    ['an app outside a host', 'app z {\n}\n', ['misplaced-keyword']],
    ['a mode a kernel lacks', 'host c {\n  sysctl net.ipv4.tcp_syncookies = 7\n}\n', ['value-range']],
  ];
  for (const [what, body, want] of cases) {
    it(what, () => expect(codes(run(hosts + body).diagnostics)).toEqual(want));
  }
});
