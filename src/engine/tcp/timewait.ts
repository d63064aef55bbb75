// TIME_WAIT (tcp_time_wait, tcp_timewait_state_process) and, on 3.10, tcp_tw_recycle's per-peer
// timestamp memory (tcp_remember_stamp in tcp_metrics).
import type { Sim } from '../sim';
import type { Packet } from '../packet';
import { ACK, FIN, RST, SYN, St, type Host, type TcpSock } from '../world';
import { clearRto } from './output';
import { transmit } from '../network';
import { C } from '../counters';

/** TCP_TIMEWAIT_LEN */
const TIMEWAIT_LEN = 60_000_000;

/** tcp_time_wait: replace the socket with a TIME_WAIT mini-socket (a row of the host's timeWait). */
export function tcpTimeWait(sim: Sim, s: TcpSock): void {
  const h = s.host;
  clearRto(sim, s);
  let timeout = TIMEWAIT_LEN;
  if (h.kernel === 'linux-3.10' && h.sc.tcpTwRecycle && s.tsRecentStampSec >= 0) {
    // tcp_remember_stamp: keep the newest timestamp seen from this peer address (or replace one
    // older than TCP_PAWS_MSL), then recycle the TIME_WAIT after 3.5 RTO instead of 60 s.
    const nowSec = Math.floor(sim.q.now / 1e6);
    const tm = h.peerTs.get(s.raddr);
    if (!tm || ((tm.ts - s.tsRecent) | 0) <= 0 || (nowSec - tm.stampSec > 60 && tm.stampSec <= s.tsRecentStampSec)) {
      h.peerTs.set(s.raddr, { ts: s.tsRecent, stampSec: s.tsRecentStampSec });
    }
    timeout = Math.round(s.rto * 3.5);
  }
  s.state = St.TIME_WAIT;
  h.socks.delete(s.key, s);
  const tw = h.timeWait;
  const row = tw.add(s.key, s.laddrId, s.lport, s.raddrId, s.rport, s.tsRecent, s.rec, timeout === TIMEWAIT_LEN);
  h.provenPeers.add(s.raddr);
  sim.q.after(timeout, sim.EV_TW, h, row, tw.gen[row]);
  const rec = s.rec;
  if (rec && rec.sock === s) {
    rec.twRow = row;
    tw.pin(row);
    if (s.sendQ === 0 && s.recvQ === 0) rec.sock = null;
  }
}

/** EV_TW: the TIME_WAIT socket `row` of `h` is freed (inet_twsk_kill). */
export function twExpire(sim: Sim, h: Host, row: number): void {
  if (h.timeWait.fullTimeout(row)) sim.inc(h, C.TcpExtTW);
  else sim.inc(h, C.TcpExtTWRecycled);
  twUnhash(h, row);
}

/** inet_twsk_kill: out of the table, its port free again. */
function twUnhash(h: Host, row: number): void {
  const lport = h.timeWait.lport[row];
  h.timeWait.kill(row);
  h.portsInUse.remove(lport);
}

/** tcp_timewait_state_process; returns true when a new SYN may reuse the pair (TCP_TW_SYN). */
export function twProcess(sim: Sim, h: Host, row: number, p: Packet): boolean {
  const tw = h.timeWait;
  const f = p.flags;
  if (f & RST) {
    // RFC 1337 off (tcp_rfc1337 = 0): an RST kills the TIME_WAIT socket.
    tw.gen[row]++;
    twUnhash(h, row);
    return false;
  }
  if (f & SYN && !(f & ACK)) {
    // A new SYN is acceptable when its timestamp is newer (or, without timestamps, its ISN is
    // beyond the old connection, which the ISN clock makes true in practice).
    const tsRecent = tw.tsRecent[row];
    if (p.tsval < 0 || tsRecent < 0 || ((tsRecent - p.tsval) | 0) < 0) {
      tw.gen[row]++;
      twUnhash(h, row);
      return true;
    }
  }
  if (f & FIN || f & SYN) {
    // TCP_TW_ACK: re-acknowledge the peer's FIN.
    const laddrId = tw.laddrId[row];
    const raddrId = tw.raddrId[row];
    const a = sim.packets.take(true, h.addrIds.addr(laddrId), laddrId, tw.lport[row], h.addrIds.addr(raddrId), raddrId, tw.rport[row], ACK, 0, 0, 0, -1, 0, tw.rec[row]);
    sim.inc(h, C.TcpOutSegs);
    transmit(sim, h, a);
  }
  return false;
}
