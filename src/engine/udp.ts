// UDP: sending at a rate, receive-buffer accounting against sk_rcvbuf with a truesize model,
// UdpRcvbufErrors / UdpInErrors / the per-socket drops column, and the reader.
import type { Sim, UdpGroup } from './sim';
import { transmit } from './network';
import type { Packet } from './packet';
import { type Host, type UdpSock } from './world';
import { C } from './counters';

/** SKB_DATA_ALIGN(sizeof(struct sk_buff)) and of struct skb_shared_info on x86_64. */
const SKB_SIZE = 256;
const SHINFO_SIZE = 320;
/** Headers (Ethernet, IP, UDP) and NET_SKB_PAD headroom in front of the payload. */
const HEADROOM = 14 + 20 + 8 + 64;

/**
 * Memory a received datagram charges to sk_rmem_alloc: SKB_TRUESIZE of the slab the data was
 * kmalloc'd from (__alloc_skb rounds data + shared info up to a power-of-two slab). A 1400-byte
 * payload lands in the 2 KiB slab: truesize 2304.
 */
export function truesize(payload: number): number {
  const need = payload + HEADROOM + SHINFO_SIZE;
  let slab = 512;
  while (slab < need) slab *= 2;
  return slab + SKB_SIZE;
}

/** setsockopt(SO_RCVBUF): min(val, rmem_max) doubled, at least SOCK_MIN_RCVBUF; else rmem_default. */
export function effectiveRcvbuf(h: Host, requested: number | null): number {
  if (requested === null) return h.sysctl('net.core.rmem_default');
  return Math.max(Math.min(requested, h.sysctl('net.core.rmem_max')) * 2, 2304);
}

/** EV_UDP_SEND: datagram `i` of a `udp send` line. */
export function udpSendOne(sim: Sim, g: UdpGroup, i: number): void {
  const app = g.app;
  if (app.killed) return;
  if (app.stopped) {
    app.deferred.push(() => udpSendOne(sim, g, i));
    return;
  }
  const h = app.host;
  const spec = g.spec;
  const p = sim.packets.take(false, h.primary, h.primaryId, g.sport, spec.address, g.dstId, g.dport, 0, 0, 0, spec.size, -1, 0, null);
  sim.inc(h, C.UdpOutDatagrams);
  transmit(sim, h, p);
  if (i + 1 < spec.count) {
    const at = Math.max(sim.q.now, spec.startUs + ((i + 1) * 1e6) / spec.ratePerSec);
    sim.q.at(at, sim.EV_UDP_SEND, g, i + 1);
  }
}

/** udp_rcv -> __udp4_lib_rcv -> udp_queue_rcv_skb. */
export function udpReceive(sim: Sim, h: Host, p: Packet): void {
  const u = h.udp.get(p.dport);
  if (!u) {
    // No socket: ICMP port unreachable and UdpNoPorts.
    sim.inc(h, C.UdpNoPorts);
    sim.log('drop', h, p, sim.logging ? `no UDP socket on port ${p.dport}` : '', 'UdpNoPorts');
    return;
  }
  const size = truesize(p.len);
  if (h.kernel === 'linux-3.10') {
    // 3.10 udp_queue_rcv_skb: sk_rcvqueues_full (rmem_alloc > rcvbuf) drops counting only
    // UdpInErrors; then sock_queue_rcv_skb refuses at rmem_alloc >= rcvbuf (RcvbufErrors too).
    if (u.rmem >= u.rcvbuf) {
      u.drops++;
      sim.inc(h, C.UdpInErrors);
      const atEdge = u.rmem <= u.rcvbuf;
      if (atEdge) sim.inc(h, C.UdpRcvbufErrors);
      sim.log('drop', h, p, sim.logging ? `receive buffer full (${u.rmem} of ${u.rcvbuf} bytes)` : '', atEdge ? 'UdpRcvbufErrors' : 'UdpInErrors');
      return;
    }
  } else if (u.rmem > u.rcvbuf) {
    // __udp_enqueue_schedule_skb (4.10+): refuse when sk_rmem_alloc already exceeds sk_rcvbuf, so
    // one datagram may overshoot; -ENOMEM is charged to RcvbufErrors and InErrors.
    u.drops++;
    sim.inc(h, C.UdpRcvbufErrors);
    sim.inc(h, C.UdpInErrors);
    sim.log('drop', h, p, sim.logging ? `receive buffer full (${u.rmem} of ${u.rcvbuf} bytes)` : '', 'UdpRcvbufErrors');
    return;
  }
  u.rmem += size;
  u.queue.push(size, p.len);
  u.queuedBytes += p.len;
  u.received++;
  scheduleUdpRead(sim, u);
}

export function scheduleUdpRead(sim: Sim, u: UdpSock): void {
  const app = u.app;
  if (u.readScheduled || app.stopped || app.killed || u.readPerSec <= 0) return;
  if (u.queue.length - u.queueHead === 0) return;
  u.readScheduled = true;
  const delay = Number.isFinite(u.readPerSec) ? 1e6 / u.readPerSec : 0;
  sim.q.after(delay, sim.EV_UDP_READ, u);
}

/** EV_UDP_READ: the app's recvmsg takes one datagram (udp_recvmsg counts UdpInDatagrams here). */
export function udpReadOne(sim: Sim, u: UdpSock): void {
  u.readScheduled = false;
  if (u.app.stopped || u.app.killed) return;
  const n = Number.isFinite(u.readPerSec) ? 1 : (u.queue.length - u.queueHead) / 2;
  for (let k = 0; k < n && u.queueHead < u.queue.length; k++) {
    const size = u.queue[u.queueHead++];
    const len = u.queue[u.queueHead++];
    u.rmem -= size;
    u.queuedBytes -= len;
    sim.inc(u.host, C.UdpInDatagrams);
  }
  if (u.queueHead > 4096 && u.queueHead * 2 > u.queue.length) {
    u.queue = u.queue.slice(u.queueHead);
    u.queueHead = 0;
  }
  scheduleUdpRead(sim, u);
}
