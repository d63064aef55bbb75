// Sending side of TCP: segments, the retransmission timer, connect(), write(), close() and the
// socket's end (tcp_done). Sequence numbers are relative: each side's data starts at 0 and its FIN
// takes the unit after the last byte; the SYN takes none.
import type { Sim } from '../sim';
import { transmit } from '../network';
import type { Packet } from '../packet';
import { ACK, FIN, PSH, RST, SYN, St, TcpSock, type Host } from '../world';
import type { ConnRecord } from '../conntable';
import { onSocketError } from '../apps';
import { C } from '../counters';

export const TCP_TIMEOUT_INIT = 1_000_000;
export const TCP_RTO_MAX = 120_000_000;
export const TCP_RTO_MIN = 200_000;
export const MSS = 1448;

/** The host's TCP timestamp clock (ms, 32-bit), or -1 when tcp_timestamps is off. */
export function tsNow(sim: Sim, h: Host): number {
  if (!h.sc.tcpTimestamps) return -1;
  return (h.tsOffset + Math.floor(sim.q.now / 1000)) >>> 0;
}

/** Window this socket advertises: about half its free receive buffer (tcp_adv_win_scale = 1). */
function advWindow(s: TcpSock): number {
  return Math.max(0, Math.floor((s.rcvbuf - s.recvQ) / 2));
}

export function sendSegment(sim: Sim, s: TcpSock, flags: number, seq: number, len: number, retransmit = false): void {
  const h = s.host;
  const ackNo = s.rcvNxt + (s.finRcvd ? 1 : 0);
  const p = sim.packets.take(true, s.laddr, s.laddrId, s.lport, s.raddr, s.raddrId, s.rport, flags | (s.state === St.SYN_SENT ? 0 : ACK), seq, ackNo, len, s.tsRecent >= 0 || s.state === St.SYN_SENT ? tsNow(sim, h) : -1, advWindow(s), s.rec);
  p.cookieAt = s.cookieAt;
  p.retransmit = retransmit;
  sim.inc(h, C.TcpOutSegs);
  // Counted as 0 or 1 rather than under an `if`: the first retransmission (1 s into a flood)
  // would be the first run of that call, and cost every function it is compiled into a recompile.
  sim.inc(h, C.TcpRetransSegs, retransmit ? 1 : 0);
  s.lastSendUs = sim.q.now;
  transmit(sim, h, p);
}

/** tcp_v4_send_reset: answer a segment no socket wants with RST (RST+ACK when it had no ACK). */
export function sendReset(sim: Sim, h: Host, p: Packet): void {
  if (p.flags & RST) return;
  const hasAck = (p.flags & ACK) !== 0;
  const ackNo = p.seq + p.len + (p.flags & FIN ? 1 : 0);
  const r = sim.packets.take(true, p.dst, p.dstId, p.dport, p.src, p.srcId, p.sport, hasAck ? RST : RST | ACK, hasAck ? p.ack : 0, hasAck ? 0 : ackNo, 0, -1, 0, p.rec);
  sim.inc(h, C.TcpOutRsts);
  sim.inc(h, C.TcpOutSegs);
  transmit(sim, h, r);
}

export function armRto(sim: Sim, s: TcpSock, delay: number): void {
  sim.q.cancel(s.timerSlot, sim.EV_RTO, s, s.timerGen);
  s.timerGen++;
  s.timerAt = sim.q.now + delay;
  s.timerSlot = sim.q.at(s.timerAt, sim.EV_RTO, s, 0, s.timerGen);
}

export function clearRto(sim: Sim, s: TcpSock): void {
  sim.q.cancel(s.timerSlot, sim.EV_RTO, s, s.timerGen);
  s.timerGen++;
  s.timerAt = -1;
}

/**
 * The states that may send data or a FIN, as a bit set: one test for every state, where a chain
 * of comparisons has tests V8 only meets when a connection first gets that far (each a recompile).
 */
const SENDING_STATES = (1 << St.ESTABLISHED) | (1 << St.CLOSE_WAIT) | (1 << St.FIN_WAIT1) | (1 << St.LAST_ACK) | (1 << St.CLOSING);

/** The states past the handshake that still have a connection (bit set, as SENDING_STATES). */
const SYNCHRONIZED_STATES = SENDING_STATES | (1 << St.FIN_WAIT2);

/** tcp_write_xmit: send what the peer's window allows, then the FIN once all data is out. */
export function tcpPush(sim: Sim, s: TcpSock): void {
  if (((SENDING_STATES >> s.state) & 1) === 0) return;
  let sent = false;
  while (s.sndNxt < s.written) {
    const inflight = s.sndNxt - s.sndUna;
    const room = Math.min(s.peerWin, 10 * MSS) - inflight;
    if (room <= 0) break;
    const len = Math.min(MSS, s.written - s.sndNxt, room);
    sendSegment(sim, s, PSH, s.sndNxt, len);
    s.sndNxt += len;
    sent = true;
  }
  if (s.finQueued && !s.finSent && s.sndNxt === s.written) {
    sendSegment(sim, s, FIN, s.written, 0);
    s.finSent = true;
    sent = true;
  }
  if (sent && s.timerAt < 0) {
    if (s.retransStamp < 0) s.retransStamp = sim.q.now;
    armRto(sim, s, s.rto);
  }
}

/** Socket and port bookkeeping shared by every way a socket leaves the tables. */
export function unhash(h: Host, key: number, lport: number, obj: TcpSock): void {
  h.socks.delete(key, obj);
  h.portsInUse.remove(lport);
}

/** tcp_set_state(TCP_CLOSE) + tcp_done: the socket is finished; `err` is what the app will see. */
export function tcpDone(sim: Sim, s: TcpSock, err: string | null): void {
  const h = s.host;
  const old = s.state;
  if (old === St.CLOSE) return;
  // tcp_set_state: leaving ESTABLISHED/CLOSE_WAIT for CLOSE is an EstabReset; tcp_done counts
  // failed attempts from SYN_SENT.
  if (old === St.ESTABLISHED || old === St.CLOSE_WAIT) {
    if (err) sim.inc(h, C.TcpEstabResets);
    sim.inc(h, C.TcpCurrEstab, -1);
  }
  if (old === St.SYN_SENT) sim.inc(h, C.TcpAttemptFails);
  if ((SYNCHRONIZED_STATES >> old) & 1) {
    // tcp_update_metrics: the peer now has RTT metrics, i.e. it is "proven" (tcp_peer_is_proven).
    h.provenPeers.add(s.raddr);
  }
  s.state = St.CLOSE;
  clearRto(sim, s);
  // tcp_write_queue_purge: unsent and unacknowledged data is gone.
  s.sndUna = s.written;
  s.sndNxt = s.written;
  unhash(h, s.key, s.lport, s);
  if (err) {
    s.err = err;
    const rec = s.rec;
    if (rec && rec.sock === s) {
      if (rec.connectUs < 0) rec.failUs = sim.q.now;
      if (err === 'ECONNREFUSED') rec.result = 'refused';
      else if (err === 'ETIMEDOUT') rec.result = 'timedout';
      else rec.result = 'reset';
    }
    onSocketError(sim, s);
  }
}

/** connect(): pick a local port, send the SYN, arm the 1 s initial RTO (TCP_TIMEOUT_INIT). */
export function tcpConnect(sim: Sim, h: Host, rec: ConnRecord, addrId: number, port: number): TcpSock | null {
  const lport = allocPort(h);
  if (lport < 0) return null;
  const s = new TcpSock(h, h.primaryId, lport, addrId, port);
  s.app = rec.app;
  s.rec = rec;
  s.recId = rec.id;
  s.state = St.SYN_SENT;
  h.socks.set(s.key, s);
  h.portsInUse.add(lport);
  rec.sock = s;
  sim.inc(h, C.TcpActiveOpens);
  s.rto = TCP_TIMEOUT_INIT;
  s.retransStamp = sim.q.now;
  sendSyn(sim, s, false);
  armRto(sim, s, s.rto);
  return s;
}

export function sendSyn(sim: Sim, s: TcpSock, retransmit: boolean): void {
  sim.syns.add(s.recId, sim.q.now);
  sim.inc(s.host, C.TcpExtTCPSynRetrans, retransmit ? 1 : 0); // 0 or 1: see sendSegment
  s.rttValid = !retransmit;
  sendSegment(sim, s, SYN, 0, 0, retransmit);
}

/** inet_csk_get_port / __inet_hash_connect: the next free port of ip_local_port_range. */
function allocPort(h: Host): number {
  const lo = h.sc.portLo;
  const hi = h.sc.portHi;
  const n = hi - lo + 1;
  if (h.portsInUse.size >= n) return -1;
  for (let i = 0; i < n; i++) {
    let p = h.nextPort++;
    if (h.nextPort > hi || h.nextPort < lo) h.nextPort = lo;
    if (p < lo || p > hi) p = lo;
    if (!h.portsInUse.has(p) && !h.listeners.has(p)) return p;
  }
  return -1;
}

/** write(): queue bytes, or report the pending error / EPIPE (tcp_sendmsg -> sk_stream_error). */
export function tcpWrite(sim: Sim, s: TcpSock, bytes: number): string | null {
  if (s.err) {
    const e = s.err;
    s.err = null;
    return e;
  }
  if (s.state !== St.ESTABLISHED && s.state !== St.CLOSE_WAIT) return 'EPIPE';
  s.written += bytes;
  tcpPush(sim, s);
  return null;
}

/** tcp_disconnect: abort a connection nobody will accept (a killed listener's queued children). */
export function tcpDisconnect(sim: Sim, s: TcpSock): void {
  s.closedByApp = true;
  if (s.state === St.ESTABLISHED || s.state === St.CLOSE_WAIT || s.state === St.FIN_WAIT1 || s.state === St.FIN_WAIT2 || s.state === St.LAST_ACK || s.state === St.CLOSING) {
    // tcp_need_reset -> tcp_send_active_reset; tcp_set_state(TCP_CLOSE) counts the EstabReset.
    sendSegment(sim, s, RST, s.sndNxt, 0);
    sim.inc(s.host, C.TcpOutRsts);
    if (s.state === St.ESTABLISHED || s.state === St.CLOSE_WAIT) sim.inc(s.host, C.TcpEstabResets);
  }
  s.recvQ = 0;
  tcpDone(sim, s, null);
}

/** close(): tcp_close. Unread data means RST instead of FIN (RFC 2525, TCPAbortOnClose). */
export function tcpClose(sim: Sim, s: TcpSock): void {
  s.closedByApp = true;
  switch (s.state) {
    case St.SYN_SENT:
      tcpDone(sim, s, null);
      return;
    case St.ESTABLISHED:
    case St.CLOSE_WAIT:
      if (s.recvQ > 0) {
        sim.inc(s.host, C.TcpExtTCPAbortOnClose);
        s.recvQ = 0;
        sendSegment(sim, s, RST, s.sndNxt, 0);
        sim.inc(s.host, C.TcpOutRsts);
        // tcp_set_state(TCP_CLOSE) from ESTABLISHED counts as an EstabReset.
        sim.inc(s.host, C.TcpEstabResets);
        const keepErr = s.err;
        tcpDone(sim, s, null);
        s.err = keepErr;
        return;
      }
      s.state = s.state === St.ESTABLISHED ? St.FIN_WAIT1 : St.LAST_ACK;
      sim.inc(s.host, C.TcpCurrEstab, -1);
      s.finQueued = true;
      tcpPush(sim, s);
      return;
    default:
      return;
  }
}
