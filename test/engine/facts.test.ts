// The engine against what test/kernel measured on this machine's real kernel (6.18), using the
// linux-6.8 profile wherever 6.8's source follows the same rule (the facts file says where not).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine';
import { conns, modelOf } from './helpers';

const facts = JSON.parse(readFileSync(join(__dirname, '..', 'kernel', 'facts', 'linux-6.18.json'), 'utf8')).facts;

function synScenario(retries: number, linear: number | null): string {
  return `
scenario "syn" {
  kernel linux-6.8
  duration 60s
}
host client {
  address 10.0.0.1
  sysctl net.ipv4.tcp_syn_retries = ${retries}
  ${linear === null ? '' : `sysctl net.ipv4.tcp_syn_linear_timeouts = ${linear}`}
  app probe {
    connect tcp server:80 count 1 start 0s
  }
}
host server {
  address 10.0.0.2
}
link client <-> server latency 50us
drop syn to server:80
`;
}

describe('engine vs measured kernel facts', () => {
  for (const [name, retries, linear] of [
    ['syn.retries1', 1, null],
    ['syn.retries2', 2, null],
    ['syn.retries3', 3, null],
    ['syn.retries3-linear0', 3, 0],
  ] as const) {
    it(`${name}: SYN instants and ETIMEDOUT`, () => {
      const f = facts[name].value;
      const r = runScenario(modelOf(synScenario(retries, linear)));
      const c = r.connections[0];
      expect(c.errno).toBe(f.errno);
      expect(c.synSentMs).toEqual(f.modelSynS.map((s: number) => s * 1000));
      // The real timers fire a little late, never early.
      c.synSentMs.forEach((t, i) => expect(f.synSentMs[i]).toBeGreaterThanOrEqual(t));
      expect(r.expectations).toEqual([]);
      const failedAt = r.timeline.series.find((s) => s.id === 'client/counters/TcpAttemptFails')!;
      const idx = failedAt.values.findIndex((v) => v > 0);
      expect(r.timeline.t[idx]).toBeGreaterThanOrEqual(f.modelTimeoutS * 1000);
      expect(r.timeline.t[idx]).toBeLessThanOrEqual(f.modelTimeoutS * 1000 + 100);
    });
  }

  it('listen.acceptQueueOverflow: backlog 3 never accepted, 8 clients 150 ms apart', () => {
    const f = facts['listen.acceptQueueOverflow'].value;
    const model = modelOf(`
scenario "aq" {
  kernel linux-6.8
  duration 3s
}
host client {
  address 10.0.0.1
  app c {
    connect tcp server:80 count 8 every 150ms start 0s
    send 4B
  }
}
host server {
  address 10.0.0.2
  app l {
    listen tcp 80 backlog 3
    accept off
  }
}
link client <-> server latency 50us
`);
    // The measurement was taken some time after the last client; compare at the moment the server
    // had received as many SYNs (first ones plus retransmissions) as the real one had.
    const synTimes = runScenario(model).events.filter((e) => e.host === 'server' && e.kind === 'recv' && e.flags === 'S').map((e) => e.t);
    const r = runScenario(model, { untilUs: Math.round(synTimes[f.synsReceived - 1] * 1000) + 1 });
    const c = conns(r, 'client', 'c');
    expect(r.listeners[0]).toMatchObject({ limit: f.limit, acceptQueue: f.acceptQueue });
    expect(c.filter((x) => x.clientState === 'ESTAB')).toHaveLength(f.clientEstablished);
    expect(c.filter((x) => x.clientState === 'SYN-SENT')).toHaveLength(f.clientSynSent);
    expect(c.filter((x) => x.clientState === 'ESTAB').map((x) => x.serverRecvQ)).toEqual(f.serverRecvQ);
    const srv = r.events.filter((e) => e.host === 'server');
    expect(srv.filter((e) => e.kind === 'recv' && e.flags === 'S')).toHaveLength(f.synsReceived);
    expect(srv.filter((e) => e.kind === 'send' && e.flags === 'S.')).toHaveLength(f.synAcksSent);
    expect(r.hosts.server.counters.TcpExtListenOverflows).toBe(f.TcpExtListenOverflows);
    expect(r.hosts.server.counters.TcpExtListenDrops).toBe(f.TcpExtListenDrops);
  });

  it('synq.cookiesAlways: tcp_syncookies 2 answers every SYN with a cookie', () => {
    const f = facts['synq.cookiesAlways'].value;
    const r = runScenario(
      modelOf(`
scenario "c2" {
  kernel linux-6.8
  duration 2s
}
host client {
  address 10.0.0.1
  app c {
    connect tcp server:80 count 3 every 10ms start 0s
  }
}
host server {
  address 10.0.0.2
  sysctl net.ipv4.tcp_syncookies = 2
  app l {
    listen tcp 80 backlog 16
    accept off
  }
}
link client <-> server latency 50us
`),
    );
    const s = r.hosts.server.counters;
    expect(s.TcpExtSyncookiesSent).toBe(f.SyncookiesSent);
    expect(s.TcpExtSyncookiesRecv).toBe(f.SyncookiesRecv);
    expect(s.TcpExtTCPReqQFullDoCookies).toBe(f.TCPReqQFullDoCookies);
    expect(r.listeners[0].synQueue).toBe(f.synRecv);
  });

  it('tcp.refused and tcp.rstOnCloseWithUnread', () => {
    const refused = runScenario(
      modelOf(`
scenario "r" {
  kernel linux-6.8
  duration 1s
}
host client {
  address 10.0.0.1
  app c {
    connect tcp server:80 count 1 start 0s
  }
}
host server {
  address 10.0.0.2
}
link client <-> server latency 50us
`),
    );
    const f = facts['tcp.refused'].value;
    expect(refused.connections[0].errno).toBe(f.errno);
    expect(refused.hosts.server.counters.TcpOutRsts).toBe(f.serverTcpOutRsts);
    expect(refused.hosts.client.counters.TcpAttemptFails).toBe(f.clientTcpAttemptFails);

    const g = facts['tcp.rstOnCloseWithUnread'].value;
    const text = readFileSync(join(__dirname, '..', '..', 'examples', 'reset-and-broken-pipe.netscenario'), 'utf8').replace('kernel linux-3.10', 'kernel linux-6.8');
    const reset = runScenario(modelOf(text));
    const c = reset.connections[0];
    expect([c.errno, c.lastErrno]).toEqual(g.readThenWrite.slice(0, 2));
    expect(reset.hosts.server.counters.TcpExtTCPAbortOnClose).toBe(g.serverTCPAbortOnClose);
    expect(reset.hosts.server.counters.TcpOutRsts).toBe(g.serverTcpOutRsts);
    expect(reset.hosts.client.counters.TcpEstabResets).toBe(g.clientTcpEstabResets);
  });

  it('udp.rcvbuf: SO_RCVBUF 65536 -> 131072 holds the 6.8 rule\'s 57 datagrams of truesize 2304', () => {
    const f = facts['udp.rcvbuf.131072'].value;
    const r = runScenario(
      modelOf(`
scenario "u" {
  kernel linux-6.8
  duration 1s
}
host sender {
  address 10.0.0.1
  app s {
    udp send receiver:5000 rate 10000/s size 1400B count 200 start 0s
  }
}
host receiver {
  address 10.0.0.2
  app r {
    udp bind 5000 rcvbuf 64KiB read off
  }
}
link sender <-> receiver latency 50us
`),
    );
    const u = r.udp[0];
    expect(u.rcvbuf).toBe(f.rcvbuf);
    expect(u.received).toBe(f.v6_8Rule);
    expect(u.queued).toBe(f.v6_8Rule * f.truesize);
    expect(u.drops).toBe(200 - f.v6_8Rule);
    expect(r.hosts.receiver.counters.UdpInDatagrams).toBe(f.UdpInDatagrams);
  });
});
