// The seed cases of issue 3, run from examples/ through analyze() and the engine, with the numbers
// the seeds and the kernel sources give.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/dsl';
import { runScenario } from '../../src/engine';
import { conns, EXAMPLES, failedExpectations, modelOf, runExample } from './helpers';

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('every example', () => {
  for (const f of readdirSync(EXAMPLES).filter((x) => x.endsWith('.netscenario')).sort()) {
    it(`${f}: checks clean and all its expectations pass`, () => {
      const r = runExample(f);
      expect(r.expectations.length).toBeGreaterThan(0);
      expect(failedExpectations(r)).toEqual([]);
    });
  }
});

describe('seed 001: somaxconn with nc', () => {
  it('3.10: 4 accepted, 11 queued with Recv-Q 4, 10 half-open with Send-Q 4 and timers', () => {
    const r = runExample('somaxconn-nc.netscenario');
    const c = conns(r, 'client', 'load');
    expect(c).toHaveLength(25);
    expect(c.every((x) => x.clientState === 'ESTAB' && x.result === 'established')).toBe(true);
    expect(r.listeners[0]).toMatchObject({ port: 8080, backlog: 10, limit: 10, acceptQueue: 11 });
    for (const i of range(0, 3)) expect(c[i]).toMatchObject({ accepted: true, sendQ: 0, serverState: 'ESTAB', serverRecvQ: 0 });
    for (const i of range(4, 14)) expect(c[i]).toMatchObject({ accepted: false, sendQ: 0, serverState: 'ESTAB', serverRecvQ: 4 });
    for (const i of range(15, 24)) {
      expect(c[i]).toMatchObject({ accepted: false, sendQ: 4, serverState: 'none' });
      expect(c[i].timer).toMatch(/^on,[\d.]+m?s,[3-6]$/);
    }
    const srv = r.hosts.server.counters;
    expect(srv.TcpExtListenOverflows).toBeGreaterThan(0);
    expect(srv.TcpExtListenDrops).toBe(srv.TcpExtListenOverflows);
    expect(srv.TcpPassiveOpens).toBe(15);
  });

  it('3.10, left running: the half-open requests expire and the clients get RST for their data', () => {
    const r = runExample('somaxconn-nc.netscenario', { untilUs: 300e6 });
    const c = conns(r, 'client', 'load');
    for (const i of range(0, 14)) expect(c[i].result).toBe('established');
    for (const i of range(15, 24)) expect(c[i]).toMatchObject({ result: 'reset', errno: 'ECONNRESET', clientState: 'CLOSE' });
    expect(r.listeners[0].synQueue).toBe(0);
  });

  // Since 4.10 tcp_conn_request drops a SYN whenever the accept queue is full, so the last 10
  // clients never get a SYN-ACK: they retry their SYN and time out instead of believing they are
  // connected. Nothing is ever half-open, and every dropped SYN is a ListenOverflow.
  it('6.8: the last 10 stay in SYN-SENT and fail with ETIMEDOUT after 131 s', () => {
    const r = runExample('somaxconn-nc-modern.netscenario');
    const c = conns(r, 'client', 'load');
    for (const i of range(0, 14)) expect(c[i]).toMatchObject({ result: 'established', sendQ: 0 });
    for (const i of range(15, 24)) {
      expect(c[i]).toMatchObject({ result: 'timedout', errno: 'ETIMEDOUT', connectMs: null, serverState: 'none' });
      expect(c[i].synSentMs.map((t) => t - c[i].synSentMs[0])).toEqual([0, 1000, 2000, 3000, 4000, 5000, 7000, 11000, 19000, 35000, 67000]);
    }
    expect(r.listeners[0]).toMatchObject({ acceptQueue: 11, synQueue: 0 });
    expect(r.hosts.server.counters.TcpExtListenOverflows).toBe(110);
  });

  it('4.19: the same SYN drop, with the classic 127 s SYN timeout', () => {
    const text = readFileSync(join(EXAMPLES, 'somaxconn-nc-modern.netscenario'), 'utf8').replace('kernel linux-6.8', 'kernel linux-4.19');
    const r = runScenario(modelOf(text));
    const c = conns(r, 'client', 'load');
    expect(c.filter((x) => x.result === 'established')).toHaveLength(15);
    for (const i of range(15, 24)) expect(c[i].synSentMs).toHaveLength(7);
    expect(r.hosts.server.counters.TcpExtListenOverflows).toBe(70);
  });
});

describe('seed 000: SYN timeout', () => {
  const scenario = (kernel: string, retries: number | null) => `
scenario "t" {
  kernel ${kernel}
  duration 400s
}
host client {
  address 10.0.0.1
  ${retries === null ? '' : `sysctl net.ipv4.tcp_syn_retries = ${retries}`}
  app curl {
    connect tcp server:80 count 1 start 0s
  }
}
host server {
  address 10.0.0.2
}
link client <-> server latency 1ms
drop syn to server:80
expect client.curl[0].errno == ETIMEDOUT
`;
  const timeoutOf = (kernel: string, retries: number | null) => {
    const r = runScenario(modelOf(scenario(kernel, retries)));
    const c = r.connections[0];
    expect(c.errno).toBe('ETIMEDOUT');
    expect(r.hosts.client.counters.TcpAttemptFails).toBe(1);
    return { syns: c.synSentMs, failed: r.expectations[0].passed };
  };

  it('3.10: SYNs at 0, 1, 3, 7, 15, 31, 63 s and ETIMEDOUT at 127 s', () => {
    const r = runExample('syn-timeout.netscenario');
    expect(r.connections[0].synSentMs).toEqual([0, 1000, 3000, 7000, 15000, 31000, 63000]);
    expect(failedExpectations(r)).toEqual([]);
  });

  it('3.10 and 4.19: 2^(n+1) - 1 seconds for tcp_syn_retries = n', () => {
    for (const kernel of ['linux-3.10', 'linux-4.19']) {
      for (const n of [1, 2, 3, 4, 5, 6]) {
        const text = scenario(kernel, n).replace('expect client.curl[0].errno == ETIMEDOUT', `expect client.curl[0].connect_time == ${2 ** (n + 1) - 1}s`);
        const r = runScenario(modelOf(text));
        expect(r.connections[0].synSentMs, `${kernel} n=${n}`).toHaveLength(n + 1);
        expect(r.expectations[0], `${kernel} n=${n}`).toMatchObject({ passed: true });
      }
    }
    expect(timeoutOf('linux-3.10', null).syns).toHaveLength(7);
  });

  // docs/kernel-behaviour.md §a: 6.8 fails at the first firing where either N + 4 retransmissions
  // are done or the old (2^(N+1) - 1) s budget is spent.
  it('6.8: linear 1 s retries first (tcp_syn_linear_timeouts = 4), then backoff; count or time', () => {
    const r = runExample('syn-timeout-modern.netscenario');
    expect(r.connections[0].synSentMs).toEqual([0, 1000, 2000, 3000, 4000, 5000, 7000, 11000, 19000, 35000, 67000]);
    expect(failedExpectations(r)).toEqual([]);
    const table: [number, number[], number][] = [
      [1, [1, 2], 3],
      [2, [1, 2, 3, 4, 5], 7],
      [3, [1, 2, 3, 4, 5, 7, 11], 19],
      [4, [1, 2, 3, 4, 5, 7, 11, 19], 35],
      [5, [1, 2, 3, 4, 5, 7, 11, 19, 35], 67],
    ];
    for (const [n, retrans, fail] of table) {
      const text = scenario('linux-6.8', n).replace('expect client.curl[0].errno == ETIMEDOUT', `expect client.curl[0].connect_time == ${fail}s`);
      const r2 = runScenario(modelOf(text));
      expect(r2.connections[0].synSentMs, `n=${n}`).toEqual([0, ...retrans.map((x) => x * 1000)]);
      expect(r2.expectations[0].passed, `n=${n}: ${r2.expectations[0].actual}`).toBe(true);
    }
  });
});

describe('connection refused', () => {
  it('RST from a host with no listener: ECONNREFUSED after one round trip', () => {
    const r = runExample('connection-refused.netscenario');
    expect(r.connections[0]).toMatchObject({ result: 'refused', errno: 'ECONNREFUSED', synSentMs: [0], clientState: 'CLOSE' });
    expect(r.hosts.server.counters.TcpOutRsts).toBe(1);
    const flags = r.events.filter((e) => e.kind === 'send').map((e) => `${e.host}:${e.flags}`);
    expect(flags).toEqual(['client:S', 'server:R.']);
  });
});

describe('seed 002: accept queue full with a stopped app', () => {
  it('3.10 answers SYNs while few young requests wait; 6.8 drops them and everyone connects later', () => {
    const old = runExample('accept-queue-stalled.netscenario');
    const modern = runExample('accept-queue-stalled-modern.netscenario');
    const synSeries = (r: typeof old) => r.timeline.series.find((s) => s.id === 'server/listen:80/synQueue')!;
    expect(Math.max(...synSeries(old).values)).toBeGreaterThan(0);
    expect(Math.max(...synSeries(modern).values)).toBe(0);
    const accept = (r: typeof old) => r.timeline.series.find((s) => s.id === 'server/listen:80/acceptQueue')!;
    expect(Math.max(...accept(old).values)).toBe(6);
    expect(Math.max(...accept(modern).values)).toBe(6);
    expect(conns(modern, 'client', 'load').every((c) => c.result === 'established')).toBe(true);
    expect(conns(old, 'client', 'load').filter((c) => c.result === 'reset').length).toBeGreaterThan(0);
    for (const r of [old, modern]) expect(r.hosts.server.counters.TcpExtListenOverflows).toBeGreaterThan(0);
    // On 6.8 every overflow is a dropped SYN: the clients' retransmitted SYNs equal the overflows.
    expect(modern.hosts.client.counters.TcpExtTCPSynRetrans).toBe(modern.hosts.server.counters.TcpExtListenOverflows);
  });
});

describe('SYN flood and syncookies', () => {
  it('0 drops SYNs once the request queue is full; 1 sends cookies then; 2 always sends cookies', () => {
    const [r0, r1, r2] = [0, 1, 2].map((m) => runExample(`syn-flood-syncookies-${m}.netscenario`));
    const s0 = r0.hosts.server.counters;
    const s1 = r1.hosts.server.counters;
    const s2 = r2.hosts.server.counters;
    expect(s0.TcpExtTCPReqQFullDrop).toBeGreaterThan(0);
    expect(s0.TcpExtSyncookiesSent + s0.TcpExtTCPReqQFullDoCookies).toBe(0);
    expect(s0.TcpExtListenDrops).toBe(s0.TcpExtTCPReqQFullDrop);
    expect(s1.TcpExtTCPReqQFullDrop).toBe(0);
    expect(s1.TcpExtSyncookiesSent).toBe(s1.TcpExtTCPReqQFullDoCookies);
    expect(s1.TcpExtSyncookiesRecv).toBe(1);
    expect(s2.TcpExtSyncookiesSent).toBe(4001);
    expect(r2.timeline.series.find((s) => s.id === 'server/listen:80/synQueue')!.values.every((v) => v === 0)).toBe(true);
    // The real client: delayed by SYN retries without cookies, immediate with them.
    expect(r0.connections.find((c) => c.host === 'client')!.synSentMs.length).toBeGreaterThan(1);
    expect(r1.connections.find((c) => c.host === 'client')!).toMatchObject({ result: 'established', synSentMs: [1500] });
  });
});

describe('seed 002: tcp_tw_recycle behind NAT', () => {
  it('3.10: SYNs from clients whose clock is behind are dropped (PAWSPassive); connections fail intermittently', () => {
    const r = runExample('tw-recycle-nat.netscenario');
    const srv = r.hosts.server.counters;
    expect(srv.TcpExtPAWSPassive).toBeGreaterThan(0);
    expect(srv.TcpExtListenDrops).toBe(srv.TcpExtPAWSPassive);
    const outcomes = r.connections.map((c) => c.result);
    expect(outcomes).toContain('established');
    expect(outcomes.some((o) => o === 'pending' || o === 'timedout')).toBe(true);
    // Everything the server saw came from the NAT address.
    expect(r.events.filter((e) => e.host === 'server' && e.kind === 'recv').every((e) => e.src.startsWith('203.0.113.7:'))).toBe(true);
  });

  it('the same scenario on linux-4.19 is a checker error (tcp_tw_recycle was removed in 4.12)', () => {
    const file = join(__dirname, '..', 'fixtures', 'engine', 'tw-recycle-nat-4.19.netscenario');
    const a = analyze(readFileSync(file, 'utf8'), file);
    expect(a.diagnostics.some((d) => d.severity === 'error' && d.message.includes('tcp_tw_recycle'))).toBe(true);
  });

  it('without tcp_tw_recycle every NATed client connects', () => {
    const text = readFileSync(join(EXAMPLES, 'tw-recycle-nat.netscenario'), 'utf8').replace('sysctl net.ipv4.tcp_tw_recycle = 1', 'sysctl net.ipv4.tcp_tw_recycle = 0');
    const r = runScenario(modelOf(text));
    expect(r.hosts.server.counters.TcpExtPAWSPassive).toBe(0);
    expect(r.connections.every((c) => c.result === 'established')).toBe(true);
  });
});

describe('seeds 000/003: UDP receive buffer', () => {
  it('SO_RCVBUF is doubled; drops are RcvbufErrors, InErrors and the socket drops column', () => {
    const r = runExample('udp-small-rcvbuf.netscenario');
    const u = r.udp[0];
    expect(u.rcvbuf).toBe(131072);
    const c = r.hosts.receiver.counters;
    expect(u.drops).toBeGreaterThan(0);
    expect(c.UdpRcvbufErrors).toBe(u.drops);
    expect(c.UdpInErrors).toBe(u.drops);
    expect(u.received + u.drops).toBe(20000);
    // udp_recvmsg counts InDatagrams when the app reads; by the end it has read everything queued.
    expect(u.queued).toBe(0);
    expect(c.UdpInDatagrams).toBe(u.received);
  });

  it('rmem_max clamps the request before doubling', () => {
    const text = readFileSync(join(EXAMPLES, 'udp-small-rcvbuf.netscenario'), 'utf8')
      .replace('rcvbuf 64KiB', 'rcvbuf 1MiB')
      .replace('expect receiver.sink.rcvbuf == 131072', 'expect receiver.sink.rcvbuf == 425984');
    const r = runScenario(modelOf(text));
    expect(r.udp[0].rcvbuf).toBe(2 * 212992);
  });

  it('57 datagrams of 1400 bytes fit 128 KiB (truesize 2304); 3.10 counts most drops in InErrors only', () => {
    const text = readFileSync(join(EXAMPLES, 'udp-small-rcvbuf.netscenario'), 'utf8').replace('read 5000/s', 'read off');
    const modern = runScenario(modelOf(text));
    expect(modern.udp[0]).toMatchObject({ received: 57, queued: 57 * 2304 });
    const old = runScenario(modelOf(text.replace('kernel linux-4.19', 'kernel linux-3.10')));
    expect(old.udp[0].received).toBe(57);
    const c = old.hosts.receiver.counters;
    expect(c.UdpInErrors).toBe(old.udp[0].drops);
    expect(c.UdpRcvbufErrors).toBeLessThan(c.UdpInErrors);
  });
});

describe('NIC ring and a burst', () => {
  it('a small ring overflows (rx_missed_errors); a larger one absorbs the same burst', () => {
    const small = runExample('nic-ring-burst.netscenario');
    const large = runExample('nic-ring-burst-large.netscenario');
    const s = small.hosts.receiver.counters;
    expect(s.rx_missed_errors).toBeGreaterThan(0);
    expect(s.rx_packets + s.rx_missed_errors).toBe(4000);
    expect(small.udp[0].received).toBe(s.rx_packets);
    expect(large.hosts.receiver.counters.rx_missed_errors).toBe(0);
    expect(large.udp[0].received).toBe(4000);
    const ring = large.timeline.series.find((x) => x.id === 'receiver/nic:eth0/ring')!;
    expect(ring.limit).toBe(4096);
    // The burst is over within one sample interval: only the high-water series sees it, full on
    // the small ring (it overflowed) and above the small ring's size on the large one.
    const peak = (r: typeof small) => Math.max(...r.timeline.series.find((x) => x.id === 'receiver/nic:eth0/ringPeak')!.values);
    expect(peak(small)).toBe(256);
    expect(peak(large)).toBeGreaterThan(256);
    expect(peak(large)).toBeLessThanOrEqual(4096);
  });
});

describe('seed 000 §3: connection reset by peer, broken pipe', () => {
  it('close with unread data sends RST; the reader sees ECONNRESET, the next write EPIPE', () => {
    const r = runExample('reset-and-broken-pipe.netscenario');
    expect(r.connections[0]).toMatchObject({ result: 'reset', errno: 'ECONNRESET', lastErrno: 'EPIPE', accepted: true });
    expect(r.hosts.server.counters.TcpExtTCPAbortOnClose).toBe(1);
    expect(r.hosts.client.counters.TcpEstabResets).toBe(1);
    expect(r.events.some((e) => e.host === 'server' && e.kind === 'send' && e.flags.startsWith('R'))).toBe(true);
  });
});
