// The socket tables at the cursor time, as `ss -tan`, `ss -ltn` and `ss -uan` print them. States come
// from the run's state transitions when the engine provides them, else from the packets seen so far.
import type { ConnectionResult, ListenerResult, PacketEvent } from '../src/engine/result';
import type { RunMeta } from '../src/shared/webviewMessages';
import { el } from './format';

/** Final server-side queues, when the engine reports them. */
type ServerQueues = ConnectionResult & { serverRecvQ?: number; serverSendQ?: number };

const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

export const connKey = (c: { host: string; app: string; index: number }): string => `${c.host}/${c.app}#${c.index}`;

export interface SocketRow {
  state: string;
  recvQ: string;
  sendQ: string;
  local: string;
  peer: string;
  process: string;
}

/** `ss -uanm` adds skmem: `d` (drops, also /proc/net/udp's last column) and `rb` (sk_rcvbuf). */
export interface UdpRow extends SocketRow {
  drops: string;
  rcvbuf: string;
}

export class SocketModel {
  private readonly eventsByConn = new Map<string, PacketEvent[]>();
  /** Untagged events by their address pair, either direction. */
  private readonly eventsByPair = new Map<string, PacketEvent[]>();
  private readonly hostOfAddress = new Map<string, string>();
  private socketIndex: Map<string, number> | undefined;

  constructor(private readonly meta: RunMeta) {
    const add = (map: Map<string, PacketEvent[]>, k: string, e: PacketEvent) => {
      const list = map.get(k);
      if (list) list.push(e);
      else map.set(k, [e]);
    };
    for (const e of meta.events) {
      if (e.conn) add(this.eventsByConn, e.conn, e);
      else add(this.eventsByPair, pairKey(e.src, e.dst), e);
    }
    for (const [name, h] of Object.entries(meta.hosts)) for (const a of h.addresses) this.hostOfAddress.set(a, name);
  }

  /** The connection's packets in time order (those the run's capped event log kept). */
  eventsOf(c: ConnectionResult): PacketEvent[] {
    return this.eventsByConn.get(connKey(c)) ?? this.eventsByPair.get(pairKey(c.local, c.remote)) ?? [];
  }

  /** The host that owns an `addr:port` endpoint, if it is one of the run's hosts. */
  hostOf(endpoint: string): string | undefined {
    return this.hostOfAddress.get(endpoint.replace(/:\d+$/, ''));
  }

  isEnd(t: number): boolean {
    return t >= this.meta.t1;
  }

  state(c: ConnectionResult, side: 'client' | 'server', t: number): string {
    if (this.isEnd(t)) return side === 'client' ? c.clientState : c.serverState;
    if (c.transitions) {
      let s = 'none';
      for (const x of c.transitions) if (x.side === side && x.t <= t) s = x.state;
      return s;
    }
    return side === 'client' ? this.clientFromEvents(c, t) : this.serverFromEvents(c, t);
  }

  private clientFromEvents(c: ConnectionResult, t: number): string {
    if (!c.synSentMs.length || c.synSentMs[0] > t) return 'none';
    if (c.connectMs === null || c.connectMs > t) return 'SYN-SENT';
    if (c.result === 'refused' || c.result === 'timedout') return 'none';
    let s = 'ESTAB';
    for (const e of this.eventsOf(c)) {
      if (e.t > t) break;
      if (e.host !== c.host) continue;
      if (e.kind === 'recv' && e.flags.startsWith('R')) s = 'none';
      else if (e.kind === 'send' && e.flags.startsWith('F')) s = s === 'CLOSE-WAIT' ? 'LAST-ACK' : 'FIN-WAIT-1';
      else if (e.kind === 'recv' && e.flags.startsWith('F')) s = s === 'ESTAB' ? 'CLOSE-WAIT' : 'TIME-WAIT';
    }
    return s;
  }

  private serverFromEvents(c: ConnectionResult, t: number): string {
    let s = 'none';
    let before = s;
    let last: PacketEvent | undefined;
    for (const e of this.eventsOf(c)) {
      if (e.t > t) break;
      if (e.host === c.host) continue;
      // The packet just received was dropped by the stack after all (e.g. the accept queue was full).
      if (e.kind === 'drop' && last && last.kind === 'recv' && last.t === e.t && last.flags === e.flags) s = before;
      before = s;
      last = e;
      if (e.kind === 'recv' && e.flags === 'S') s = s === 'none' ? 'SYN-RECV' : s;
      else if (e.kind === 'recv' && s === 'SYN-RECV' && (e.flags === '.' || e.flags.startsWith('P'))) s = 'ESTAB';
      else if ((e.kind === 'send' || e.kind === 'recv') && e.flags.startsWith('R')) s = 'none';
    }
    return s;
  }

  /** A socket's own series (`host`, `group`, a name matching `name`) at the cursor; else its value
   * at the end of the run when the cursor is there; else unknown. */
  private at(t: number, values: Float64Array | null, host: string, group: string, name: RegExp, end?: number): string {
    const s = values && this.meta.series.find((x) => x.kind === 'value' && x.host === host && x.group === group && name.test(x.name));
    if (values && s) return String(values[s.index]);
    return this.isEnd(t) && end !== undefined ? String(end) : '–';
  }

  /** Per-socket queue series by `<conn>|<side>|<recv|send>` and by `<4-tuple group>|<recv|send>`. */
  private socketSeries(): Map<string, number> {
    if (this.socketIndex) return this.socketIndex;
    const index = new Map<string, number>();
    for (const s of this.meta.series) {
      const which = /recv/i.test(s.name) ? 'recv' : /send/i.test(s.name) ? 'send' : undefined;
      if (s.kind !== 'value' || !which) continue;
      if (s.conn) index.set(`${s.conn}|${s.side ?? 'client'}|${which}`, s.index);
      else if (s.group.startsWith('tcp:')) index.set(`${s.group}|${which}`, s.index);
    }
    return (this.socketIndex = index);
  }

  private queue(c: ConnectionResult, side: 'client' | 'server', which: 'recv' | 'send', t: number, values: Float64Array | null): string {
    // Per-socket series name their connection, or else their 4-tuple as `tcp:local>peer`.
    const tuple = side === 'client' ? `tcp:${c.local}>${c.remote}` : `tcp:${c.remote}>${c.local}`;
    const index = this.socketSeries();
    const i = index.get(`${connKey(c)}|${side}|${which}`) ?? index.get(`${tuple}|${which}`);
    if (values && i !== undefined) return String(values[i]);
    if (this.isEnd(t)) {
      const end = side === 'client' ? (which === 'recv' ? c.recvQ : c.sendQ)
        : which === 'recv' ? (c as ServerQueues).serverRecvQ : (c as ServerQueues).serverSendQ;
      if (end !== undefined) return String(end);
    }
    return '–';
  }

  sockets(t: number, values: Float64Array | null): SocketRow[] {
    const rows: SocketRow[] = [];
    for (const c of this.meta.connections) {
      const cs = this.state(c, 'client', t);
      if (cs !== 'none') {
        rows.push({
          state: cs, recvQ: this.queue(c, 'client', 'recv', t, values), sendQ: this.queue(c, 'client', 'send', t, values),
          local: c.local, peer: c.remote, process: `users:(("${c.app}"))`,
        });
      }
      const ss = this.state(c, 'server', t);
      if (ss !== 'none') {
        const l = this.listenerFor(c);
        const owned = ss !== 'SYN-RECV' && (c.accepted || !this.isEnd(t)) && l;
        rows.push({
          state: ss, recvQ: this.queue(c, 'server', 'recv', t, values), sendQ: this.queue(c, 'server', 'send', t, values),
          local: c.remote, peer: c.local, process: owned && c.accepted ? `users:(("${l.app}"))` : '',
        });
      }
    }
    return rows;
  }

  private listenerFor(c: ConnectionResult): ListenerResult | undefined {
    const host = this.hostOf(c.remote);
    const port = Number(c.remote.split(':').pop());
    return this.meta.listeners.find((l) => l.port === port && (host === undefined || l.host === host));
  }

  listeners(t: number, values: Float64Array | null): SocketRow[] {
    return this.meta.listeners.map((l) => ({
      state: 'LISTEN', recvQ: this.at(t, values, l.host, `listen:${l.port}`, /accept/i, l.acceptQueue), sendQ: String(l.limit),
      local: `0.0.0.0:${l.port}`, peer: '0.0.0.0:*', process: `users:(("${l.app}"))`,
    }));
  }

  /** Bound, unconnected UDP sockets: Recv-Q is sk_rmem_alloc (the buffer-occupancy series). */
  udp(t: number, values: Float64Array | null): UdpRow[] {
    return this.meta.udp.map((u) => {
      const group = `udp:${u.port}`;
      return {
        state: 'UNCONN', recvQ: this.at(t, values, u.host, group, /rmem|recv/i, u.queued), sendQ: '0',
        local: `0.0.0.0:${u.port}`, peer: '0.0.0.0:*', process: `users:(("${u.app}"))`,
        drops: this.at(t, values, u.host, group, /drop/i, u.drops), rcvbuf: String(u.rcvbuf),
      };
    });
  }
}

interface Column {
  head: string;
  key: keyof UdpRow;
  /** The <col> class that sizes it. */
  col: string;
  num?: boolean;
}

const SS_COLUMNS: Column[] = [
  { head: 'State', key: 'state', col: 'state' },
  { head: 'Recv-Q', key: 'recvQ', col: 'q', num: true },
  { head: 'Send-Q', key: 'sendQ', col: 'q', num: true },
  { head: 'Local Address:Port', key: 'local', col: 'addr' },
  { head: 'Peer Address:Port', key: 'peer', col: 'addr' },
  { head: 'Process', key: 'process', col: 'proc' },
];

export const UDP_COLUMNS: Column[] = [
  ...SS_COLUMNS,
  { head: 'Drops', key: 'drops', col: 'n', num: true },
  { head: 'Rcvbuf', key: 'rcvbuf', col: 'n', num: true },
];

export function renderTable<R extends SocketRow>(table: HTMLTableElement, rows: R[], caption: string, columns: Column[] = SS_COLUMNS): void {
  const head = el('tr', {}, ...columns.map((c) => el('th', { scope: 'col' }, c.head)));
  const body = rows.map((r) => el('tr', {}, ...columns.map((c) => el('td', c.num ? { class: 'num' } : {}, (r as Partial<UdpRow>)[c.key] ?? ''))));
  const cols = el('colgroup', {}, ...columns.map((c) => el('col', { class: c.col })));
  table.replaceChildren(el('caption', {}, caption), cols, el('thead', {}, head), el('tbody', {}, ...body));
}
