// User-space behaviour of the apps: connect groups, writes, the accept loop (with the fd limit:
// accept() fails with EMFILE before it dequeues, so the connection stays queued), reads, close
// after a delay, and SIGSTOP / SIGCONT / kill at a time.
import type { ConnectGroup, Sim, UdpGroup } from './sim';
import type { TimedEvent } from '../dsl/model';
import { App, Listener, smi, St, UdpSock, type TcpSock } from './world';
import { ConnRecord } from './conntable';
import { sendSegment, tcpClose, tcpConnect, tcpDisconnect, tcpWrite } from './tcp/output';
import { scheduleUdpRead, effectiveRcvbuf } from './udp';

export function startApps(sim: Sim): void {
  for (const app of sim.apps) {
    const h = app.host;
    for (const lm of app.model.listens) {
      // inet_listen: the backlog is clamped to somaxconn (sk_max_ack_backlog).
      const somaxconn = h.sysctl('net.core.somaxconn');
      const limit = Math.max(0, Math.min(lm.backlog, somaxconn));
      const l = new Listener(h, app, smi(lm.port), lm.backlog, limit, h.sysctl('net.ipv4.tcp_max_syn_backlog'));
      h.listeners.set(l.port, l);
      app.listeners.push(l);
      sim.listeners.push(l);
    }
    for (const b of app.model.udpBinds) {
      const u = new UdpSock(h, app, smi(b.port), effectiveRcvbuf(h, b.rcvbuf), b.readPerSec);
      h.udp.set(u.port, u);
      app.udpSocks.push(u);
      sim.udpSocks.push(u);
    }
    app.model.connects.forEach((spec) => {
      if (spec.count > 0) sim.q.at(spec.startUs, sim.EV_CONNECT, { app, dstId: sim.addrIds.id(spec.address), port: smi(spec.port), spec } satisfies ConnectGroup, 0);
    });
    app.model.udpSends.forEach((spec) => {
      if (spec.count > 0) {
        const sport = h.nextPort++;
        sim.q.at(spec.startUs, sim.EV_UDP_SEND, { app, sport, dstId: sim.addrIds.id(spec.address), dport: smi(spec.port), spec } satisfies UdpGroup, 0);
      }
    });
  }
}

function recordErrno(rec: ConnRecord | null, err: string): void {
  if (!rec) return;
  if (rec.errno === null) rec.errno = err;
  rec.lastErrno = err;
}

/** EV_CONNECT: connection `i` of a `connect` line. */
export function appConnect(sim: Sim, g: ConnectGroup, i: number): void {
  const app = g.app;
  if (app.killed) return;
  if (app.stopped) {
    app.deferred.push(() => appConnect(sim, g, i));
    return;
  }
  const h = app.host;
  const spec = g.spec;
  const rec = new ConnRecord(sim.syns.register(), sim.connTable, app, app.conns.length, g.dstId, g.port);
  app.conns.push(rec);
  sim.conns.push(rec);
  if (i + 1 < spec.count) sim.q.at(Math.max(sim.q.now, spec.startUs + (i + 1) * spec.intervalUs), sim.EV_CONNECT, g, i + 1);
  if (app.fdsUsed >= app.fdLimit) {
    recordErrno(rec, 'EMFILE');
    return;
  }
  const s = tcpConnect(sim, h, rec, g.dstId, g.port);
  if (!s) {
    recordErrno(rec, 'EADDRNOTAVAIL');
    return;
  }
  app.fdsUsed++;
  // Where the server will see this connection: through the NAT if the client is behind one.
  const nat = sim.natByHost.get(h.name);
  let srcAddrId = s.laddrId;
  let srcPort = s.lport;
  if (nat) {
    const port = sim.natOut.get(`${nat.name}|${s.laddr}:${s.lport}>${spec.address}:${spec.port}`);
    if (port !== undefined) {
      srcAddrId = sim.addrIds.id(nat.address);
      srcPort = port;
    }
  }
  rec.serverRaddrId = srcAddrId;
  rec.serverRport = srcPort;
  rec.serverHost = sim.hostByAddr.get(spec.address) ?? null;
}

/** connect() returned: start the writes and the close timer. */
export function onConnected(sim: Sim, s: TcpSock): void {
  const app = s.app!;
  // A plain loop: a callback would be one more allocation per connection.
  for (let k = 0; k < app.model.sends.length; k++) appSend(sim, s, k * 1e9);
  if (app.model.close) sim.q.after(app.model.close.afterUs, sim.EV_CLOSE, s);
}

/** EV_SEND: write `n` (encoded send line * 1e9 + write number) on a connected socket. */
export function appSend(sim: Sim, s: TcpSock, code: number): void {
  const app = s.app;
  if (!app || app.killed || s.closedByApp) return;
  if (app.stopped) {
    app.deferred.push(() => appSend(sim, s, code));
    return;
  }
  const line = Math.floor(code / 1e9);
  const n = code - line * 1e9;
  const spec = app.model.sends[line];
  const err = tcpWrite(sim, s, smi(spec.bytes));
  if (err) recordErrno(s.rec, err);
  if (spec.intervalUs > 0 && n + 1 < spec.count) sim.q.after(spec.intervalUs, sim.EV_SEND, s, code + 1);
}

/** EV_CLOSE: the app closes the descriptor. */
export function appCloseConn(sim: Sim, s: TcpSock): void {
  const app = s.app;
  if (!app || s.closedByApp || app.killed) return;
  if (app.stopped) {
    app.deferred.push(() => appCloseConn(sim, s));
    return;
  }
  closeFd(sim, app, s);
}

function closeFd(sim: Sim, app: App, s: TcpSock): void {
  tcpClose(sim, s);
  s.closedByApp = true;
  app.fdsUsed--;
  app.children.delete(s);
  for (const l of app.listeners) onAcceptable(sim, l);
}

/** New data on a socket: `read all` drains it at once, `read RATE` in 10 ms slices. */
export function onData(sim: Sim, s: TcpSock): void {
  const app = s.app;
  if (!app || app.stopped || app.killed || s.closedByApp) return;
  const rm = app.model.read;
  if (rm.mode === 'all') readBytes(sim, app, s, s.recvQ);
  else if (rm.mode === 'rate' && s.readTimerAt < 0) {
    s.readTimerAt = sim.q.now + 10_000;
    sim.q.at(s.readTimerAt, sim.EV_READ, s);
  }
}

/** EV_READ */
export function appRead(sim: Sim, s: TcpSock): void {
  s.readTimerAt = -1;
  const app = s.app;
  if (!app || app.stopped || app.killed || s.closedByApp || app.model.read.mode !== 'rate') return;
  readBytes(sim, app, s, Math.min(s.recvQ, Math.max(1, Math.ceil(app.model.read.bytesPerSec / 100))));
  if (s.recvQ > 0) onData(sim, s);
}

function readBytes(sim: Sim, app: App, s: TcpSock, n: number): void {
  if (n <= 0) return;
  const before = s.rcvbuf - s.recvQ;
  s.recvQ -= n;
  app.bytesRead += n;
  // tcp_cleanup_rbuf: tell the peer when the window opened up again.
  if (before / 2 < 1448 && (s.rcvbuf - s.recvQ) / 2 >= 1448 && s.state !== St.CLOSE) sendSegment(sim, s, 0, s.sndNxt, 0);
}

/** The socket got an error (RST, timeout): a blocked connect() or read() returns it. */
export function onSocketError(_sim: Sim, s: TcpSock): void {
  const app = s.app;
  if (!app || !s.err || s.closedByApp) return;
  const connecting = s.rec !== null && s.rec.sock === s && s.rec.connectUs < 0;
  if (connecting) {
    // connect() fails; the app closes the socket.
    recordErrno(s.rec, s.err);
    s.err = null;
    s.closedByApp = true;
    app.fdsUsed--;
    return;
  }
  if (app.model.read.mode !== 'off' && !app.stopped && !app.killed) {
    recordErrno(s.rec, s.err);
    s.err = null;
  }
}

/** Connections wait in the accept queue: an accept loop takes them. */
export function onAcceptable(sim: Sim, l: Listener): void {
  const app = l.app;
  if (app.stopped || app.killed || app.model.accept.mode === 'off' || l.acceptLen === 0) return;
  const interval = app.model.accept.intervalUs;
  if (interval > 0) {
    if (app.acceptTimerAt < 0) {
      app.acceptTimerAt = sim.q.now + interval;
      sim.q.at(app.acceptTimerAt, sim.EV_ACCEPT, app);
    }
    return;
  }
  while (l.acceptLen > 0) if (!acceptOne(sim, app, l)) break;
}

/** EV_ACCEPT: one accept() per interval. */
export function appAcceptTick(sim: Sim, app: App): void {
  app.acceptTimerAt = -1;
  if (app.stopped || app.killed) return;
  const l = app.listeners.find((x) => x.acceptLen > 0);
  if (!l) return;
  acceptOne(sim, app, l);
  if (app.listeners.some((x) => x.acceptLen > 0)) {
    app.acceptTimerAt = sim.q.now + (app.model.accept.mode === 'loop' ? app.model.accept.intervalUs : 0);
    sim.q.at(app.acceptTimerAt, sim.EV_ACCEPT, app);
  }
}

/** accept(): get_unused_fd_flags first (EMFILE leaves the connection queued), then inet_csk_accept. */
function acceptOne(sim: Sim, app: App, l: Listener): boolean {
  if (app.fdsUsed >= app.fdLimit) {
    app.acceptErrors++;
    return false;
  }
  const c = l.acceptQ[l.acceptHead];
  l.acceptQ[l.acceptHead++] = undefined as unknown as TcpSock;
  if (l.acceptHead > 64 && l.acceptHead * 2 > l.acceptQ.length) {
    l.acceptQ.splice(0, l.acceptHead);
    l.acceptHead = 0;
  }
  c.app = app;
  c.accepted = true;
  app.fdsUsed++;
  app.accepted++;
  app.children.add(c);
  if (c.rec) c.rec.accepted = true;
  if (app.model.close) sim.q.after(app.model.close.afterUs, sim.EV_CLOSE, c);
  if (c.err) onSocketError(sim, c);
  if (c.recvQ > 0) onData(sim, c);
  return true;
}

/** EV_TIMED: `at T stop|continue|kill APP` and `at T sysctl HOST NAME = V`. */
export function runTimedEvent(sim: Sim, e: TimedEvent): void {
  const h = sim.hostByName.get(e.host);
  if (!h) return;
  if (e.action === 'sysctl') {
    sim.sysctlTable(h).set(e.name, e.value);
    return;
  }
  const app = h.apps.find((a) => a.name === e.app);
  if (!app || app.killed) return;
  if (e.action === 'stop') {
    app.stopped = true;
    return;
  }
  if (e.action === 'continue') {
    if (!app.stopped) return;
    app.stopped = false;
    const work = app.deferred;
    app.deferred = [];
    for (const w of work) w();
    for (const l of app.listeners) onAcceptable(sim, l);
    for (const c of app.children) if (c.recvQ > 0) onData(sim, c);
    for (const c of app.conns) if (c.sock && c.sock.recvQ > 0) onData(sim, c.sock);
    for (const u of app.udpSocks) scheduleUdpRead(sim, u);
    return;
  }
  killApp(sim, app);
}

/** SIGKILL: every descriptor is closed (tcp_close); a listener's queued children are reset and its requests dropped (inet_csk_listen_stop). */
function killApp(sim: Sim, app: App): void {
  app.stopped = false;
  // Marked first so that descriptors freed below do not let the accept loop take more.
  app.killed = true;
  for (const c of [...app.children]) closeFd(sim, app, c);
  for (const rec of app.conns) if (rec.sock && !rec.sock.closedByApp) closeFd(sim, app, rec.sock);
  for (const l of app.listeners) {
    l.closed = true;
    l.host.listeners.delete(l.port);
    while (l.acceptLen > 0) tcpDisconnect(sim, l.acceptQ[l.acceptHead++]);
    for (const r of [...l.synQ]) {
      l.synQ.delete(r);
      r.timerGen++;
      l.host.socks.delete(r.key, r);
    }
    l.young = 0;
  }
  for (const u of app.udpSocks) u.host.udp.delete(u.port);
}
