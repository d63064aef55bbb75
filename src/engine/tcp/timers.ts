// The retransmission timer (tcp_retransmit_timer + tcp_write_timeout): SYN retries for connect()
// and data retransmission with exponential backoff, per profile.
import type { Sim } from '../sim';
import { FIN, PSH, St, type TcpSock } from '../world';
import { armRto, MSS, sendSegment, sendSyn, tcpDone, TCP_RTO_MAX, TCP_RTO_MIN, TCP_TIMEOUT_INIT } from './output';
import { C } from '../counters';

/**
 * retransmits_timed_out: has the connection been retransmitting for longer than `boundary`
 * exponentially backed-off retries starting at `rtoBase` would take (linear after TCP_RTO_MAX)?
 */
export function modelTimeout(boundary: number, rtoBase: number): number {
  const thresh = Math.floor(Math.log2(TCP_RTO_MAX / rtoBase));
  if (boundary <= thresh) return ((2 << boundary) - 1) * rtoBase;
  return ((2 << thresh) - 1) * rtoBase + (boundary - thresh) * TCP_RTO_MAX;
}

/** EV_RTO. */
export function tcpRetransmitTimer(sim: Sim, s: TcpSock): void {
  s.timerAt = -1;
  const h = s.host;
  const now = sim.q.now;
  const v68 = h.kernel === 'linux-6.8';
  if (s.state === St.FIN_WAIT2) {
    // tcp_keepalive_timer on an orphaned FIN_WAIT2 socket: tcp_fin_timeout ran out.
    tcpDone(sim, s, null);
    return;
  }
  if (s.state === St.SYN_SENT) {
    if (v68) sim.inc(h, C.TcpExtTCPTimeouts);
    // tcp_write_timeout, SYN_SENT branch.
    const synRetries = h.sc.tcpSynRetries;
    let expired: boolean;
    if (h.kernel === 'linux-3.10') expired = synOverBudget(s, now, synRetries);
    else if (!v68) expired = s.retransmits >= synRetries; // 4.19: icsk_retransmits >= retry_until
    // 6.8 (since 6.5): the count allows tcp_syn_linear_timeouts more, or the time budget runs out.
    else expired = s.retransmits >= synRetries + h.sc.tcpSynLinearTimeouts || synOverBudget(s, now, synRetries);
    if (expired) {
      // tcp_write_err: connect() fails with ETIMEDOUT.
      sim.inc(h, C.TcpExtTCPAbortOnTimeout);
      tcpDone(sim, s, 'ETIMEDOUT');
      return;
    }
    if (!v68 && s.retransmits === 0) sim.inc(h, C.TcpExtTCPTimeouts);
    sendSyn(sim, s, true);
    s.retransmits++;
    // out_reset_timer: 6.8 keeps the initial RTO for the first tcp_syn_linear_timeouts retries.
    if (v68 && s.retransmits <= h.sc.tcpSynLinearTimeouts) {
      s.backoff = 0;
    } else {
      s.backoff++;
      s.rto = Math.min(s.rto * 2, TCP_RTO_MAX);
    }
    armRto(sim, s, s.rto);
    return;
  }
  const outstanding = s.sndUna < s.written || (s.finSent && !finAcked(s));
  if (!outstanding) return;
  if (v68) sim.inc(h, C.TcpExtTCPTimeouts);
  // tcp_write_timeout, established branch: tcp_retries2 (orphans: tcp_orphan_retries, 0 -> 8).
  let boundary = h.sc.tcpRetries2;
  if (s.closedByApp) boundary = h.sc.tcpOrphanRetries || 8;
  if (s.retransmits > 0 && now - s.retransStamp >= modelTimeout(boundary, TCP_RTO_MIN)) {
    sim.inc(h, C.TcpExtTCPAbortOnTimeout);
    tcpDone(sim, s, 'ETIMEDOUT');
    return;
  }
  if (!v68 && s.retransmits === 0) sim.inc(h, C.TcpExtTCPTimeouts);
  // tcp_retransmit_skb of the head of the retransmit queue; the rest follows as ACKs return
  // (go-back-N: this model keeps no SACK scoreboard).
  s.rttValid = false;
  if (s.sndUna < s.written) {
    const len = Math.min(MSS, s.written - s.sndUna);
    sendSegment(sim, s, PSH, s.sndUna, len, true);
    s.sndNxt = s.sndUna + len;
  } else {
    sendSegment(sim, s, FIN, s.written, 0, true);
  }
  s.retransmits++;
  s.backoff++;
  s.rto = Math.min(s.rto * 2, TCP_RTO_MAX);
  armRto(sim, s, s.rto);
}

/**
 * 3.10: retransmits_timed_out(sk, syn_retries, 0, syn_set): a time budget from the first SYN,
 * modelled as a 1 s RTO doubling syn_retries times (127 s for 6); false before any retransmit.
 */
function synOverBudget(s: TcpSock, now: number, synRetries: number): boolean {
  return s.retransmits > 0 && now - s.retransStamp >= modelTimeout(synRetries, TCP_TIMEOUT_INIT);
}

export function finAcked(s: TcpSock): boolean {
  return s.finSent && s.sndUna === s.written && s.finAckedFlag;
}
