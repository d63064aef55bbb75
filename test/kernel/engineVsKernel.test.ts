// The engine's linux-6.8 profile against the facts measured on this machine's kernel
// (test/kernel/facts/linux-6.18.json) for the measurements test/engine/facts.test.ts does not
// cover. Where 6.18 changed a rule after 6.8 the engine must follow v6.8's source, and the test
// states the exact difference (docs/kernel-behaviour.md, "6.18 vs 6.8").
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/dsl';
import type { Scenario } from '../../src/dsl/model';
import { runScenario } from '../../src/engine';
import { readFacts } from './facts';

const facts = readFacts('linux-6.18');
const value = <T>(key: string): T => {
  expect(facts[key], `fact ${key} (run UPDATE_KERNEL_FACTS=1 npx vitest run test/kernel as root)`).toBeDefined();
  return facts[key].value as T;
};

function model(text: string): Scenario {
  const a = analyze(text, 'engine-vs-kernel.netscenario');
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !a.model) throw new Error(errors.map((d) => `${d.range.start.line + 1}: ${d.message}`).join('; '));
  return a.model;
}

describe('engine linux-6.8 vs the real kernel', () => {
  it('listen.synRecvExpiry: SYN-ACKs at 0, 1, 3 s, request freed silently, RST on the next data retransmission', () => {
    const f = value<{ synAckMs: number[]; clientError: string; TcpOutRsts: number; clientTcpEstabResets: number }>('listen.synRecvExpiry');
    const r = runScenario(
      model(`
scenario "syn-recv expiry" {
  kernel linux-6.8
  duration 15s
}
host client {
  address 10.0.0.1
  app c {
    connect tcp server:80 count 1 start 0s
    send 4B
  }
}
host server {
  address 10.0.0.2
  sysctl net.ipv4.tcp_synack_retries = 2
  app l {
    listen tcp 80 backlog 16
    accept off
  }
}
link client <-> server latency 50us
drop ack to server:80 between 0s and 8s
drop data to server:80 between 0s and 8s
`),
    );
    const synAcks = r.events.filter((e) => e.host === 'server' && e.kind === 'send' && e.flags === 'S.').map((e) => e.t);
    expect(synAcks.map((t) => Math.round((t - synAcks[0]) / 1000) * 1000)).toEqual(f.synAckMs.map((ms) => Math.round(ms / 1000) * 1000));
    const c = r.connections[0];
    expect(c.errno).toBe(f.clientError);
    expect(r.hosts.server.counters.TcpOutRsts).toBe(f.TcpOutRsts);
    expect(r.hosts.client.counters.TcpEstabResets).toBe(f.clientTcpEstabResets);
    expect(r.hosts.server.counters.TcpExtListenOverflows).toBe(0);
  });

  it('synq.limitNoCookies: v6.8 holds backlog requests (>=), 6.18 holds backlog + 1 (commit 3479c7549fb1)', () => {
    const f = value<{ synRecv: number; TcpExtTCPReqQFullDrop: number }>('synq.limitNoCookies');
    const r = runScenario(
      model(`
scenario "syn queue" {
  kernel linux-6.8
  duration 500ms
}
host client {
  address 10.0.0.1
  app c {
    connect tcp server:80 count 6 every 20ms start 0s
  }
}
host server {
  address 10.0.0.2
  sysctl net.ipv4.tcp_syncookies = 0
  app l {
    listen tcp 80 backlog 2
    accept off
  }
}
link client <-> server latency 50us
drop ack to server:80
drop data to server:80
`),
    );
    expect(r.listeners[0].synQueue).toBe(f.synRecv - 1);
    expect(r.hosts.server.counters.TcpExtTCPReqQFullDrop).toBe(f.TcpExtTCPReqQFullDrop + 1);
    expect(r.hosts.server.counters.TcpExtListenDrops).toBe(f.TcpExtTCPReqQFullDrop + 1);
  });

  it('sock.soRcvbuf: clamp to rmem_max, double, floor at 2304', () => {
    const f = value<{ rmemMax: number; set: Record<string, number> }>('sock.soRcvbuf');
    const requests = Object.keys(f.set).map(Number);
    const r = runScenario(
      model(`
scenario "rcvbuf" {
  kernel linux-6.8
  duration 10ms
}
host h {
  address 10.0.0.1
  sysctl net.core.rmem_max = ${f.rmemMax}
${requests.map((v, i) => `  app a${i} {\n    udp bind ${5000 + i} rcvbuf ${v}B read off\n  }`).join('\n')}
}
`),
    );
    requests.forEach((v, i) => expect(r.udp.find((u) => u.app === `a${i}`)!.rcvbuf, `SO_RCVBUF ${v}`).toBe(f.set[String(v)]));
  });

  it('udp.rcvbuf.212992: default buffer; v6.8 queues one datagram more than 6.18 (rmem <= rcvbuf before adding)', () => {
    const f = value<{ rcvbuf: number; queued: number; truesize: number; v6_8Rule: number }>('udp.rcvbuf.212992');
    const r = runScenario(
      model(`
scenario "udp default buffer" {
  kernel linux-6.8
  duration 1s
}
host sender {
  address 10.0.0.1
  app s {
    udp send receiver:5000 rate 5000/s size 1400B count 300 start 0s
  }
}
host receiver {
  address 10.0.0.2
  app r {
    udp bind 5000 read off
  }
}
link sender <-> receiver latency 50us
`),
    );
    const u = r.udp[0];
    expect(u.rcvbuf).toBe(f.rcvbuf);
    expect(f.v6_8Rule).toBe(f.queued + 1);
    expect(u.received).toBe(f.v6_8Rule);
    expect(u.drops).toBe(300 - f.v6_8Rule);
    expect(r.hosts.receiver.counters.UdpRcvbufErrors).toBe(300 - f.v6_8Rule);
    expect(r.hosts.receiver.counters.UdpInErrors).toBe(300 - f.v6_8Rule);
  });
  it('listen.ackedOverflow: the ACK that finds the queue full is dropped, the request expires, RST on the next retransmission', () => {
    const f = value<{ clientErrors: Array<string | null>; TcpOutRsts: number; clientTcpEstabResets: number; serverStatesAt1500ms: string[] }>(
      'listen.ackedOverflow',
    );
    const r = runScenario(
      model(`
scenario "acked overflow" {
  kernel linux-6.8
  duration 15s
}
host client {
  address 10.0.0.1
  app first {
    connect tcp server:80 count 2 every 20ms start 0s
    send 4B
  }
  app late {
    connect tcp server:80 count 2 every 50ms start 100ms
    send 4B
  }
}
host server {
  address 10.0.0.2
  sysctl net.ipv4.tcp_synack_retries = 2
  sysctl net.ipv4.tcp_syncookies = 0
  app l {
    listen tcp 80 backlog 2
    accept off
  }
}
link client <-> server latency 50us
drop ack to server:80 between 90ms and 400ms
drop data to server:80 between 90ms and 400ms
`),
    );
    const late = r.connections.filter((c) => c.app === 'late');
    expect(late.map((c) => c.errno).sort()).toEqual([...f.clientErrors].sort());
    expect(r.connections.filter((c) => c.app === 'first').map((c) => c.errno)).toEqual([null, null]);
    expect(r.hosts.server.counters.TcpOutRsts).toBe(f.TcpOutRsts);
    expect(r.hosts.client.counters.TcpEstabResets).toBe(f.clientTcpEstabResets);
    expect(r.hosts.server.counters.TcpExtListenOverflows).toBeGreaterThanOrEqual(1);
    expect(r.hosts.server.counters.TcpExtListenDrops).toBe(r.hosts.server.counters.TcpExtListenOverflows);
    expect(r.listeners[0].acceptQueue).toBe(3);
  });
});
