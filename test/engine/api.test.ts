// runScenario options and behaviours not covered by the seed examples.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine';
import { flagText } from '../../src/engine/sim';
import { ACK, FIN, PSH, RST, SYN } from '../../src/engine/world';
import { conns, EXAMPLES, exampleModel, modelOf } from './helpers';

const somaxconn = readFileSync(join(EXAMPLES, 'somaxconn-nc.netscenario'), 'utf8');

describe('runScenario options', () => {
  it('eventFilter keeps only matching packet events; the cap counts the rest', () => {
    const m = exampleModel('connection-refused.netscenario');
    const r = runScenario(m, { eventFilter: { hosts: ['server'], kinds: ['send'] } });
    expect(r.events.map((e) => e.flags)).toEqual(['R.']);
    const fn = runScenario(m, { eventFilter: (e) => e.flags === 'S' });
    expect(fn.events.every((e) => e.flags === 'S')).toBe(true);
    const capped = runScenario(exampleModel('syn-timeout.netscenario'), { maxEvents: 2 });
    expect(capped.events).toHaveLength(2);
    expect(capped.eventsDropped).toBe(12);
    // With a filter and a cap, events the filter turns down are not counted as dropped.
    const all = runScenario(exampleModel('syn-timeout.netscenario'), { maxEvents: 1000 });
    const syns = all.events.filter((e) => e.flags === 'S').length;
    expect(all.eventsDropped).toBe(0);
    const both = runScenario(exampleModel('syn-timeout.netscenario'), { maxEvents: 3, eventFilter: (e) => e.flags === 'S' });
    expect(both.events).toHaveLength(3);
    expect(both.eventsDropped).toBe(syns - 3);
  });

  it('untilUs and seed override the scenario; onProgress reaches the end', () => {
    const seen: number[] = [];
    const r = runScenario(exampleModel('syn-timeout.netscenario'), { untilUs: 10e6, seed: 5, onProgress: (t) => seen.push(t) });
    expect(r.durationMs).toBe(10000);
    expect(r.seed).toBe(5);
    expect(r.connections[0].result).toBe('pending');
    expect(r.connections[0].timer).toMatch(/^on,5s,3$/);
    expect(seen[seen.length - 1]).toBe(10e6);
  });

  it('an aborted run returns its state so far', () => {
    const ac = new AbortController();
    ac.abort();
    const r = runScenario(exampleModel('syn-flood-syncookies-1.netscenario'), { signal: ac.signal });
    expect(r.aborted).toBe(true);
    expect(r.durationMs).toBeLessThan(20000);
  });

  it('the timeline samples every `sample every` with limits on queues and buffers', () => {
    const r = runScenario(exampleModel('somaxconn-nc.netscenario'));
    expect(r.timeline.t.slice(0, 3)).toEqual([0, 100, 200]);
    expect(r.timeline.t).toHaveLength(261);
    const aq = r.timeline.series.find((s) => s.id === 'server/listen:8080/acceptQueue')!;
    expect(aq.limit).toBe(10);
    expect(aq.values[aq.values.length - 1]).toBe(11);
    const sendQ = r.timeline.series.find((s) => s.id === 'client/tcp/sendQ')!;
    expect(sendQ.values[sendQ.values.length - 1]).toBe(40);
  });
});

describe('packet log', () => {
  it('prints flags as tcpdump does: S F R P in that order, P for any payload, . for ACK', () => {
    expect(flagText(SYN, 0)).toBe('S');
    expect(flagText(SYN | ACK, 0)).toBe('S.');
    expect(flagText(ACK, 0)).toBe('.');
    expect(flagText(0, 0)).toBe('.');
    expect(flagText(ACK, 4)).toBe('P.');
    expect(flagText(PSH | ACK, 0)).toBe('P.');
    expect(flagText(FIN | ACK, 0)).toBe('F.');
    expect(flagText(FIN | PSH | ACK, 10)).toBe('FP.');
    expect(flagText(RST, 0)).toBe('R');
    expect(flagText(RST | ACK, 0)).toBe('R.');
    expect(flagText(SYN | FIN | RST | PSH | ACK, 1)).toBe('SFRP.');
  });
});

describe('tcp_abort_on_overflow', () => {
  it('1: the final ACK that finds the accept queue full is answered with RST (client ECONNRESET)', () => {
    const text = somaxconn.replace('  address 192.168.0.26\n', '  address 192.168.0.26\n  sysctl net.ipv4.tcp_abort_on_overflow = 1\n');
    const r = runScenario(modelOf(text));
    const c = conns(r, 'client', 'load');
    for (let i = 15; i < 25; i++) expect(c[i]).toMatchObject({ result: 'reset', errno: 'ECONNRESET', serverState: 'none' });
    // One RST for the handshake ACK (embryonic reset) and one for the data segment right behind
    // it, which finds no request any more and is a stray ACK to the listener.
    expect(r.hosts.server.counters.TcpOutRsts).toBe(20);
    expect(r.hosts.server.counters.TcpExtSyncookiesFailed).toBe(10);
    expect(r.listeners[0].synQueue).toBe(0);
  });
});

describe('links', () => {
  it('loss and latency are seeded: the same seed gives the same outcome, another seed may not', () => {
    const text = `
scenario "lossy" {
  kernel linux-4.19
  duration 60s
  seed 3
}
host client {
  address 10.0.0.1
  app load {
    connect tcp server:80 count 50 every 100ms start 0s
    send 2000B
    read all
  }
}
host server {
  address 10.0.0.2
  app web {
    listen tcp 80 backlog 128
    accept every 0s
    read all
  }
}
link client <-> server latency 5ms jitter 1ms loss 20%
`;
    const a = runScenario(modelOf(text));
    const b = runScenario(modelOf(text));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.events.some((e) => e.reason === 'link loss')).toBe(true);
    expect(a.hosts.client.counters.TcpRetransSegs).toBeGreaterThan(0);
    // Every byte written eventually arrives despite the loss.
    expect(conns(a, 'client', 'load').every((c) => c.result === 'established' && c.sendQ === 0)).toBe(true);
    expect(a.hosts.server.counters.TcpPassiveOpens).toBe(50);
  });
});

describe('edge cases', () => {
  it('an address nobody has, a UDP port nobody binds, a zero duration: no exception, sensible results', () => {
    const text = (duration: string) => `
scenario "edges" {
  kernel linux-3.10
  duration ${duration}
}
host client {
  address 10.0.0.1
  app c {
    connect tcp 10.9.9.9:80 count 2 every 1s start 0s
    udp send server:9999 rate 100/s size 10B count 5 start 0s
  }
}
host server {
  address 10.0.0.2
}
link client <-> server latency 1ms
`;
    const r = runScenario(modelOf(text('200s')));
    expect(r.connections.map((c) => c.errno)).toEqual(['ETIMEDOUT', 'ETIMEDOUT']);
    expect(r.events.some((e) => e.reason === 'no host has address 10.9.9.9')).toBe(true);
    expect(r.hosts.server.counters.UdpNoPorts).toBe(5);
    const zero = runScenario(modelOf(text('1s')), { untilUs: 0 });
    expect(zero.durationMs).toBe(0);
    expect(zero.timeline.t).toEqual([0]);
  });
});

describe('stop, continue, kill', () => {
  it('kill: accepted sockets get FIN, queued children RST, the listener is gone', () => {
    const text = somaxconn.replace('link client <-> server latency 500us', 'link client <-> server latency 500us\nat 25s kill server.nc');
    const r = runScenario(modelOf(text));
    const c = conns(r, 'client', 'load');
    for (let i = 0; i < 4; i++) expect(c[i].clientState).toBe('CLOSE-WAIT');
    // The client app reads, so its blocked read() returns the reset.
    for (let i = 4; i < 15; i++) expect(c[i]).toMatchObject({ result: 'reset', errno: 'ECONNRESET', clientState: 'CLOSE' });
    expect(r.hosts.server.counters.TcpOutRsts).toBeGreaterThanOrEqual(11);
  });
});

describe('per-CPU backlog', () => {
  it('traffic a host sends itself queues in the backlog; beyond netdev_max_backlog it is SoftnetDropped', () => {
    const r = runScenario(
      modelOf(`
scenario "loopback burst" {
  kernel linux-6.8
  duration 1s
}
host box {
  address 10.0.0.1
  sysctl net.core.netdev_max_backlog = 100
  sysctl net.core.rmem_max = 16777216
  app gen {
    udp send 10.0.0.1:5000 rate 2000000/s size 64B count 3000 start 0s
  }
  app sink {
    udp bind 5000 rcvbuf 8MiB read all
  }
}
`),
    );
    const c = r.hosts.box.counters;
    expect(c.SoftnetDropped).toBeGreaterThan(0);
    expect(c.rx_dropped).toBe(c.SoftnetDropped);
    expect(r.udp[0].received + c.SoftnetDropped).toBe(3000);
    expect(r.udp[0].received).toBeGreaterThan(100);
    expect(c.SoftnetProcessed).toBe(r.udp[0].received);
  });
});
