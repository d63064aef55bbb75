// SYN (request) queue limit and syncookies on the real kernel (docs/kernel-behaviour.md §b, §d).
// Clients' handshake ACKs are held back by nftables so requests stay in the SYN queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FactRecorder } from './facts';
import { labCapability, NetnsLab, readCounters, requireOrSkip, SERVER_IP, ss, type SsRow } from './netns';

const cap = await labCapability();
const run = requireOrSkip(cap, 'SYN queue measurements');
const lab = new NetnsLab('synq');
const facts = new FactRecorder();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Ready {
  sockets: Array<{ state: string }>;
}

const holdAcks = (port: number) =>
  `table inet lab {\n chain input {\n  type filter hook input priority 0; policy accept;\n  tcp dport ${port} tcp flags & syn == 0 drop\n }\n}\n`;
const count = (rows: SsRow[], state: string) => rows.filter((r) => r.state === state).length;

/** backlog 2, `clients` SYNs 20 ms apart with ACKs held; optionally release the ACKs. */
async function synQueueCase(syncookies: number, backlog: number, clients: number, hold: boolean) {
  const port = 5030;
  const { client, server } = await lab.pair();
  await lab.sysctl(server, 'net.ipv4.tcp_syncookies', syncookies);
  if (hold) await lab.nft(server, holdAcks(port));
  const listener = lab.start(server, ['listen', '--port', String(port), '--backlog', String(backlog)]);
  await listener.next();
  const probe = lab.start(client, ['connect', '--dst', SERVER_IP, '--port', String(port), '--count', String(clients), '--interval', '20', '--send', '4', '--settle', '150']);
  const ready = await probe.next<Ready>();
  const held = (await ss(server, ['-ta'])).filter((r) => r.local.endsWith(`:${port}`));
  const heldCounters = await readCounters(server);
  let released: SsRow[] = held;
  let after = heldCounters;
  if (hold) {
    await lab.nft(server, 'delete table inet lab\n');
    await sleep(2500); // client data retransmissions (≈0.2, 0.6, 1.4 s) carry the ACKs in
    released = (await ss(server, ['-ta'])).filter((r) => r.local.endsWith(`:${port}`));
    after = await readCounters(server);
  }
  await probe.finish();
  await listener.finish().catch(() => undefined);
  return { clientStates: ready.sockets.map((s) => s.state), held, heldCounters, released, after, backlog };
}

let noCookies: Awaited<ReturnType<typeof synQueueCase>>;
let cookies: Awaited<ReturnType<typeof synQueueCase>>;
let always: Awaited<ReturnType<typeof synQueueCase>>;

describe.runIf(run)('SYN queue and syncookies on the real kernel', () => {
  beforeAll(async () => {
    expect(cap.ok, cap.reason).toBe(true);
    [noCookies, cookies, always] = await Promise.all([
      synQueueCase(0, 2, 6, true),
      synQueueCase(1, 2, 6, true),
      synQueueCase(2, 16, 3, false),
    ]);
  }, 30_000);

  afterAll(async () => {
    await lab.cleanup();
    facts.flush();
  });

  it('syncookies=0: the SYN queue holds backlog + 1 requests on 6.18; further SYNs are TCPReqQFullDrop', () => {
    expect(count(noCookies.held, 'SYN-RECV')).toBe(noCookies.backlog + 1);
    expect(noCookies.clientStates.filter((s) => s === 'SYN-SENT').length).toBe(6 - (noCookies.backlog + 1));
    expect(noCookies.heldCounters.TcpExtTCPReqQFullDrop).toBe(6 - (noCookies.backlog + 1));
    expect(noCookies.heldCounters.TcpExtListenDrops).toBe(noCookies.heldCounters.TcpExtTCPReqQFullDrop);
    expect(noCookies.heldCounters.TcpExtListenOverflows).toBe(0);
    facts.record('synq.limitNoCookies', {
      what: 'listen(fd, 2), tcp_syncookies=0, 6 SYNs 20 ms apart whose handshake ACKs are dropped',
      how: 'nftables drops non-SYN segments; ss -tan SYN-RECV count; /proc/net/netstat',
      value: {
        synRecv: count(noCookies.held, 'SYN-RECV'),
        clientStates: noCookies.clientStates,
        TcpExtTCPReqQFullDrop: noCookies.heldCounters.TcpExtTCPReqQFullDrop,
        TcpExtListenDrops: noCookies.heldCounters.TcpExtListenDrops,
        note: 'v6.8 source (>=) would hold backlog (2); 6.13+ (commit 3479c7549fb1, ">") holds backlog + 1',
      },
    });
  });

  it('syncookies=1: SYNs beyond the SYN queue get cookies; cookie ACKs that find the accept queue full overflow', () => {
    expect(count(cookies.held, 'SYN-RECV')).toBe(cookies.backlog + 1);
    expect(cookies.clientStates.every((s) => s === 'ESTAB')).toBe(true);
    expect(cookies.heldCounters.TcpExtSyncookiesSent).toBe(6 - (cookies.backlog + 1));
    expect(cookies.heldCounters.TcpExtTCPReqQFullDoCookies).toBe(cookies.heldCounters.TcpExtSyncookiesSent);
    const queued = (cookies.released.find((r) => r.state === 'LISTEN') as SsRow).recvQ;
    expect(queued).toBe(cookies.backlog + 1);
    expect(cookies.after.TcpExtSyncookiesRecv).toBeGreaterThanOrEqual(1);
    expect(cookies.after.TcpExtListenOverflows).toBeGreaterThanOrEqual(3);
    expect(cookies.after.TcpExtListenDrops).toBe(cookies.after.TcpExtListenOverflows);
    facts.record('synq.cookies', {
      what: 'listen(fd, 2), tcp_syncookies=1, 6 clients with ACKs held, then released for 2.5 s',
      how: 'nftables; ss -tan; /proc/net/netstat before and after the release',
      value: {
        synRecvHeld: count(cookies.held, 'SYN-RECV'),
        SyncookiesSent: cookies.heldCounters.TcpExtSyncookiesSent,
        TCPReqQFullDoCookies: cookies.heldCounters.TcpExtTCPReqQFullDoCookies,
        acceptQueueAfter: queued,
        SyncookiesRecvAfter: cookies.after.TcpExtSyncookiesRecv,
        SyncookiesFailedAfter: cookies.after.TcpExtSyncookiesFailed,
        ListenOverflowsAfter: cookies.after.TcpExtListenOverflows,
        synRecvAfter: count(cookies.released, 'SYN-RECV'),
      },
    });
  });

  it('syncookies=2: every SYN is answered with a cookie and counted as TCPReqQFullDoCookies; no request is kept', () => {
    expect(always.clientStates).toEqual(['ESTAB', 'ESTAB', 'ESTAB']);
    expect(count(always.held, 'SYN-RECV')).toBe(0);
    expect(always.heldCounters.TcpExtSyncookiesSent).toBe(3);
    expect(always.heldCounters.TcpExtTCPReqQFullDoCookies).toBe(3);
    expect(always.heldCounters.TcpExtSyncookiesRecv).toBe(3);
    expect((always.held.find((r) => r.state === 'LISTEN') as SsRow).recvQ).toBe(3);
    facts.record('synq.cookiesAlways', {
      what: 'listen(fd, 16), tcp_syncookies=2, 3 clients',
      how: 'ss -tan; /proc/net/netstat',
      value: {
        SyncookiesSent: always.heldCounters.TcpExtSyncookiesSent,
        SyncookiesRecv: always.heldCounters.TcpExtSyncookiesRecv,
        TCPReqQFullDoCookies: always.heldCounters.TcpExtTCPReqQFullDoCookies,
        synRecv: 0,
      },
    });
  });
});
