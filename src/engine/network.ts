// Between hosts: SNAT on the way out, drop rules, link loss, latency, jitter and line rate, then
// delivery to the receiving host's NIC. Hosts with no link between them (or one host talking to
// itself) are connected directly with no delay.
import type { DropRule, PacketKind } from '../dsl/model';
import type { Sim } from './sim';
import { ACK, FIN, RST, SYN, type Host, type Packet } from './world';
import { C } from './counters';

const ETH_IP_TCP = 14 + 20 + 32;
const ETH_IP_UDP = 14 + 20 + 8;

/** Puts a packet on the wire from `from`. Its addresses are the sender's view (before SNAT). */
export function transmit(sim: Sim, from: Host, p: Packet): void {
  sim.log('send', from, p);
  sim.inc(from, C.IpOutRequests);
  const innerSrc = p.src;
  const innerSport = p.sport;
  // SNAT (nf_nat, masquerade): hosts behind a NAT appear as its address to everyone outside.
  const nat = sim.natByHost.size > 0 ? sim.natByHost.get(from.name) : undefined;
  const dstNat = sim.natByAddr.size > 0 ? sim.natByAddr.get(p.dst) : undefined;
  if (nat && !(sim.hostByAddr.get(p.dst) && nat.hosts.includes(sim.hostByAddr.get(p.dst)!.name))) {
    const outKey = `${nat.name}|${p.src}:${p.sport}>${p.dst}:${p.dport}`;
    let port = sim.natOut.get(outKey);
    if (port === undefined) {
      // nf_nat_used_tuple: keep the source port unless another inner host already uses it.
      port = p.sport;
      while (sim.natIn.has(`${nat.name}|${port}<${p.dst}:${p.dport}`)) port = port >= 65535 ? 1024 : port + 1;
      sim.natOut.set(outKey, port);
      sim.natIn.set(`${nat.name}|${port}<${p.dst}:${p.dport}`, { host: from, addr: p.src, port: p.sport });
    }
    p.src = nat.address;
    p.sport = port;
  }
  let to: Host | undefined;
  let innerDst = p.dst;
  let innerDport = p.dport;
  if (dstNat) {
    const inner = sim.natIn.get(`${dstNat.name}|${p.dport}<${p.src}:${p.sport}`);
    if (!inner) {
      sim.log('drop', from, p, `no NAT mapping on ${dstNat.name} for port ${p.dport}`);
      sim.packets.release(p);
      return;
    }
    to = inner.host;
    innerDst = inner.addr;
    innerDport = inner.port;
  } else {
    to = sim.hostByAddr.get(p.dst);
  }
  if (!to) {
    sim.log('drop', from, p, `no host has address ${p.dst}`);
    sim.packets.release(p);
    return;
  }
  const now = sim.q.now;
  const drops = sim.model.drops;
  for (let i = 0; i < drops.length; i++) {
    const rule = drops[i];
    if (rule.fromUs > now || now >= rule.untilUs) continue;
    if (!kindMatches(rule.what, p)) continue;
    const inner = endpointMatches(rule.from, innerSrc, innerSport) && endpointMatches(rule.to, innerDst, innerDport);
    const wire = endpointMatches(rule.from, p.src, p.sport) && endpointMatches(rule.to, p.dst, p.dport);
    if ((inner || wire) && sim.rng.chance(rule.chance)) {
      sim.log('drop', from, p, `drop rule (line ${rule.range.start.line + 1})`);
      sim.packets.release(p);
      return;
    }
  }
  p.dst = innerDst;
  p.dport = innerDport;
  p.to = to;
  p.loopback = to === from;
  let arrive = now;
  const link = to === from ? undefined : sim.link(from, to);
  if (link) {
    if (sim.rng.chance(link.loss)) {
      sim.log('drop', from, p, 'link loss');
      sim.packets.release(p);
      return;
    }
    const rate = link.rateBps;
    if (rate > 0) {
      const bits = (p.len + (p.tcp ? ETH_IP_TCP : ETH_IP_UDP)) * 8;
      const wireKey = `${from.name}>${to.name}`;
      const start = Math.max(now, sim.wireFreeAt.get(wireKey) ?? 0);
      const done = start + (bits * 1e6) / rate;
      sim.wireFreeAt.set(wireKey, done);
      arrive = done;
    }
    arrive += link.latencyUs;
    if (link.jitterUs > 0) arrive += (sim.rng.next() * 2 - 1) * link.jitterUs;
    if (arrive < now) arrive = now;
  }
  sim.q.at(arrive, sim.EV_DELIVER, p);
}

function endpointMatches(ep: DropRule['from'], addr: string, port: number): boolean {
  if (!ep) return true;
  return ep.address === addr && (ep.port === null || ep.port === port);
}

function kindMatches(what: PacketKind, p: Packet): boolean {
  if (what === 'all') return true;
  if (what === 'udp') return !p.tcp;
  if (!p.tcp) return false;
  const f = p.flags;
  switch (what) {
    case 'tcp':
      return true;
    case 'syn':
      return (f & SYN) !== 0 && (f & ACK) === 0;
    case 'synack':
      return (f & SYN) !== 0 && (f & ACK) !== 0;
    case 'rst':
      return (f & RST) !== 0;
    case 'fin':
      return (f & FIN) !== 0;
    case 'data':
      return p.len > 0;
    case 'ack':
      return (f & (SYN | RST | FIN)) === 0 && p.len === 0;
  }
  return false;
}
