// The listen path on the real kernel (docs/kernel-behaviour.md §b, §c): accept-queue overflow
// with a listener that never accepts, the SYN-RECV request and its SYN-ACK retransmissions, and
// an ACK that overflows the accept queue (request marked acked, RST once it has expired).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FactRecorder } from './facts';
import { labCapability, NetnsLab, readCounters, requireOrSkip, SERVER_IF, SERVER_IP, ss, type SsRow } from './netns';

const cap = await labCapability();
const run = requireOrSkip(cap, 'accept-queue measurements');
const lab = new NetnsLab('acq');
const facts = new FactRecorder();

interface Segment {
  t: number;
  flags: string;
  sport: number;
  dport: number;
  len: number;
}
interface ClientSock {
  state: string;
  retransmits: number;
  sendQ: number;
}
interface Ready {
  start: number;
  sockets: ClientSock[];
}
interface Final {
  final: Array<{ state: string; error: string | null }>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dropNonSyn = (port: number) =>
  `table inet lab {\n chain input {\n  type filter hook input priority 0; policy accept;\n  tcp dport ${port} tcp flags & syn == 0 drop\n }\n}\n`;

/** Case A: backlog 3, a listener that never accepts, 8 clients 150 ms apart sending 4 bytes. */
const WINDOW_MS = 2300;

async function overflowCase() {
  const port = 5002;
  const backlog = 3;
  const { client, server } = await lab.pair();
  const listener = lab.start(server, ['listen', '--port', String(port), '--backlog', String(backlog)]);
  await listener.next();
  const sniff = lab.start(server, ['sniff', '--iface', SERVER_IF, '--port', String(port)]);
  await sniff.next();
  const clients = lab.start(client, ['connect', '--dst', SERVER_IP, '--port', String(port), '--count', '8', '--interval', '150', '--send', '4', '--settle', '400']);
  const ready = await clients.next<Ready>();
  // Freeze at a fixed instant, WINDOW_MS after the first connect(): no further SYN leaves the
  // client, so counters and capture agree. 2.3 s falls between the refused clients' first SYN
  // retransmissions (1.6–2.05 s) and their second ones (from 2.6 s).
  await sleep(Math.max(0, ready.start * 1000 + WINDOW_MS - Date.now()));
  await lab.nft(client, `table inet freeze {\n chain output {\n  type filter hook output priority 0; policy accept;\n  tcp dport ${port} drop\n }\n}\n`);
  await sleep(50);
  const listen = (await ss(server, ['-lt'])).find((r) => r.local.endsWith(`:${port}`))!;
  const serverConns = (await ss(server, ['-t'])).filter((r) => r.local.endsWith(`:${port}`));
  const serverCounters = await readCounters(server);
  const segments = (await sniff.finish<{ segments: Segment[] }>()).segments;
  await clients.finish<Final>();
  await listener.finish().catch(() => undefined);
  return { backlog, ready, listen, serverConns, serverCounters, segments, port };
}

/** Case B: the handshake ACK and the data never arrive (nftables), tcp_synack_retries = 2; the
 * rule is removed after the request expired, so the client's next data retransmission meets the
 * bare listener. */
async function synRecvCase() {
  const port = 5003;
  const { client, server } = await lab.pair();
  await lab.sysctl(server, 'net.ipv4.tcp_synack_retries', 2);
  await lab.nft(server, dropNonSyn(port));
  const listener = lab.start(server, ['listen', '--port', String(port), '--backlog', '16']);
  await listener.next();
  const sniff = lab.start(server, ['sniff', '--iface', SERVER_IF, '--port', String(port)]);
  await sniff.next();
  const clients = lab.start(client, ['connect', '--dst', SERVER_IP, '--port', String(port), '--count', '1', '--send', '4', '--settle', '300']);
  const ready = await clients.next<Ready>();
  const ssDefault = (await ss(server, ['-t'])).filter((r) => r.local.endsWith(`:${port}`));
  const ssAll = (await ss(server, ['-ta'])).filter((r) => r.local.endsWith(`:${port}`));
  await sleep(8000 - 300);
  const afterExpiry = (await ss(server, ['-ta'])).filter((r) => r.local.endsWith(`:${port}`) && r.state !== 'LISTEN');
  await lab.nft(server, 'delete table inet lab\n');
  await sleep(6000);
  const serverCounters = await readCounters(server);
  const clientCounters = await readCounters(client);
  const final = await clients.finish<Final>();
  const segments = (await sniff.finish<{ segments: Segment[] }>()).segments;
  await listener.finish().catch(() => undefined);
  return { ready, ssDefault, ssAll, afterExpiry, final, segments, serverCounters, clientCounters, port };
}

/** Case C: backlog 2 (the accept queue holds 3), syncookies off. Two clients connect normally;
 * two more complete their handshake only on the client side (nftables holds their ACKs back)
 * so both requests exist; when the ACKs are let through the first fills the queue and the
 * second overflows: the request is marked acked, retransmits its SYN-ACK, expires, and the
 * client's next data retransmission meets the bare listener and gets a RST. */
async function ackedOverflowCase() {
  const port = 5004;
  const { client, server } = await lab.pair();
  await lab.sysctl(server, 'net.ipv4.tcp_synack_retries', 2);
  await lab.sysctl(server, 'net.ipv4.tcp_syncookies', 0);
  const listener = lab.start(server, ['listen', '--port', String(port), '--backlog', '2']);
  await listener.next();
  // Two queued first, so that the SYN queue (backlog on v6.8, backlog + 1 on 6.13+) holds both
  // held-back requests on either rule.
  const first = lab.start(client, ['connect', '--dst', SERVER_IP, '--port', String(port), '--count', '2', '--interval', '20', '--send', '4', '--settle', '100']);
  await first.next<Ready>();
  await lab.nft(server, dropNonSyn(port));
  const clients = lab.start(client, ['connect', '--dst', SERVER_IP, '--port', String(port), '--count', '2', '--interval', '50', '--send', '4', '--settle', '200']);
  await clients.next<Ready>();
  const held = (await ss(server, ['-ta'])).filter((r) => r.local.endsWith(`:${port}`));
  await lab.nft(server, 'delete table inet lab\n');
  await sleep(1500);
  const during = await readCounters(server);
  const ssDuring = (await ss(server, ['-ta'])).filter((r) => r.local.endsWith(`:${port}`));
  await sleep(12500);
  // Counters before the probes exit: closing a listener resets its queued children.
  const serverCounters = await readCounters(server);
  const clientCounters = await readCounters(client);
  const final = await clients.finish<Final>();
  await first.finish<Final>();
  await listener.finish().catch(() => undefined);
  return { held, during, ssDuring, final, serverCounters, clientCounters };
}

let A: Awaited<ReturnType<typeof overflowCase>>;
let B: Awaited<ReturnType<typeof synRecvCase>>;
let C: Awaited<ReturnType<typeof ackedOverflowCase>>;

const relative = (segs: Segment[], flags: string) => {
  const ts = segs.filter((s) => s.flags === flags).map((s) => s.t);
  return ts.map((t) => Math.round((t - ts[0]) * 1000));
};
const states = (rows: SsRow[]) => rows.map((r) => r.state).sort();

describe.runIf(run)('listen path on the real kernel', () => {
  beforeAll(async () => {
    expect(cap.ok, cap.reason).toBe(true);
    [A, B, C] = await Promise.all([overflowCase(), synRecvCase(), ackedOverflowCase()]);
  }, 50_000);

  afterAll(async () => {
    await lab.cleanup();
    facts.flush();
  });

  it('accept queue holds limit + 1; SYNs beyond are dropped, not answered (4.10+ rule)', () => {
    const estab = A.ready.sockets.filter((s) => s.state === 'ESTAB');
    const synSent = A.ready.sockets.filter((s) => s.state === 'SYN-SENT');
    expect(estab.length).toBe(A.backlog + 1);
    expect(synSent.length).toBe(8 - (A.backlog + 1));
    expect(estab.every((s) => s.sendQ === 0)).toBe(true); // data ACKed: the children exist
    expect(A.listen.recvQ).toBe(A.backlog + 1);
    expect(A.listen.sendQ).toBe(A.backlog);
    expect(A.serverConns.length).toBe(A.backlog + 1);
    expect(A.serverConns.every((r) => r.state === 'ESTAB' && r.recvQ === 4)).toBe(true);
    const syns = A.segments.filter((s) => s.flags === 'S' && s.dport === A.port).length;
    const synAcks = A.segments.filter((s) => s.flags === 'SA').length;
    expect(synAcks).toBe(A.backlog + 1);
    const overflows = A.serverCounters.TcpExtListenOverflows;
    expect(overflows).toBe(syns - synAcks); // every unanswered SYN, retransmissions included
    expect(A.serverCounters.TcpExtListenDrops).toBe(overflows);
    facts.record('listen.acceptQueueOverflow', {
      what: 'listen(fd, 3) never accepting, 8 clients 150 ms apart each sending 4 bytes once established',
      how: 'python3 listener and non-blocking clients in two netns; client output blocked by nftables windowMs after the first connect; then ss -ltn / ss -tn in the server netns, /proc/net/netstat, AF_PACKET capture on the server veth',
      value: {
        windowMs: WINDOW_MS,
        limit: A.backlog,
        acceptQueue: A.listen.recvQ,
        ssSendQ: A.listen.sendQ,
        clientEstablished: estab.length,
        clientSynSent: synSent.length,
        serverRecvQ: A.serverConns.map((r) => r.recvQ),
        synsReceived: syns,
        synAcksSent: synAcks,
        TcpExtListenOverflows: overflows,
        TcpExtListenDrops: A.serverCounters.TcpExtListenDrops,
      },
    });
  });

  it('a request whose ACK never arrives: SYN-RECV hidden from plain ss, SYN-ACKs at 1 s and 3 s, freed, then RST', () => {
    expect(B.ready.sockets[0].state).toBe('ESTAB');
    expect(B.ready.sockets[0].sendQ).toBe(4);
    expect(states(B.ssDefault)).toEqual([]);
    expect(states(B.ssAll)).toEqual(['LISTEN', 'SYN-RECV']);
    const synAcks = relative(B.segments, 'SA');
    expect(synAcks.length).toBe(3); // first + tcp_synack_retries
    expect(synAcks[1]).toBeGreaterThanOrEqual(995);
    expect(synAcks[1]).toBeLessThan(1300);
    expect(synAcks[2]).toBeGreaterThanOrEqual(2995);
    expect(synAcks[2]).toBeLessThan(3600);
    expect(B.afterExpiry).toEqual([]); // request freed silently (no RST sent by the timer)
    const rsts = B.segments.filter((s) => s.flags.includes('R'));
    expect(rsts.length).toBe(1);
    expect(B.final.final[0]).toEqual({ state: 'CLOSE', error: 'ECONNRESET' });
    expect(B.serverCounters.TcpOutRsts).toBe(1);
    expect(B.clientCounters.TcpEstabResets).toBe(1);
    expect(B.serverCounters.TcpExtListenOverflows).toBe(0);
    facts.record('listen.synRecvExpiry', {
      what: 'handshake ACK and data dropped by nftables, tcp_synack_retries=2; rule removed after 8 s',
      how: 'AF_PACKET capture on the server veth; ss -tn vs ss -tan; client SO_ERROR; /proc/net/snmp',
      value: {
        synAckMs: synAcks,
        ssDefaultShowsSynRecv: B.ssDefault.length > 0,
        ssAllStates: states(B.ssAll),
        requestAfter8s: B.afterExpiry.length,
        rstAfterExpiry: rsts.length,
        clientError: B.final.final[0].error,
        TcpOutRsts: B.serverCounters.TcpOutRsts,
        clientTcpEstabResets: B.clientCounters.TcpEstabResets,
      },
    });
  });

  it('an ACK that finds the accept queue full is dropped (request acked), later answered with RST', () => {
    expect(states(C.held)).toEqual(['ESTAB', 'ESTAB', 'LISTEN', 'SYN-RECV', 'SYN-RECV']);
    expect(C.during.TcpExtListenOverflows).toBeGreaterThanOrEqual(1);
    expect(C.during.TcpExtListenDrops).toBe(C.during.TcpExtListenOverflows);
    expect(states(C.ssDuring)).toEqual(['ESTAB', 'ESTAB', 'ESTAB', 'LISTEN', 'SYN-RECV']);
    const errors = C.final.final.map((f) => f.error);
    expect(errors.filter((e) => e === 'ECONNRESET').length).toBe(1);
    expect(errors.filter((e) => e === null).length).toBe(1);
    expect(C.serverCounters.TcpOutRsts).toBe(1);
    expect(C.clientCounters.TcpEstabResets).toBe(1);
    expect(C.serverCounters.TcpExtListenOverflows).toBeGreaterThan(C.during.TcpExtListenOverflows);
    expect(C.serverCounters.TcpExtListenDrops).toBe(C.serverCounters.TcpExtListenOverflows);
    facts.record('listen.ackedOverflow', {
      what: 'listen(fd, 2) (queue holds 3) with two connections queued; two more clients whose ACKs are held back until both requests exist; tcp_synack_retries=2, tcp_syncookies=0',
      how: 'nftables drops non-SYN segments for ~0.3 s; /proc/net/netstat 1.5 s and 14 s after release; ss -tan; client SO_ERROR',
      value: {
        listenOverflowsAt1500ms: C.during.TcpExtListenOverflows,
        listenOverflowsAt14s: C.serverCounters.TcpExtListenOverflows,
        listenDropsAt14s: C.serverCounters.TcpExtListenDrops,
        serverStatesAt1500ms: states(C.ssDuring),
        clientErrors: C.final.final.map((f) => f.error),
        TcpOutRsts: C.serverCounters.TcpOutRsts,
        clientTcpEstabResets: C.clientCounters.TcpEstabResets,
      },
    });
  });
});

