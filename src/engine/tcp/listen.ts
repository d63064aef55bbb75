// The listen path: SYN handling (tcp_v4_conn_request on 3.10, tcp_conn_request since 4.x), the
// SYN (request) queue and its SYN-ACK timer, syncookies, the final ACK (tcp_check_req ->
// tcp_v4_syn_recv_sock) and the accept queue.
import type { Sim } from '../sim';
import type { Packet } from '../packet';
import { ACK, RST, St, SYN, Req, TcpSock, type Host, type Listener } from '../world';
import { sendReset, tcpPush, TCP_RTO_MAX, TCP_TIMEOUT_INIT, tsNow } from './output';
import { transmit } from '../network';
import { rcvState, rttSample } from './input';
import { onAcceptable } from '../apps';
import { C } from '../counters';

/** TCP_SYNQ_INTERVAL: on 3.10 the listener's request timer runs every 200 ms (inet_csk_reqsk_queue_prune). */
const SYNQ_INTERVAL = 200_000;
/** How long a syncookie stays valid: 3.10 checks the minute counter up to 4 back; later MAX_SYNCOOKIE_AGE 2. */
const cookieLifetime = (h: Host) => (h.kernel === 'linux-3.10' ? 4 * 60e6 : 2 * 60e6);
/** tcp_synq_no_recent_overflow: 3.10 TCP_TIMEOUT_FALLBACK (3 s); later TCP_SYNCOOKIE_VALID (2 min). */
const overflowMemory = (h: Host) => (h.kernel === 'linux-3.10' ? 3e6 : 120e6);

/** sk_acceptq_is_full: more than sk_max_ack_backlog children waiting, so it holds limit + 1. */
export function acceptQueueFull(l: Listener): boolean {
  return l.acceptLen > l.limit;
}

/** inet_csk_reqsk_queue_is_full. */
function reqQueueFull(l: Listener): boolean {
  // 3.10: qlen >> max_qlen_log (table of roundup_pow_of_two(min(backlog, max_syn_backlog) + 1));
  // since 4.4: the request count reaching sk_max_ack_backlog.
  if (l.host.kernel === 'linux-3.10') return l.synQ.size >> l.maxQlenLog !== 0;
  return l.synQ.size >= l.limit;
}

function listenDrop(sim: Sim, l: Listener, p: Packet, reason: string, counter?: string): void {
  sim.inc(l.host, C.TcpExtListenDrops);
  sim.log('drop', l.host, p, reason, counter ?? 'TcpExtListenDrops');
}

/** A segment for a listening socket with no request or child for it. */
export function tcpListenRcv(sim: Sim, l: Listener, p: Packet, isn: boolean): void {
  const f = p.flags;
  if (f & RST) return;
  if (f & ACK) {
    if (!(f & SYN) && cookieCheck(sim, l, p)) return;
    // tcp_rcv_state_process (LISTEN): an ACK nobody expects is answered with RST.
    sendReset(sim, l.host, p);
    return;
  }
  if (f & SYN) connRequest(sim, l, p, isn);
}

/** tcp_syn_flood_action: cookies if tcp_syncookies is on, else drop; counts which. */
function synFloodAction(sim: Sim, l: Listener): boolean {
  if (l.host.sc.tcpSyncookies) {
    sim.inc(l.host, C.TcpExtTCPReqQFullDoCookies);
    return true;
  }
  sim.inc(l.host, C.TcpExtTCPReqQFullDrop);
  return false;
}

function connRequest(sim: Sim, l: Listener, p: Packet, isn: boolean): void {
  const h = l.host;
  const old = h.kernel === 'linux-3.10';
  const cookies = h.sc.tcpSyncookies;
  let wantCookie = false;
  // 3.10 tcp_v4_conn_request: only a full request queue leads to cookies (mode 2 came in 3.12);
  // tcp_conn_request: tcp_syncookies = 2 sends cookies for every SYN.
  if (((!old && cookies === 2) || reqQueueFull(l)) && !isn) {
    wantCookie = synFloodAction(sim, l);
    if (!wantCookie) return listenDrop(sim, l, p, 'SYN queue full, no syncookies', 'TcpExtTCPReqQFullDrop');
  }
  if (acceptQueueFull(l)) {
    // 3.10: drop only if more than one young request is waiting (inet_csk_reqsk_queue_young > 1);
    // since 4.10 tcp_conn_request drops the SYN whenever the accept queue is full.
    if (!old || l.young > 1) {
      sim.inc(h, C.TcpExtListenOverflows);
      return listenDrop(sim, l, p, 'accept queue full', 'TcpExtListenOverflows');
    }
  }
  const tsOk = p.tsval >= 0 && h.sc.tcpTimestamps !== 0;
  if (wantCookie) {
    // cookie_v4_init_sequence / cookie_init_sequence: stateless SYN-ACK; tcp_synq_overflow.
    sim.inc(h, C.TcpExtSyncookiesSent);
    l.lastOverflowUs = sim.q.now;
    sendSynAck(sim, l, p.dst, p.dstId, p.src, p.srcId, p.sport, tsOk ? p.tsval : -1, p.rec, sim.q.now, false);
    // 3.10 frees the request through its drop label, counting a ListenDrop for each cookie.
    if (old) sim.inc(h, C.TcpExtListenDrops);
    return;
  }
  if (!isn) {
    const maxSyn = h.sc.tcpMaxSynBacklog;
    if (old && tsOk && h.sc.tcpTwRecycle) {
      // VJ's per-host PAWS (tcp_peer_is_proven with paws_check): a SYN from a peer whose last
      // TIME_WAIT timestamp (tcp_remember_stamp) is newer, within TCP_PAWS_MSL (60 s), is dropped.
      const tm = h.peerTs.get(p.src);
      const nowSec = Math.floor(sim.q.now / 1e6);
      if (tm && nowSec - tm.stampSec < 60 && ((tm.ts - p.tsval) | 0) > 1) {
        sim.inc(h, C.TcpExtPAWSPassive);
        return listenDrop(sim, l, p, 'per-host PAWS: timestamp behind the last one seen from this address (tcp_tw_recycle)', 'TcpExtPAWSPassive');
      }
    } else if (!cookies && maxSyn - l.synQ.size < maxSyn >> 2 && !h.provenPeers.has(p.src)) {
      // "Kill the following clause, if you dislike this way": without syncookies the last quarter
      // of tcp_max_syn_backlog is kept for peers already proven alive.
      return listenDrop(sim, l, p, 'last quarter of tcp_max_syn_backlog kept for proven peers');
    }
  }
  const req = new Req(l, p.dstId, p.dport, p.srcId, p.sport, p.rec, tsOk ? p.tsval : -1);
  if (l.synQ.size === 0) l.pruneBaseUs = sim.q.now;
  l.synQ.add(req);
  l.young++;
  h.socks.set(req.key, req);
  req.synackAt = sim.q.now;
  sendSynAck(sim, l, p.dst, p.dstId, p.src, p.srcId, p.sport, req.tsRecent, p.rec, -1, false);
  armReq(sim, req, TCP_TIMEOUT_INIT);
}

function sendSynAck(sim: Sim, l: Listener, laddr: string, laddrId: number, raddr: string, raddrId: number, rport: number, tsecr: number, rec: Packet['rec'], cookieAt: number, retransmit: boolean): void {
  const h = l.host;
  const p = sim.packets.take(true, laddr, laddrId, l.port, raddr, raddrId, rport, SYN | ACK, 0, 0, 0, tsecr >= 0 ? tsNow(sim, h) : -1, 29200, rec);
  p.cookieAt = cookieAt;
  p.retransmit = retransmit;
  sim.inc(h, C.TcpOutSegs);
  // inet_rtx_syn_ack -> tcp_rtx_synack (counted as 0 or 1: see sendSegment)
  const rtx = retransmit ? 1 : 0;
  sim.inc(h, C.TcpRetransSegs, rtx);
  sim.inc(h, C.TcpExtTCPSynRetrans, rtx);
  transmit(sim, h, p);
}

function armReq(sim: Sim, req: Req, timeout: number): void {
  let at = sim.q.now + timeout;
  if (req.listener.host.kernel === 'linux-3.10') {
    // The 3.10 request timer is the listener's keepalive timer: first TCP_TIMEOUT_INIT after the
    // queue became non-empty, then every TCP_SYNQ_INTERVAL; requests expire on those ticks.
    const base = req.listener.pruneBaseUs + TCP_TIMEOUT_INIT;
    if (at > base) at = base + Math.ceil((at - base) / SYNQ_INTERVAL) * SYNQ_INTERVAL;
    else at = base;
  }
  sim.q.cancel(req.timerSlot, sim.EV_REQ, req, req.timerGen);
  req.timerGen++;
  req.timerSlot = sim.q.at(at, sim.EV_REQ, req, 0, req.timerGen);
}

function unlinkReq(sim: Sim, l: Listener, req: Req): void {
  l.synQ.delete(req);
  if (req.numTimeout === 0) l.young--;
  sim.q.cancel(req.timerSlot, sim.EV_REQ, req, req.timerGen);
  req.timerGen++;
  l.host.socks.delete(req.key, req);
}

/** EV_REQ: reqsk_timer_handler (inet_csk_reqsk_queue_prune on 3.10). */
export function reqTimer(sim: Sim, req: Req): void {
  const l = req.listener;
  const h = l.host;
  if (!l.synQ.has(req)) return;
  let thresh = h.sc.tcpSynackRetries;
  // "Reserve half of room for young embrions": when the request queue is half full of requests
  // that already needed a retransmission, old ones get fewer retries (never fewer than 2).
  const qlen = l.synQ.size;
  const crowded = h.kernel === 'linux-3.10' ? qlen >> (l.maxQlenLog - 1) !== 0 : qlen << 1 > Math.max(8, l.limit);
  if (crowded) {
    let young = l.young << 1;
    while (thresh > 2) {
      if (qlen < young) break;
      thresh--;
      young <<= 1;
    }
  }
  // tcp_syn_ack_timeout
  sim.inc(h, C.TcpExtTCPTimeouts);
  // syn_ack_recalc: expire after `thresh` retransmissions; the request is forgotten silently.
  if (req.numTimeout >= thresh) {
    unlinkReq(sim, l, req);
    return;
  }
  sendSynAck(sim, l, req.laddr, req.laddrId, req.raddr, req.raddrId, req.rport, req.tsRecent, req.rec, -1, true);
  // tcp_synack_rtt_meas takes the RTT from the echoed timestamp, i.e. from the latest SYN-ACK.
  req.synackAt = sim.q.now;
  if (req.numTimeout++ === 0) l.young--;
  armReq(sim, req, Math.min(TCP_TIMEOUT_INIT * 2 ** req.numTimeout, TCP_RTO_MAX));
}

/** tcp_check_req: a segment for a pending request. */
export function tcpCheckReq(sim: Sim, req: Req, p: Packet): void {
  const l = req.listener;
  const h = l.host;
  const f = p.flags;
  if (f & RST) {
    // embryonic reset: the request is dropped.
    sim.inc(h, C.TcpAttemptFails);
    unlinkReq(sim, l, req);
    return;
  }
  if (f & SYN && !(f & ACK)) {
    // A retransmitted SYN: resend the SYN-ACK and restart its timer.
    sendSynAck(sim, l, req.laddr, req.laddrId, req.raddr, req.raddrId, req.rport, req.tsRecent, req.rec, -1, true);
    req.synackAt = sim.q.now;
    armReq(sim, req, Math.min(TCP_TIMEOUT_INIT * 2 ** req.numTimeout, TCP_RTO_MAX));
    return;
  }
  if (!(f & ACK)) return;
  if (p.tsval >= 0 && req.tsRecent >= 0) req.tsRecent = p.tsval;
  const child = synRecvSock(sim, l, p, req.rec, req.tsRecent);
  if (!child) {
    // listen_overflow
    if (!h.sc.tcpAbortOnOverflow) {
      req.acked = true;
      return;
    }
    // embryonic_reset: RST to the client, request dropped.
    sim.inc(h, C.TcpExtEmbryonicRsts);
    sendReset(sim, h, p);
    unlinkReq(sim, l, req);
    return;
  }
  unlinkReq(sim, l, req);
  finishChild(sim, l, child, p, sim.q.now - req.synackAt);
}

/**
 * tcp_v4_syn_recv_sock: the child socket, unless the accept queue is full (ListenOverflows +
 * ListenDrops; the caller decides what happens to the request).
 */
function synRecvSock(sim: Sim, l: Listener, p: Packet, rec: Packet['rec'], tsRecent: number): TcpSock | null {
  const h = l.host;
  if (acceptQueueFull(l)) {
    sim.inc(h, C.TcpExtListenOverflows);
    sim.inc(h, C.TcpExtListenDrops);
    sim.log('drop', h, p, 'accept queue full: final ACK ignored', 'TcpExtListenOverflows');
    return null;
  }
  const c = new TcpSock(h, p.dstId, p.dport, p.srcId, p.sport);
  c.state = St.ESTABLISHED;
  c.rec = rec;
  c.tsRecent = tsRecent;
  c.tsRecentStampSec = tsRecent >= 0 ? Math.floor(sim.q.now / 1e6) : -1;
  c.peerWin = p.win;
  h.socks.set(c.key, c);
  h.portsInUse.add(c.lport);
  // tcp_create_openreq_child
  sim.inc(h, C.TcpPassiveOpens);
  sim.inc(h, C.TcpCurrEstab);
  return c;
}

/** inet_csk_reqsk_queue_add + tcp_child_process: queue the child and process the segment on it. */
function finishChild(sim: Sim, l: Listener, c: TcpSock, p: Packet, rttUs: number): void {
  if (rttUs > 0) rttSample(c, rttUs);
  l.acceptQ.push(c);
  rcvState(sim, c, p);
  tcpPush(sim, c);
  onAcceptable(sim, l);
}

/** cookie_v4_check (tcp_v4_cookie_check): an ACK that may complete a syncookie handshake. */
function cookieCheck(sim: Sim, l: Listener, p: Packet): boolean {
  const h = l.host;
  if (!h.sc.tcpSyncookies) return false;
  const recent = sim.q.now - l.lastOverflowUs <= overflowMemory(h);
  const valid = p.cookieAt >= 0 && sim.q.now - p.cookieAt <= cookieLifetime(h);
  if (h.kernel === 'linux-3.10') {
    // 3.10: `if (tcp_synq_no_recent_overflow(sk) || !cookie_check(...))` counts a failure, so every
    // stray ACK to a listener with syncookies on is a SyncookiesFailed.
    if (!recent || !valid) {
      sim.inc(h, C.TcpExtSyncookiesFailed);
      return false;
    }
  } else {
    // 4.19 / 6.8: no recent overflow -> not a cookie, nothing counted; a bad cookie is a failure.
    if (!recent) return false;
    if (!valid) {
      sim.inc(h, C.TcpExtSyncookiesFailed);
      return false;
    }
  }
  sim.inc(h, C.TcpExtSyncookiesRecv);
  const child = synRecvSock(sim, l, p, p.rec, p.tsval);
  // get_cookie_sock failed (accept queue full): the ACK is discarded, no RST.
  if (!child) return true;
  child.cookieAt = -1;
  finishChild(sim, l, child, p, 0);
  return true;
}
