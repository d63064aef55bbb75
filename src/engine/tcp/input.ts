// Receiving side of TCP: tcp_v4_rcv's socket lookup and the per-state processing of
// tcp_rcv_synsent_state_process / tcp_rcv_established / tcp_rcv_state_process.
import type { Sim } from '../sim';
import type { Packet } from '../packet';
import { ACK, FIN, MAX_DATA_SOCKS, RST, St, SYN, Req, TcpSock, type Host } from '../world';
import { clearRto, armRto, sendReset, sendSegment, tcpDone, tcpPush, TCP_RTO_MAX, TCP_RTO_MIN } from './output';
import { tcpCheckReq, tcpListenRcv } from './listen';
import { tcpTimeWait, twProcess } from './timewait';
import { onConnected, onData } from '../apps';
import { C } from '../counters';

/** tcp_v4_rcv: established/request/TIME_WAIT lookup first, then the listener, else RST. */
export function tcpReceive(sim: Sim, h: Host, p: Packet): void {
  sim.inc(h, C.TcpInSegs);
  const key = h.socks.hash(p.dstId, p.dport, p.srcId, p.sport);
  const sk = h.socks.get(key, p.dstId, p.dport, p.srcId, p.sport);
  if (sk instanceof TcpSock) return rcvState(sim, sk, p);
  if (sk instanceof Req) return tcpCheckReq(sim, sk, p);
  let isn = false;
  const tw = h.timeWait.lookup(key, p.dstId, p.dport, p.srcId, p.sport);
  if (tw !== undefined) {
    // tcp_timewait_state_process: TCP_TW_SYN hands an acceptable new SYN to the listener.
    if (!twProcess(sim, h, tw, p)) return;
    isn = true;
  }
  const l = h.listeners.get(p.dport);
  if (l && !l.closed) return tcpListenRcv(sim, l, p, isn);
  // No socket: tcp_v4_send_reset (connect() on the other side gets ECONNREFUSED).
  sendReset(sim, h, p);
}

/** tcp_ack_update_rtt -> tcp_rtt_estimator + tcp_set_rto (RFC 6298; rttvar floored at tcp_rto_min). */
export function rttSample(s: TcpSock, m: number): void {
  m = Math.max(m, 1);
  // Kept in whole µs, as the kernel keeps them in fixed point.
  if (s.srttUs < 0) {
    s.srttUs = Math.round(m);
    s.mdevUs = Math.round(m / 2);
  } else {
    const err = m - s.srttUs;
    s.srttUs = Math.round(s.srttUs + err / 8);
    s.mdevUs = Math.round(s.mdevUs + (Math.abs(err) - s.mdevUs) / 4);
  }
  s.rto = Math.min(Math.round(s.srttUs + Math.max(4 * s.mdevUs, TCP_RTO_MIN)), TCP_RTO_MAX);
}

export function rcvState(sim: Sim, s: TcpSock, p: Packet): void {
  const f = p.flags;
  if (s.state === St.SYN_SENT) return synSent(sim, s, p);
  if (s.state === St.CLOSE) return;
  if (p.tsval >= 0 && s.tsRecent >= 0) {
    s.tsRecent = p.tsval;
    s.tsRecentStampSec = Math.floor(sim.q.now / 1e6);
  }
  if (f & RST) {
    // tcp_reset: ECONNRESET, or EPIPE in CLOSE_WAIT; ignored when the app already closed it.
    tcpDone(sim, s, s.state === St.CLOSE_WAIT ? 'EPIPE' : s.closedByApp ? null : 'ECONNRESET');
    return;
  }
  if (f & SYN) {
    // A SYN on a synchronized socket (e.g. the peer's retransmitted SYN-ACK): out of window, so
    // tcp_validate_incoming answers with a (challenge / duplicate) ACK.
    sendSegment(sim, s, 0, s.sndNxt, 0);
    return;
  }
  if (f & ACK) tcpAck(sim, s, p);
  if (isClosed(s)) return;
  let needAck = false;
  if (p.len > 0) {
    if (s.closedByApp) {
      // tcp_rcv_state_process: data after the app closed (RCV_SHUTDOWN) -> RST, TCPAbortOnData.
      sim.inc(s.host, C.TcpExtTCPAbortOnData);
      sendSegment(sim, s, RST, s.sndNxt, 0);
      sim.inc(s.host, C.TcpOutRsts);
      tcpDone(sim, s, null);
      return;
    }
    // tcp_data_queue: in-order data that fits the receive buffer is queued; anything else is
    // answered with a duplicate ACK (no out-of-order queue in this model).
    if (p.seq === s.rcvNxt && s.recvQ + p.len <= s.rcvbuf && !s.finRcvd) {
      s.rcvNxt += p.len;
      s.recvQ += p.len;
      if (!s.everHadData) {
        s.everHadData = true;
        if (sim.dataSocks.length < MAX_DATA_SOCKS) sim.dataSocks.push(s);
      }
      onData(sim, s);
    }
    needAck = true;
  }
  if (f & FIN && !s.finRcvd && p.seq + p.len === s.rcvNxt) {
    // tcp_fin
    s.finRcvd = true;
    needAck = true;
    if (s.state === St.ESTABLISHED) s.state = St.CLOSE_WAIT;
    else if (s.state === St.FIN_WAIT1) s.state = St.CLOSING;
    else if (s.state === St.FIN_WAIT2) {
      sendSegment(sim, s, 0, s.sndNxt + (s.finSent ? 1 : 0), 0);
      tcpTimeWait(sim, s);
      return;
    }
  }
  if (needAck && !isClosed(s)) sendSegment(sim, s, 0, s.sndNxt + (s.finSent ? 1 : 0), 0);
}

/** The state may change under a call (TS cannot see that), so it is re-read here. */
function isClosed(s: TcpSock): boolean {
  const st: St = s.state;
  return st === St.CLOSE || st === St.TIME_WAIT;
}

/** tcp_ack: advance snd_una, sample the RTT, restart or stop the timer, handle our FIN's ACK. */
function tcpAck(sim: Sim, s: TcpSock, p: Packet): void {
  s.peerWin = p.win;
  const acked = Math.min(p.ack, s.written + (s.finSent ? 1 : 0));
  if (acked > s.sndUna || (s.finSent && !s.finAckedFlag && acked === s.written + 1)) {
    if (s.rttValid && s.lastSendUs >= 0) rttSample(s, sim.q.now - s.lastSendUs);
    s.sndUna = Math.min(acked, s.written);
    if (s.sndNxt < s.sndUna) s.sndNxt = s.sndUna;
    s.retransmits = 0;
    s.backoff = 0;
    s.rttValid = true;
    s.retransStamp = -1;
    if (s.finSent && acked === s.written + 1) {
      s.finAckedFlag = true;
      if (s.state === St.FIN_WAIT1) {
        s.state = St.FIN_WAIT2;
        clearRto(sim, s);
        // Orphaned FIN_WAIT2 lasts tcp_fin_timeout.
        if (s.closedByApp) armRto(sim, s, s.host.sc.tcpFinTimeout * 1e6);
        return;
      }
      if (s.state === St.CLOSING) {
        clearRto(sim, s);
        tcpTimeWait(sim, s);
        return;
      }
      if (s.state === St.LAST_ACK) {
        tcpDone(sim, s, null);
        return;
      }
    }
    clearRto(sim, s);
    if (s.sndUna < s.written || (s.finSent && !s.finAckedFlag)) {
      s.retransStamp = sim.q.now;
      armRto(sim, s, s.rto);
    }
  }
  tcpPush(sim, s);
}

/** tcp_rcv_synsent_state_process. */
function synSent(sim: Sim, s: TcpSock, p: Packet): void {
  const f = p.flags;
  if (f & RST) {
    // An RST that acknowledges our SYN: tcp_reset -> ECONNREFUSED.
    if (f & ACK) tcpDone(sim, s, 'ECONNREFUSED');
    return;
  }
  if ((f & (SYN | ACK)) !== (SYN | ACK)) return;
  // tcp_finish_connect
  s.state = St.ESTABLISHED;
  sim.inc(s.host, C.TcpCurrEstab);
  clearRto(sim, s);
  s.retransmits = 0;
  s.backoff = 0;
  s.retransStamp = -1;
  s.rto = 1_000_000;
  // With timestamps the SYN-ACK's echo gives an RTT sample even after SYN retransmissions.
  const rec = s.rec!;
  rttSample(s, sim.q.now - sim.syns.lastUs(s.recId));
  s.tsRecent = p.tsval;
  s.tsRecentStampSec = p.tsval >= 0 ? Math.floor(sim.q.now / 1e6) : -1;
  s.cookieAt = p.cookieAt;
  s.peerWin = p.win;
  rec.connectUs = sim.q.now;
  rec.result = 'established';
  sendSegment(sim, s, 0, 0, 0);
  onConnected(sim, s);
}
