// Receive path below the protocols: the NIC's RX ring, the interrupt, and the NAPI poll run from
// the NET_RX softirq (net_rx_action). A host without a `nic` line hands packets to the stack at
// once. Drivers are NAPI, so the per-CPU backlog (netdev_max_backlog, SoftnetDropped) is not on
// this path: enqueue_to_backlog only sees packets steered by RPS or injected with netif_rx.
import type { Sim } from './sim';
import { tcpReceive } from './tcp/input';
import { udpReceive } from './udp';
import type { Host, Packet } from './world';

/** CPU time the softirq spends per received packet (driver + IP + transport), µs: ~1 Mpps per core. */
export const RX_COST_US = 1;

/** EV_DELIVER: a packet reaches the receiving host. */
export function deliverPacket(sim: Sim, p: Packet): void {
  const h = p.to!;
  const nic = h.nic;
  if (!nic) {
    stackReceive(sim, h, p);
    return;
  }
  if (nic.ringLen >= nic.rxRing) {
    // No free RX descriptor: the NIC drops the frame and counts it in hardware (e.g. ixgbe MPC ->
    // rx_missed_errors; igb reports ring exhaustion as rx_fifo_errors).
    sim.inc(h, 'rx_missed_errors');
    sim.inc(h, 'rx_fifo_errors');
    sim.log('drop', h, p, `RX ring of ${nic.name} full (${nic.rxRing} descriptors)`, 'rx_missed_errors');
    return;
  }
  nic.ring.push(p);
  sim.inc(h, 'rx_packets');
  if (!nic.pollScheduled) {
    // The interrupt (after coalescing) schedules NAPI: napi_schedule -> NET_RX softirq.
    nic.pollScheduled = true;
    nic.budgetUsed = 0;
    nic.softirqStartUs = sim.q.now + nic.irqDelayUs;
    sim.q.at(sim.q.now + nic.irqDelayUs, sim.EV_NAPI, h);
  }
}

/** EV_NAPI: one packet of a NAPI poll (driver poll -> napi_gro_receive -> __netif_receive_skb). */
export function napiPoll(sim: Sim, h: Host): void {
  const nic = h.nic!;
  const p = nic.ring[nic.ringHead];
  nic.ring[nic.ringHead++] = undefined as unknown as Packet;
  if (nic.ringHead > 1024 && nic.ringHead * 2 > nic.ring.length) {
    nic.ring = nic.ring.slice(nic.ringHead);
    nic.ringHead = 0;
  }
  sim.inc(h, 'SoftnetProcessed');
  stackReceive(sim, h, p);
  if (nic.ringLen === 0) {
    // napi_complete_done: ring drained, interrupts back on.
    nic.pollScheduled = false;
    return;
  }
  nic.budgetUsed++;
  // net_rx_action: the softirq stops after netdev_budget packets or its time limit
  // (netdev_budget_usecs since 4.12; 2 jiffies on 3.10) and counts a time squeeze; ksoftirqd
  // carries on with the rest.
  const timeLimitUs = h.kernel === 'linux-3.10' ? 2000 : h.sysctl('net.core.netdev_budget_usecs') || 2000;
  const budget = h.sysctl('net.core.netdev_budget') || 300;
  if (nic.budgetUsed >= budget || sim.q.now + RX_COST_US - nic.softirqStartUs > timeLimitUs) {
    sim.inc(h, 'SoftnetTimeSqueeze');
    nic.budgetUsed = 0;
    nic.softirqStartUs = sim.q.now + RX_COST_US;
  }
  sim.q.at(sim.q.now + RX_COST_US, sim.EV_NAPI, h);
}

/** ip_rcv -> tcp_v4_rcv / udp_rcv. */
export function stackReceive(sim: Sim, h: Host, p: Packet): void {
  sim.inc(h, 'IpInReceives');
  sim.log('recv', h, p);
  if (p.tcp) tcpReceive(sim, h, p);
  else udpReceive(sim, h, p);
}
