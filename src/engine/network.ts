// Between hosts: SNAT on the way out, drop rules, link loss, latency, jitter and line rate, then
// delivery to the receiving host's NIC. Hosts with no link between them (or one host talking to
// itself) are connected directly with no delay.
import type { DropRule, PacketKind } from '../dsl/model';
import type { Sim } from './sim';
import type { Packet } from './packet';
import { ACK, FIN, RST, smi, SYN, type AddressIds, type Host } from './world';
import { C } from './counters';

const ETH_IP_TCP = 14 + 20 + 32;
const ETH_IP_UDP = 14 + 20 + 8;

/** Puts a packet on the wire from `from`. Its addresses are the sender's view (before SNAT). */
export function transmit(sim: Sim, from: Host, p: Packet): void {
  sim.log('send', from, p);
  sim.inc(from, C.IpOutRequests);
  const innerSrcId = p.srcId;
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
    p.srcId = sim.addrIds.id(nat.address);
    p.sport = port;
  }
  let to: Host | undefined;
  let innerDst = p.dst;
  let innerDstId = p.dstId;
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
    innerDstId = sim.addrIds.id(inner.addr);
    innerDport = inner.port;
  } else {
    to = sim.hostById[p.dstId];
  }
  if (!to) {
    sim.log('drop', from, p, `no host has address ${p.dst}`);
    sim.packets.release(p);
    return;
  }
  const now = sim.q.now;
  const drops = sim.drops;
  const kind = drops.length > 0 ? packetKinds(p) : 0;
  // Most packets are of a kind no rule names (a flood's SYNs, where the rules drop SYN-ACKs).
  if ((kind & sim.dropKinds) !== 0) {
    for (let i = 0; i < drops.length; i++) {
      const rule = drops[i];
      if (rule.fromUs > now || now >= rule.untilUs || (rule.kinds & kind) === 0) continue;
      const inner = endpointMatches(rule.from, innerSrcId, innerSport) && endpointMatches(rule.to, innerDstId, innerDport);
      if ((inner || (endpointMatches(rule.from, p.srcId, p.sport) && endpointMatches(rule.to, p.dstId, p.dport))) && sim.rng.chance(rule.chance)) {
        sim.log('drop', from, p, rule.reason);
        sim.packets.release(p);
        return;
      }
    }
  }
  p.dst = innerDst;
  p.dstId = innerDstId;
  p.dport = innerDport;
  p.to = to;
  p.loopback = to === from;
  let arrive = now;
  const link = to === from ? null : sim.link(from, to);
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

function endpointMatches(ep: CompiledEndpoint | null, addrId: number, port: number): boolean {
  if (!ep) return true;
  return ep.addrId === addrId && (ep.port < 0 || ep.port === port);
}

// Packet kinds as bits, so a drop rule is tested with one AND (the packet's kinds are worked out
// once per packet, not once per rule).
const K_ALL = 1;
const K_UDP = 2;
const K_TCP = 4;
const K_SYN = 8;
const K_SYNACK = 16;
const K_RST = 32;
const K_FIN = 64;
const K_DATA = 128;
const K_ACK = 256;
const KIND_BITS: Record<PacketKind, number> = { all: K_ALL, udp: K_UDP, tcp: K_TCP, syn: K_SYN, synack: K_SYNACK, rst: K_RST, fin: K_FIN, data: K_DATA, ack: K_ACK };

/** A drop rule's endpoint: its address as an AddressIds number, its port or -1 for any. */
interface CompiledEndpoint {
  addrId: number;
  port: number;
}

/** A `drop` rule ready for the per-packet test. */
export interface CompiledDrop {
  kinds: number;
  from: CompiledEndpoint | null;
  to: CompiledEndpoint | null;
  fromUs: number;
  untilUs: number;
  chance: number;
  /** The event log's reason, built once. */
  reason: string;
}

export function compileDrops(rules: readonly DropRule[], ids: AddressIds): CompiledDrop[] {
  const endpoint = (ep: DropRule['from']): CompiledEndpoint | null => (ep ? { addrId: ids.id(ep.address), port: ep.port === null ? -1 : smi(ep.port) } : null);
  return rules.map((r) => ({
    kinds: KIND_BITS[r.what] ?? 0,
    from: endpoint(r.from),
    to: endpoint(r.to),
    fromUs: r.fromUs,
    untilUs: r.untilUs,
    chance: r.chance,
    reason: `drop rule (line ${r.range.start.line + 1})`,
  }));
}

/** Every kind a drop rule can name that `p` is. */
function packetKinds(p: Packet): number {
  if (!p.tcp) return K_ALL | K_UDP;
  const f = p.flags;
  let k = K_ALL | K_TCP;
  if (f & SYN) k |= f & ACK ? K_SYNACK : K_SYN;
  if (f & RST) k |= K_RST;
  if (f & FIN) k |= K_FIN;
  if (p.len > 0) k |= K_DATA;
  else if ((f & (SYN | RST | FIN)) === 0) k |= K_ACK;
  return k;
}
