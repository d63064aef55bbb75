// Reading the simulation's state the way ss / the app would see it: connection fields, app
// metrics, timers. Shared by the results and the expectations.
import type { Sim } from './sim';
import { Req, STATE_NAMES, St, TcpSock, type App, type Host } from './world';
import type { ConnRecord } from './conntable';

export function clientState(rec: ConnRecord): string {
  const s = rec.sock;
  // The client's socket went to TIME_WAIT (the record may have let the full socket go).
  const tw = rec.twRow;
  if (tw >= 0 && (!s || s.state === St.TIME_WAIT)) return rec.app.host.timeWait.isDead(tw) ? 'CLOSE' : 'TIME-WAIT';
  if (!s) return 'none';
  return STATE_NAMES[s.state];
}

/** The server's socket for this connection: a full socket, a request (SYN-RECV), TIME_WAIT, or none. */
export function serverState(rec: ConnRecord, sk: ServerEntry | null = serverEntry(rec) ?? null): string {
  const h = rec.serverHost;
  if (!h || sk === null) return 'none';
  if (sk instanceof TcpSock) return STATE_NAMES[sk.state];
  // Request sockets: 3.10 keeps them in the listener's private table, which `ss` does not list;
  // since 4.4 they sit in the established hash and `ss` shows them as SYN-RECV.
  if (sk instanceof Req) return h.kernel === 'linux-3.10' ? 'none' : 'SYN-RECV';
  return 'TIME-WAIT';
}

export function serverSock(rec: ConnRecord, sk: ServerEntry | null = serverEntry(rec) ?? null): TcpSock | null {
  return sk instanceof TcpSock ? sk : null;
}

/** What the server's table holds for a connection: a socket, a request, or a TIME_WAIT row. */
export type ServerEntry = TcpSock | Req | number;

function serverEntry(rec: ConnRecord): ServerEntry | undefined {
  const h = rec.serverHost;
  if (!h) return undefined;
  return serverEntryAt(h, rec.serverLaddrId, rec.serverLport, rec.serverRaddrId, rec.serverRport);
}

/** The same with the addresses as AddressIds numbers (the results look up 100k of them). */
export function serverEntryAt(h: Host, laddrId: number, lport: number, raddrId: number, rport: number): ServerEntry | undefined {
  const key = h.socks.hash(laddrId, lport, raddrId, rport);
  return h.socks.get(key, laddrId, lport, raddrId, rport) ?? h.timeWait.lookup(key, laddrId, lport, raddrId, rport);
}

/** The retransmission timer as `ss -o` shows it: `on,<remaining>,<retransmits>`. */
export function timerText(sim: Sim, rec: ConnRecord): string | null {
  const s = rec.sock;
  if (!s || s.timerAt < 0 || s.state === St.FIN_WAIT2) return null;
  return `on,${formatUs(s.timerAt - sim.q.now)},${s.retransmits}`;
}

/** A duration in µs the way a person writes it: 127s, 1.208s, 608ms, 250us. */
export function formatUs(us: number): string {
  if (!Number.isFinite(us)) return String(us);
  const trim = (x: number) => String(Math.round(x * 1000) / 1000);
  if (Math.abs(us) >= 1e6) return `${trim(us / 1e6)}s`;
  if (Math.abs(us) >= 1e3) return `${trim(us / 1e3)}ms`;
  return `${trim(us)}us`;
}

export function connectionField(rec: ConnRecord, field: string): number | string | null {
  switch (field) {
    case 'result':
      return rec.result;
    case 'errno':
      return rec.errno ?? 'none';
    case 'connect_time':
      return rec.connectUs >= 0 ? rec.connectUs - rec.firstSynUs : failTime(rec);
    case 'state':
      return clientState(rec);
    case 'send_q':
      return rec.sendQ;
    case 'recv_q':
      return rec.recvQ;
    case 'server_state':
      return serverState(rec);
    case 'server_recv_q':
      return serverSock(rec)?.recvQ ?? 0;
    case 'accepted':
      return rec.accepted ? 1 : 0;
    case 'syn_count':
      return rec.synCount;
  }
  return null;
}

/** connect() returned an error: the time it took, else null (still waiting). */
function failTime(rec: ConnRecord): number | null {
  return rec.failUs >= 0 && rec.synCount > 0 ? rec.failUs - rec.firstSynUs : null;
}

export function appMetric(app: App, metric: string): number | null {
  const count = (r: ConnRecord['result']) => app.conns.reduce((n, c) => n + (c.result === r ? 1 : 0), 0);
  switch (metric) {
    case 'accepted':
      return app.accepted;
    case 'accept_errors':
      return app.acceptErrors;
    case 'bytes_read':
      return app.bytesRead;
    case 'established':
    case 'refused':
    case 'timedout':
    case 'reset':
    case 'pending':
      return count(metric);
    case 'accept_queue':
      return app.listeners.reduce((n, l) => n + l.acceptLen, 0);
    case 'syn_queue':
      return app.listeners.reduce((n, l) => n + l.synQ.size, 0);
    case 'udp_received':
      return app.udpSocks.reduce((n, u) => n + u.received, 0);
    case 'udp_drops':
      return app.udpSocks.reduce((n, u) => n + u.drops, 0);
    case 'rcvbuf':
      return app.udpSocks.length > 0 ? app.udpSocks[0].rcvbuf : null;
  }
  return null;
}
