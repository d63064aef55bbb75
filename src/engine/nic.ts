// Receive path below the protocols: the NIC's RX ring, the interrupt, and the NAPI poll run from
// the NET_RX softirq (net_rx_action). Drivers are NAPI, so NIC traffic never meets the per-CPU
// backlog; a host's traffic to itself does (loopback_xmit -> netif_rx -> enqueue_to_backlog),
// bounded by net.core.netdev_max_backlog. A host without a `nic` line hands packets from other
// hosts to the stack at once.
import type { Sim } from './sim';
import { tcpReceive } from './tcp/input';
import { udpReceive } from './udp';
import type { Packet } from './packet';
import { Nic, type Host } from './world';
import { C } from './counters';

/** CPU time the softirq spends per received packet (driver + IP + transport), µs: ~1 Mpps per core. */
export const RX_COST_US = 1;

/** EV_DELIVER: a packet reaches the receiving host. */
export function deliverPacket(sim: Sim, p: Packet): void {
  const h = p.to!;
  if (p.loopback) return enqueueToBacklog(sim, h, p);
  const nic = h.nic;
  if (!nic) {
    stackReceive(sim, h, p);
    sim.packets.release(p);
    return;
  }
  if (nic.ringLen >= nic.rxRing) {
    // No free RX descriptor: the NIC drops the frame and counts it in hardware (e.g. ixgbe MPC ->
    // rx_missed_errors; igb reports ring exhaustion as rx_fifo_errors).
    sim.inc(h, C.rx_missed_errors);
    sim.inc(h, C.rx_fifo_errors);
    sim.log('drop', h, p, sim.logging ? `RX ring of ${nic.name} full (${nic.rxRing} descriptors)` : '', 'rx_missed_errors');
    sim.packets.release(p);
    return;
  }
  nic.ring.push(p);
  if (nic.ringLen > nic.ringPeak) nic.ringPeak = nic.ringLen;
  sim.inc(h, C.rx_packets);
  // The interrupt (after coalescing) schedules NAPI: napi_schedule -> NET_RX softirq.
  schedulePoll(sim, nic, nic.irqDelayUs);
}

/** enqueue_to_backlog: accept while the queue holds at most netdev_max_backlog, else SoftnetDropped. */
function enqueueToBacklog(sim: Sim, h: Host, p: Packet): void {
  let q = h.backlog;
  if (!q) {
    q = h.backlog = new Nic('lo', 0, 0);
    q.host = h;
  }
  if (q.ringLen > h.sc.netdevMaxBacklog) {
    sim.inc(h, C.SoftnetDropped);
    // 6.8 also charges the device (dev_core_stats_rx_dropped_inc).
    if (h.kernel === 'linux-6.8') sim.inc(h, C.rx_dropped);
    sim.log('drop', h, p, 'per-CPU backlog full (netdev_max_backlog)', 'SoftnetDropped');
    sim.packets.release(p);
    return;
  }
  q.ring.push(p);
  // ____napi_schedule of the backlog NAPI (process_backlog): the softirq is raised at once.
  schedulePoll(sim, q, 0);
}

function schedulePoll(sim: Sim, q: Nic, delayUs: number): void {
  if (q.pollScheduled) return;
  q.pollScheduled = true;
  q.budgetUsed = 0;
  // The CPU is still busy with the packet it handled last.
  const at = Math.max(sim.q.now + delayUs, q.busyUntilUs);
  q.softirqStartUs = at;
  sim.q.at(at, sim.EV_NAPI, q);
}

/** EV_NAPI: one packet of a NAPI poll (driver poll or process_backlog -> __netif_receive_skb). */
export function napiPoll(sim: Sim, q: Nic): void {
  const h = q.host;
  const p = q.ring[q.ringHead];
  q.ring[q.ringHead++] = undefined as unknown as Packet;
  if (q.ringHead > 1024 && q.ringHead * 2 > q.ring.length) {
    q.ring = q.ring.slice(q.ringHead);
    q.ringHead = 0;
  }
  sim.inc(h, C.SoftnetProcessed);
  stackReceive(sim, h, p);
  sim.packets.release(p);
  q.busyUntilUs = sim.q.now + RX_COST_US;
  if (q.ringLen === 0) {
    // napi_complete_done: queue drained, interrupts back on.
    q.pollScheduled = false;
    return;
  }
  q.budgetUsed++;
  // net_rx_action: the softirq stops after netdev_budget packets or its time limit
  // (netdev_budget_usecs since 4.12; 2 jiffies on 3.10) and counts a time squeeze; ksoftirqd
  // carries on with the rest. (Per-instance dev_weight only reorders instances, so with one
  // instance per queue it changes nothing here.)
  const timeLimitUs = h.kernel === 'linux-3.10' ? 2000 : h.sc.netdevBudgetUsecs || 2000;
  const budget = h.sc.netdevBudget || 300;
  if (q.budgetUsed >= budget || sim.q.now + RX_COST_US - q.softirqStartUs > timeLimitUs) {
    sim.inc(h, C.SoftnetTimeSqueeze);
    q.budgetUsed = 0;
    q.softirqStartUs = sim.q.now + RX_COST_US;
  }
  sim.q.at(sim.q.now + RX_COST_US, sim.EV_NAPI, q);
}

/** ip_rcv -> tcp_v4_rcv / udp_rcv. */
export function stackReceive(sim: Sim, h: Host, p: Packet): void {
  sim.inc(h, C.IpInReceives);
  sim.log('recv', h, p);
  if (p.tcp) tcpReceive(sim, h, p);
  else udpReceive(sim, h, p);
}
