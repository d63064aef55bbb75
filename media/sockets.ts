// The socket tables at the cursor time, as `ss -tan` and `ss -ltn` print them. States come from
// the run's state transitions when the engine provides them, else from the packets seen so far.
import type { ConnectionResult, ListenerResult, PacketEvent } from '../src/engine/result';
import type { RunMeta, SeriesInfo } from '../src/shared/webviewMessages';
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

  private valueAt(values: Float64Array | null, find: (s: SeriesInfo) => boolean): number | undefined {
    if (!values) return undefined;
    const s = this.meta.series.find((x) => x.kind === 'value' && find(x));
    return s ? values[s.index] : undefined;
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
    return this.meta.listeners.map((l) => {
      const v = this.valueAt(values, (s) => s.host === l.host && s.group.includes(String(l.port)) && /accept/i.test(s.name));
      const recvQ = v !== undefined ? String(v) : this.isEnd(t) ? String(l.acceptQueue) : '–';
      return { state: 'LISTEN', recvQ, sendQ: String(l.limit), local: `0.0.0.0:${l.port}`, peer: '0.0.0.0:*', process: `users:(("${l.app}"))` };
    });
  }
}

const HEAD = ['State', 'Recv-Q', 'Send-Q', 'Local Address:Port', 'Peer Address:Port', 'Process'];

export function renderTable(table: HTMLTableElement, rows: SocketRow[], caption: string): void {
  const head = el('tr', {}, ...HEAD.map((h) => el('th', { scope: 'col' }, h)));
  const body = rows.map((r) => el('tr', {}, ...[r.state, r.recvQ, r.sendQ, r.local, r.peer, r.process].map((v, i) =>
    el('td', i === 1 || i === 2 ? { class: 'num' } : {}, v))));
  const cols = el('colgroup', {}, ...['state', 'q', 'q', 'addr', 'addr', 'proc'].map((c) => el('col', { class: c })));
  table.replaceChildren(el('caption', {}, caption), cols, el('thead', {}, head), el('tbody', {}, ...body));
}
