// Builds the RunResult from the finished simulation. Objects are built field by field in a fixed
// order and host/counter maps follow the model and catalogue order, so JSON.stringify of the
// result is byte-identical for the same input and seed.
import type { ConnectionResult, ExpectationResult, HostResult, ListenerResult, RunResult, Timeline, UdpResult } from './result';
import type { Sim } from './sim';
import type { ConnRecord } from './world';
import { clientState, serverEntry, serverSock, serverState, timerText } from './inspect';

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
  const syns = sim.syns.byRecord(sim.conns, ms);
  // A connect line's connections share one destination: one string for them all.
  let remote = '';
  let remoteOf: ConnRecord | null = null;
  const connections: ConnectionResult[] = sim.conns.map((rec) => {
    const sk = serverEntry(rec);
    const srv = serverSock(rec, sk);
    if (!remoteOf || remoteOf.remoteAddr !== rec.remoteAddr || remoteOf.remotePort !== rec.remotePort) {
      remote = rec.remote;
      remoteOf = rec;
    }
    return {
      host: rec.app.host.name,
      app: rec.app.name,
      index: rec.index,
      local: rec.local,
      remote,
      result: rec.result,
      errno: rec.errno,
      connectMs: rec.connectUs >= 0 ? ms(rec.connectUs) : null,
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
  });
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
