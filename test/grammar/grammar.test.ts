// The TextMate grammar, run through the same engine VS Code uses: every construct of the
// language gets the scope themes colour it by, and valid scenarios never show `invalid`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scopeOf, tokenize } from './textmate';

const examplesDir = join(__dirname, '..', '..', 'examples');
const exampleFiles = readdirSync(examplesDir).filter((f) => f.endsWith('.netscenario')).sort();

// The design document's full example: every statement form in one file.
const everyConstruct = `# every construct of the language
scenario "listen queue \\"overflow\\" \\u{1F4A5}\\n" {
  kernel linux-3.10
  duration 180s
  seed 42
  sample every 100ms
}

host server {
  address 192.168.0.26
  sysctl net.core.somaxconn = 128
  sysctl net.ipv4.tcp_rmem = 4096 87380 6291456
  nic eth0 rx-ring 256 tx-ring 256 irq-delay 20us rate 1Gbit/s
  app nc {
    nofile 9 used 5
    listen tcp 8080 backlog 10
    accept every 0s
    read all
    close after 2s
    udp bind 5000 rcvbuf 64KiB read 1000/s
  }
}
host client { address 192.168.0.10; app load { connect tcp server:8080 count 25 every 1s start 1s; send 4B } }
host c1 {
  app burst {
    udp send 10.0.0.2:5000 rate 20000/s size 1400B count 100000 start 0s
    read 10MiB/s
  }
}

link client <-> server latency 500us jitter 50us loss 0.1% rate 1Gbit/s
nat office address 203.0.113.7 hosts c1 c2 c3
drop syn to server:8080
drop all to 10.0.0.99
drop synack from server between 0s and 30s chance 50%

at 30s stop server.nc
at 60s continue server.nc
at 10s sysctl server net.ipv4.tcp_syncookies = 0

expect server.TcpExtListenOverflows >= 10
expect server.nc.accepted == 4
expect server.nc.accept_queue == 11 at 30s
expect client.load[0].errno == ETIMEDOUT
expect client.load[0].connect_time == 127s ± 1s
expect client.load[15..24].send_q == 4
expect client.load[3].state == SYN-SENT
expect client.load[1].result == refused
expect server.UdpRcvbufErrors > 0 +- 5
`;

function invalidTokens(tokens: Awaited<ReturnType<typeof tokenize>>) {
  return tokens.filter((t) => t.scopes.some((s) => s.startsWith('invalid')));
}

describe('grammar on the examples', () => {
  it('has example scenarios to tokenise', () => {
    expect(exampleFiles.length).toBeGreaterThan(0);
  });
  for (const file of exampleFiles) {
    it(`${file}: no invalid scope, every comment and sysctl scoped`, async () => {
      const text = readFileSync(join(examplesDir, file), 'utf8');
      const tokens = await tokenize(text);
      expect(invalidTokens(tokens).map((t) => `${t.line + 1}: ${t.text}`)).toEqual([]);
      for (const t of tokens) {
        if (/^#/.test(t.text)) expect(t.scopes.join(' ')).toContain('comment.line.number-sign.netscenario');
        if (/^net\.[\w.]+$/.test(t.text)) expect(t.scopes).toContain('support.variable.sysctl.netscenario');
        if (/^(TcpExt|Udp)[A-Z]\w+$/.test(t.text) && !t.scopes.some((s) => s.startsWith('comment'))) {
          expect(t.scopes).toContain('support.constant.counter.netscenario');
        }
      }
    });
  }
});

describe('grammar scopes', () => {
  it('tokenises every construct without an invalid scope', async () => {
    expect(invalidTokens(await tokenize(everyConstruct))).toEqual([]);
  });

  it('comments and strings with escapes', async () => {
    const t = await tokenize(everyConstruct);
    expect(t[0].scopes).toContain('comment.line.number-sign.netscenario');
    expect(scopeOf(t, '#')).toBe('punctuation.definition.comment.netscenario');
    expect(scopeOf(t, '\\"')).toBe('constant.character.escape.netscenario');
    expect(scopeOf(t, '\\u{1F4A5}')).toBe('constant.character.escape.netscenario');
    expect(scopeOf(t, '\\n')).toBe('constant.character.escape.netscenario');
    expect(scopeOf(t, 'listen queue ')).toBe('string.quoted.double.netscenario');
    const bad = await tokenize('scenario "bad \\q escape"');
    expect(scopeOf(bad, '\\q')).toBe('invalid.illegal.escape.netscenario');
  });

  it('statement keywords, declarations and properties', async () => {
    const t = await tokenize(everyConstruct);
    expect(scopeOf(t, 'scenario')).toBe('storage.type.scenario.netscenario');
    expect(scopeOf(t, 'host')).toBe('storage.type.host.netscenario');
    expect(scopeOf(t, 'server')).toBe('entity.name.type.host.netscenario');
    expect(scopeOf(t, 'app')).toBe('storage.type.app.netscenario');
    expect(scopeOf(t, 'nc')).toBe('entity.name.function.app.netscenario');
    expect(scopeOf(t, 'link')).toBe('storage.type.link.netscenario');
    expect(scopeOf(t, 'expect')).toBe('keyword.control.expect.netscenario');
    expect(scopeOf(t, 'drop')).toBe('keyword.control.drop.netscenario');
    expect(scopeOf(t, 'at')).toBe('keyword.control.netscenario');
    for (const word of ['kernel', 'duration', 'backlog', 'rx-ring', 'irq-delay', 'every', 'latency', 'chance', 'nofile']) {
      expect(scopeOf(t, word), word).toBe('keyword.other.property.netscenario');
    }
    expect(scopeOf(t, 'tcp')).toBe('support.type.protocol.netscenario');
    expect(scopeOf(t, 'syn')).toBe('constant.language.packet.netscenario');
    expect(scopeOf(t, 'linux-3.10')).toBe('support.constant.kernel.netscenario');
  });

  it('dotted sysctl names, also in timed events', async () => {
    const t = await tokenize(everyConstruct);
    expect(scopeOf(t, 'net.core.somaxconn')).toBe('support.variable.sysctl.netscenario');
    expect(scopeOf(t, 'net.ipv4.tcp_rmem')).toBe('support.variable.sysctl.netscenario');
    expect(scopeOf(t, 'net.ipv4.tcp_syncookies')).toBe('support.variable.sysctl.netscenario');
    const line = t.filter((x) => x.line === t.find((y) => y.text === 'net.ipv4.tcp_syncookies')!.line);
    expect(scopeOf(line, 'server')).toBe('variable.other.host.netscenario');
  });

  it('numbers with units, percentages and rates', async () => {
    const t = await tokenize(everyConstruct);
    const unitOf = (num: string, unit: string, scope: string) => {
      const i = t.findIndex((x, k) => x.text === num && t[k + 1]?.text === unit);
      expect(i, `${num}${unit}`).toBeGreaterThanOrEqual(0);
      expect(t[i].scopes.at(-1)).toMatch(/^constant\.numeric\./);
      expect(t[i + 1].scopes.at(-1)).toBe(scope);
    };
    unitOf('180', 's', 'keyword.other.unit.time.netscenario');
    unitOf('100', 'ms', 'keyword.other.unit.time.netscenario');
    unitOf('500', 'us', 'keyword.other.unit.time.netscenario');
    unitOf('64', 'KiB', 'keyword.other.unit.size.netscenario');
    unitOf('1400', 'B', 'keyword.other.unit.size.netscenario');
    unitOf('1000', '/s', 'keyword.other.unit.rate.netscenario');
    unitOf('10', 'MiB/s', 'keyword.other.unit.rate.netscenario');
    unitOf('1', 'Gbit/s', 'keyword.other.unit.rate.netscenario');
    unitOf('0.1', '%', 'keyword.other.unit.percent.netscenario');
    unitOf('50', '%', 'keyword.other.unit.percent.netscenario');
    expect(scopeOf(t, '42')).toBe('constant.numeric.integer.netscenario');
    const bad = await tokenize('duration 10sx');
    expect(scopeOf(bad, '10sx')).toBe('invalid.illegal.number.netscenario');
  });

  it('addresses and endpoints', async () => {
    const t = await tokenize(everyConstruct);
    expect(scopeOf(t, '192.168.0.26')).toBe('constant.numeric.ip-address.netscenario');
    expect(scopeOf(t, '10.0.0.2')).toBe('constant.numeric.ip-address.netscenario');
    const ep = t.findIndex((x, k) => x.text === 'server' && t[k + 1]?.text === ':');
    expect(t[ep].scopes.at(-1)).toBe('variable.other.host.netscenario');
    expect(t[ep + 1].scopes.at(-1)).toBe('punctuation.separator.port.netscenario');
    expect(t[ep + 2]).toMatchObject({ text: '8080' });
    expect(t[ep + 2].scopes.at(-1)).toBe('constant.numeric.port.netscenario');
  });

  it('operators', async () => {
    const t = await tokenize(everyConstruct);
    expect(scopeOf(t, '<->')).toBe('keyword.operator.link.netscenario');
    expect(scopeOf(t, '>=')).toBe('keyword.operator.comparison.netscenario');
    expect(scopeOf(t, '==')).toBe('keyword.operator.comparison.netscenario');
    expect(scopeOf(t, '±')).toBe('keyword.operator.tolerance.netscenario');
    expect(scopeOf(t, '+-')).toBe('keyword.operator.tolerance.netscenario');
    expect(scopeOf(t, '..')).toBe('keyword.operator.range.netscenario');
    expect(scopeOf(t, '=')).toBe('keyword.operator.assignment.netscenario');
  });

  it('expect subjects: host, app, counter, metric, index and result words', async () => {
    const t = await tokenize(everyConstruct);
    expect(scopeOf(t, 'TcpExtListenOverflows')).toBe('support.constant.counter.netscenario');
    expect(scopeOf(t, 'UdpRcvbufErrors')).toBe('support.constant.counter.netscenario');
    expect(scopeOf(t, 'accept_queue')).toBe('variable.other.property.metric.netscenario');
    expect(scopeOf(t, 'connect_time')).toBe('variable.other.property.metric.netscenario');
    expect(scopeOf(t, 'load', 1)).toBe('variable.other.app.netscenario');
    expect(scopeOf(t, 'ETIMEDOUT')).toBe('constant.language.errno.netscenario');
    expect(scopeOf(t, 'SYN-SENT')).toBe('constant.language.state.netscenario');
    expect(scopeOf(t, 'refused')).toBe('constant.language.outcome.netscenario');
    expect(scopeOf(t, '15')).toBe('constant.numeric.integer.netscenario');
    const stop = t.filter((x) => x.line === t.find((y) => y.text === 'stop')!.line);
    expect(scopeOf(stop, 'server')).toBe('variable.other.host.netscenario');
    expect(scopeOf(stop, 'nc')).toBe('variable.other.app.netscenario');
  });

  it('hosts of a NAT, ends of a link and drop endpoints are host references', async () => {
    const t = await tokenize(everyConstruct);
    expect(scopeOf(t, 'c2')).toBe('variable.other.host.netscenario');
    expect(scopeOf(t, 'office')).toBe('entity.name.type.nat.netscenario');
    const link = t.filter((x) => x.line === t.find((y) => y.text === 'link')!.line);
    expect(scopeOf(link, 'client')).toBe('variable.other.host.netscenario');
    expect(scopeOf(link, 'server')).toBe('variable.other.host.netscenario');
    const drop = t.filter((x) => x.line === t.find((y) => y.text === 'synack')!.line);
    expect(scopeOf(drop, 'server')).toBe('variable.other.host.netscenario');
  });
});
