// Packets: a segment or datagram as the stack passes it around, and the pool that recycles them.
import type { Host } from './world';
import type { ConnRecord } from './conntable';

/**
 * A segment or datagram. Packets are recycled (PacketPool): one is taken when sent and given back
 * once the receiving stack is done with it or it is dropped, so nothing may keep a reference.
 */
export class Packet {
  tcp = true;
  src = '';
  /** AddressIds number of `src` / `dst`. */
  srcId = 0;
  sport = 0;
  dst = '';
  dstId = 0;
  dport = 0;
  flags = 0;
  /** Relative sequence number in the sender's byte space (data offset; FIN follows the data). */
  seq = 0;
  /** Bytes of the receiver's space acknowledged (FIN counted as one). */
  ack = 0;
  len = 0;
  /** TCP timestamp value (ms clock of the sending host) or -1 when the option is absent. */
  tsval = -1;
  win = 0;
  /** The client connection this packet belongs to, for results and the event log. */
  rec: ConnRecord | null = null;
  /** Sequence of the SYN-ACK cookie the sender echoes (time it was minted), or -1. */
  cookieAt = -1;
  retransmit = false;
  /** Receiving host, set when the packet is put on the wire. */
  to: Host | null = null;
  /** Sent by a host to itself: it goes through the loopback device and the per-CPU backlog. */
  loopback = false;
}

/** Free packets for reuse: a packet per segment would otherwise be most of the garbage. */
export class PacketPool {
  private readonly free: Packet[] = [];

  take(tcp: boolean, src: string, srcId: number, sport: number, dst: string, dstId: number, dport: number, flags: number, seq: number, ack: number, len: number, tsval: number, win: number, rec: ConnRecord | null): Packet {
    const p = this.free.pop() ?? new Packet();
    p.tcp = tcp;
    p.src = src;
    p.srcId = srcId;
    p.sport = sport;
    p.dst = dst;
    p.dstId = dstId;
    p.dport = dport;
    p.flags = flags;
    p.seq = seq;
    p.ack = ack;
    p.len = len;
    p.tsval = tsval;
    p.win = win;
    p.rec = rec;
    p.cookieAt = -1;
    p.retransmit = false;
    p.to = null;
    p.loopback = false;
    return p;
  }

  /** Gives `p` back; the caller must not touch it afterwards. */
  release(p: Packet): void {
    p.rec = null;
    p.to = null;
    if (this.free.length < 4096) this.free.push(p);
  }
}
