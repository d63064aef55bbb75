// UDP: sending at a rate, receive-buffer accounting against sk_rcvbuf with a truesize model,
// UdpRcvbufErrors / UdpInErrors / the per-socket drops column, and the reader.
import type { Sim, UdpGroup } from './sim';
import { transmit } from './network';
import { Packet, type Host, type UdpSock } from './world';

/** sizeof(struct sk_buff) + sizeof(struct skb_shared_info), cache-aligned, x86_64 (SKB_TRUESIZE overhead). */
const SKB_OVERHEAD = 576;

/**
 * Memory a received datagram charges to sk_rmem_alloc (skb->truesize): small frames are copied
 * into a small buffer (copybreak), MTU-sized ones sit in a 2 KiB half-page RX buffer.
 */
export function truesize(payload: number): number {
  const frame = payload + 42;
  if (frame <= 256) return 256 + SKB_OVERHEAD;
  if (frame <= 1536) return 2048 + SKB_OVERHEAD;
  return Math.ceil(frame / 4096) * 4096 + SKB_OVERHEAD;
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
  const p = new Packet(false, h.primary, g.sport, spec.address, spec.port, 0, 0, 0, spec.size, -1, 0, null);
  sim.inc(h, 'UdpOutDatagrams');
  sim.inc(h, 'IpOutRequests');
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
    sim.inc(h, 'UdpNoPorts');
    sim.log('drop', h, p, `no UDP socket on port ${p.dport}`, 'UdpNoPorts');
    return;
  }
  const size = truesize(p.len);
  // 3.10 sock_queue_rcv_skb: drop once sk_rmem_alloc >= sk_rcvbuf. Since 4.10
  // __udp_enqueue_schedule_skb: drop when sk_rmem_alloc > sk_rcvbuf before charging, so one
  // datagram may overshoot the limit.
  const full = h.kernel === 'linux-3.10' ? u.rmem >= u.rcvbuf : u.rmem > u.rcvbuf;
  if (full) {
    u.drops++;
    sim.inc(h, 'UdpRcvbufErrors');
    sim.inc(h, 'UdpInErrors');
    sim.log('drop', h, p, `receive buffer full (${u.rmem} of ${u.rcvbuf} bytes)`, 'UdpRcvbufErrors');
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
    sim.inc(u.host, 'UdpInDatagrams');
  }
  if (u.queueHead > 4096 && u.queueHead * 2 > u.queue.length) {
    u.queue = u.queue.slice(u.queueHead);
    u.queueHead = 0;
  }
  scheduleUdpRead(sim, u);
}
