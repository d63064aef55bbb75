// Refused connections, RST on close with unread data, SO_RCVBUF doubling and UDP receive-buffer
// drops on the real kernel (docs/kernel-behaviour.md §f, §g).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FactRecorder } from './facts';
import { CLIENT_IF, labCapability, NetnsLab, nsExec, readCounters, requireOrSkip, SERVER_IP } from './netns';

const cap = await labCapability();
const run = requireOrSkip(cap, 'socket measurements');
const lab = new NetnsLab('sock');
const facts = new FactRecorder();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Call {
  op: string;
  result: number;
  error: string | null;
}

async function refusedCase() {
  const { client, server } = await lab.pair();
  const r = await lab.probe<{ errno: string; elapsedMs: number }>(client, ['refused', '--dst', SERVER_IP, '--port', '5010']);
  return { r, server: await readCounters(server), client: await readCounters(client) };
}

async function rstCase(order: string) {
  const { client, server } = await lab.pair();
  const srv = lab.start(server, ['accept-close', '--port', '5011']);
  await srv.next();
  const r = await lab.probe<{ calls: Call[] }>(client, ['rst-client', '--dst', SERVER_IP, '--port', '5011', '--order', order]);
  const closed = await srv.next<{ closedWithUnread: number }>();
  return { calls: r.calls, closed, server: await readCounters(server), client: await readCounters(client) };
}

async function rcvbufCase() {
  const { client } = await lab.pair();
  const rmemMax = Number(await nsExec(client, ['cat', '/proc/sys/net/core/rmem_max']));
  const rmemDefault = Number(await nsExec(client, ['cat', '/proc/sys/net/core/rmem_default']));
  const values = [1, 1024, 65536, rmemMax + 4096];
  const r = await lab.probe<{ default: number; set: Record<string, number> }>(client, ['rcvbuf', ...values.map(String)]);
  return { rmemMax, rmemDefault, values, r };
}

/** A receiver that never reads; `count` datagrams of `size` bytes sent to it. */
async function udpCase(rcvbuf: number, count: number, size: number) {
  const { client, server } = await lab.pair();
  const port = 5020;
  const recv = lab.start(server, ['udp-recv', '--port', String(port), '--rcvbuf', String(rcvbuf)]);
  const ready = await recv.next<{ rcvbuf: number }>();
  await lab.probe(client, ['udp-send', '--dst', SERVER_IP, '--port', String(port), '--count', String(count), '--size', String(size), '--gap-us', '200']);
  await sleep(200);
  const counters = await readCounters(server);
  const raw = await nsExec(server, ['ss', '-Huanm', 'sport', '=', `:${port}`]);
  const rmemAlloc = Number(/skmem:\(r(\d+)/.exec(raw)?.[1]);
  const procUdp = (await nsExec(server, ['cat', '/proc/net/udp'])).trim().split('\n').slice(1);
  const row = procUdp.find((l) => l.trim().split(/\s+/)[1].endsWith(`:${port.toString(16).toUpperCase().padStart(4, '0')}`))!;
  const drops = Number(row.trim().split(/\s+/).pop());
  const { queued } = await recv.finish<{ queued: number }>();
  return { rcvbuf: ready.rcvbuf, queued, rmemAlloc, drops, counters, count, size };
}

/** Two SYNs from one source address and one from a second address of the same client. */
async function timestampCase() {
  const { client, server } = await lab.pair();
  await nsExec(client, ['ip', 'addr', 'add', '10.77.0.3/24', 'dev', CLIENT_IF]);
  const listener = lab.start(server, ['listen', '--port', '5040', '--backlog', '16']);
  await listener.next();
  const r = await lab.probe<{ syns: Array<{ src: string; tsval: number; t: number }> }>(client, [
    'tsval', '--iface', CLIENT_IF, '--dst', SERVER_IP, '--port', '5040', '--src', '10.77.0.1', '--src', '10.77.0.1', '--src', '10.77.0.3',
  ]);
  await listener.finish().catch(() => undefined);
  const recycle = await nsExec(client, ['ls', '/proc/sys/net/ipv4']).then((o) => o.split('\n').includes('tcp_tw_recycle'));
  return { syns: r.syns, recycle };
}

let ts: Awaited<ReturnType<typeof timestampCase>>;
let refused: Awaited<ReturnType<typeof refusedCase>>;
let rstRead: Awaited<ReturnType<typeof rstCase>>;
let rstWrite: Awaited<ReturnType<typeof rstCase>>;
let rcv: Awaited<ReturnType<typeof rcvbufCase>>;
let udpSmall: Awaited<ReturnType<typeof udpCase>>;
let udpDefault: Awaited<ReturnType<typeof udpCase>>;

describe.runIf(run)('socket basics on the real kernel', () => {
  beforeAll(async () => {
    expect(cap.ok, cap.reason).toBe(true);
    [ts, refused, rstRead, rstWrite, rcv, udpSmall, udpDefault] = await Promise.all([
      timestampCase(),
      refusedCase(),
      rstCase('read,write,write'),
      rstCase('write,write'),
      rcvbufCase(),
      udpCase(65536, 200, 1400),
      udpCase(0, 300, 1400),
    ]);
  }, 30_000);

  afterAll(async () => {
    await lab.cleanup();
    facts.flush();
  });

  it('TCP timestamps: a random offset per connection on 6.18 (v6.8: per address pair); no tcp_tw_recycle', () => {
    const [a, b, c] = ts.syns;
    const skew = (x: typeof a, y: typeof a) => Math.abs(((y.tsval - x.tsval) >>> 0) - (y.t - x.t) * 1000);
    // v6.8 (secure_tcp_ts_off(net, saddr, daddr)) would give a skew of ~0 for a→b, same pair.
    // 6.18 hashes the ports in as well (secure_tcp_seq_and_ts_off), so every connection differs.
    expect(skew(a, b)).toBeGreaterThan(1000);
    expect(skew(b, c)).toBeGreaterThan(1000);
    expect(ts.recycle).toBe(false);
    facts.record('tcp.timestampOffsets', {
      what: 'SYN TSvals of two connections from 10.77.0.1 and one from 10.77.0.3 to the same server, 300 ms apart',
      how: 'AF_PACKET capture of the SYNs in the client netns; /proc/sys/net/ipv4 listing',
      value: {
        samePairOffsetsDiffer: skew(a, b) > 1000,
        otherSourceOffsetDiffers: skew(b, c) > 1000,
        tcpTwRecycleSysctlExists: ts.recycle,
        note: 'v6.8 source: offset per (saddr, daddr); 6.18 measured: per connection',
      },
    });
  });

  it('no listener: RST at once, connect() fails with ECONNREFUSED in about one round trip', () => {
    expect(refused.r.errno).toBe('ECONNREFUSED');
    expect(refused.r.elapsedMs).toBeLessThan(100);
    expect(refused.server.TcpOutRsts).toBe(1);
    expect(refused.client.TcpAttemptFails).toBe(1);
    facts.record('tcp.refused', {
      what: 'connect() to a port with no listener in another netns',
      how: 'python3 connect_ex timed with perf_counter; /proc/net/snmp on both sides',
      value: { errno: refused.r.errno, elapsedMs: Number(refused.r.elapsedMs.toFixed(3)), serverTcpOutRsts: 1, clientTcpAttemptFails: 1 },
    });
  });

  it('close() with unread data sends RST: the peer reads ECONNRESET, then writes get EPIPE', () => {
    expect(rstRead.closed.closedWithUnread).toBe(4);
    expect(rstRead.calls).toEqual([
      { op: 'read', result: -1, error: 'ECONNRESET' },
      { op: 'write', result: -1, error: 'EPIPE' },
      { op: 'write', result: -1, error: 'EPIPE' },
    ]);
    // The first call after the RST returns the pending error, whichever it is.
    expect(rstWrite.calls).toEqual([
      { op: 'write', result: -1, error: 'ECONNRESET' },
      { op: 'write', result: -1, error: 'EPIPE' },
    ]);
    expect(rstRead.server.TcpExtTCPAbortOnClose).toBe(1);
    expect(rstRead.server.TcpOutRsts).toBe(1);
    expect(rstRead.client.TcpEstabResets).toBe(1);
    facts.record('tcp.rstOnCloseWithUnread', {
      what: 'server closes an accepted socket with 4 unread bytes; client then calls read/write',
      how: 'python3 probes (SIGPIPE is ignored by python, so EPIPE is returned); /proc/net/netstat and snmp',
      value: {
        readThenWrite: rstRead.calls.map((c) => c.error),
        writeFirst: rstWrite.calls.map((c) => c.error),
        serverTCPAbortOnClose: rstRead.server.TcpExtTCPAbortOnClose,
        serverTcpOutRsts: rstRead.server.TcpOutRsts,
        clientTcpEstabResets: rstRead.client.TcpEstabResets,
      },
    });
  });

  it('SO_RCVBUF is clamped to rmem_max, doubled, and at least SOCK_MIN_RCVBUF (2304)', () => {
    expect(rcv.r.default).toBe(rcv.rmemDefault);
    expect(rcv.r.set['1']).toBe(2304);
    expect(rcv.r.set['1024']).toBe(2304);
    expect(rcv.r.set['65536']).toBe(131072);
    expect(rcv.r.set[String(rcv.rmemMax + 4096)]).toBe(2 * rcv.rmemMax);
    facts.record('sock.soRcvbuf', {
      what: 'getsockopt(SO_RCVBUF) after setsockopt(SO_RCVBUF, v) on a UDP socket',
      how: 'python3 in a netns; rmem_max/rmem_default read from /proc/sys/net/core',
      value: { rmemMax: rcv.rmemMax, rmemDefault: rcv.rmemDefault, default: rcv.r.default, set: rcv.r.set },
    });
  });

  for (const [name, get] of [
    ['SO_RCVBUF 65536', () => udpSmall],
    ['default buffer', () => udpDefault],
  ] as const) {
    it(`UDP receiver that never reads (${name}): excess datagrams are RcvbufErrors + InErrors + socket drops`, () => {
      const u = get();
      const truesize = u.rmemAlloc / u.queued;
      expect(u.queued + u.counters.UdpRcvbufErrors).toBe(u.count);
      expect(u.counters.UdpInErrors).toBe(u.counters.UdpRcvbufErrors);
      expect(u.drops).toBe(u.counters.UdpRcvbufErrors);
      expect(Number.isInteger(truesize)).toBe(true);
      // 6.18 (__udp_enqueue_schedule_skb after "udp: refine __udp_enqueue_schedule_skb() test",
      // 2025): accept while rmem_alloc + truesize <= rcvbuf, or when the queue is empty. v6.8
      // accepted while rmem_alloc <= rcvbuf before adding, i.e. one datagram more.
      expect(u.queued).toBe(Math.max(1, Math.floor(u.rcvbuf / truesize)));
      facts.record(`udp.rcvbuf.${u.rcvbuf}`, {
        what: `${u.count} UDP datagrams of ${u.size} bytes over veth to a receiver with SO_RCVBUF ${name} that never reads`,
        how: 'python3 sender/receiver in two netns; ss -uam skmem r; /proc/net/udp drops; /proc/net/snmp Udp',
        value: {
          rcvbuf: u.rcvbuf,
          queued: u.queued,
          truesize,
          rmemAlloc: u.rmemAlloc,
          UdpRcvbufErrors: u.counters.UdpRcvbufErrors,
          UdpInErrors: u.counters.UdpInErrors,
          UdpInDatagrams: u.counters.UdpInDatagrams,
          procNetUdpDrops: u.drops,
          v6_8Rule: Math.floor(u.rcvbuf / truesize) + 1,
        },
      });
    });
  }
});
