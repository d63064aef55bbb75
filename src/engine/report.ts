// Builds the RunResult from the finished simulation. Objects are built field by field in a fixed
// order and host/counter maps follow the model and catalogue order, so JSON.stringify of the
// result is byte-identical for the same input and seed.
import type { ConnectionResult, ExpectationResult, HostResult, ListenerResult, RunResult, Timeline, UdpResult } from './result';
import type { Sim } from './sim';
import type { ConnRecord } from './conntable';
import type { App } from './world';
import { clientState, serverEntryAt, serverSock, serverState, timerText, type ServerEntry } from './inspect';

const ms = (us: number) => Math.round(us) / 1000;

export function buildResult(sim: Sim, seed: number, untilUs: number, expectations: ExpectationResult[], timeline: Timeline, aborted: boolean): RunResult {
  const hosts: Record<string, HostResult> = {};
  for (const h of sim.hosts) {
    hosts[h.name] = {
      counters: h.mib.toRecord(),
      sysctls: sim.sysctlTable(h).snapshot(h.model),
      addresses: [...h.model.addresses],
    };
  }
  const connections = buildConnections(sim);
  const listeners: ListenerResult[] = sim.listeners.map((l) => ({
    host: l.host.name,
    app: l.app.name,
    port: l.port,
    backlog: l.backlog,
    limit: l.limit,
    acceptQueue: l.acceptLen,
    synQueue: l.synQ.size,
  }));
  const udp: UdpResult[] = sim.udpSocks.map((u) => ({
    host: u.host.name,
    app: u.app.name,
    port: u.port,
    rcvbuf: u.rcvbuf,
    received: u.received,
    drops: u.drops,
    queued: u.rmem,
  }));
  const result: RunResult = {
    scenario: sim.model.name,
    kernel: sim.kernel,
    seed,
    durationMs: ms(untilUs),
    hosts,
    connections,
    listeners,
    udp,
    expectations,
    timeline,
    events: sim.events,
    eventsDropped: sim.eventsDropped,
  };
  if (aborted) result.aborted = true;
  result.stats = { events: sim.q.executed };
  return result;
}

/**
 * One fixed-shape literal per connection, into an array made at its final length: 100k of them
 * are built at once and all live on, so whatever else is allocated here is collector work.
 */
function buildConnections(sim: Sim): ConnectionResult[] {
  const conns = sim.conns;
  const syns = sim.syns.byId(ms);
  const out = new Array<ConnectionResult>(conns.length);
  // A connect line's connections share one destination (one string for them all) and an app's
  // share its names: each is made once per change.
  let remote = '';
  let remoteOf: ConnRecord | null = null;
  let app: App | null = null;
  let hostName = '';
  let appName = '';
  // `local` as one concatenation of shared pieces, `addr:` and the port's text: converting each
  // port anew would be one more string per connection (ports repeat across client hosts).
  const portText = new Array<string | undefined>(65536);
  let prefixOf: string | null = null;
  let prefix = '';
  for (let i = 0; i < conns.length; i++) {
    const rec = conns[i];
    if (rec.app !== app) {
      app = rec.app;
      hostName = app.host.name;
      appName = app.name;
    }
    if (!remoteOf || !rec.sameRemote(remoteOf)) {
      remote = rec.remote;
      remoteOf = rec;
    }
    const h = rec.serverHost;
    // null, not undefined, when there is none: undefined would make serverState look it up again.
    const sk: ServerEntry | null = h ? (serverEntryAt(h, rec.serverLaddrId, rec.serverLport, rec.serverRaddrId, rec.serverRport) ?? null) : null;
    const srv = serverSock(rec, sk);
    const connectUs = rec.connectUs;
    let local = '';
    const cs = rec.sock;
    const tw = rec.twRow;
    if (cs || tw >= 0) {
      const host = app.host;
      const a = cs ? cs.laddr : host.addrIds.addr(host.timeWait.laddrId[tw]);
      const port = cs ? cs.lport : host.timeWait.lport[tw];
      if (a !== prefixOf) prefix = (prefixOf = a) + ':';
      local = prefix + (portText[port] ??= String(port));
    }
    out[i] = {
      host: hostName,
      app: appName,
      index: rec.index,
      local,
      remote,
      result: rec.result,
      errno: rec.errno,
      connectMs: connectUs >= 0 ? ms(connectUs) : null,
      synSentMs: syns[rec.id],
      clientState: clientState(rec),
      sendQ: rec.sendQ,
      recvQ: rec.recvQ,
      serverState: serverState(rec, sk),
      accepted: rec.accepted,
      timer: timerText(sim, rec),
      lastErrno: rec.lastErrno,
      serverRecvQ: srv ? srv.recvQ : 0,
      serverSendQ: srv ? srv.sendQ : 0,
    };
  }
  return out;
}
