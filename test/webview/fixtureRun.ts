// A small hand-shaped RunResult: stands in for the engine's output until src/engine exists.
import type { PacketEvent, RunResult, TimelineSeries } from '../../src/engine/result';

export function fixtureRun(): RunResult {
  const t = Array.from({ length: 301 }, (_, i) => i * 100);
  const acceptQ = t.map((ms) => Math.min(11, Math.max(0, Math.floor(ms / 1000) - 4)));
  const series: TimelineSeries[] = [
    { id: 'server/listen:8080/acceptQueue', host: 'server', group: 'listen:8080', name: 'acceptQueue', unit: 'count', limit: 10, values: acceptQ },
    { id: 'server/listen:8080/synQueue', host: 'server', group: 'listen:8080', name: 'synQueue', unit: 'count', limit: 128, values: t.map(() => 0) },
    { id: 'server/counters/TcpExtListenOverflows', host: 'server', group: 'counters', name: 'TcpExtListenOverflows', unit: 'count', values: t.map((ms) => Math.max(0, Math.floor(ms / 1000) - 15) * 3) },
    { id: 'client/conn:client/load#0/sendQ', host: 'client', group: 'sockets', name: 'sendQ', unit: 'bytes', conn: 'client/load#0', side: 'client', values: t.map((ms) => (ms >= 1000 && ms < 1200 ? 4 : 0)) },
  ];
  const events: PacketEvent[] = [];
  const conn = 'client/load#0';
  const a = '10.0.0.1:40000';
  const b = '10.0.0.2:8080';
  const ev = (t: number, kind: PacketEvent['kind'], host: string, src: string, dst: string, flags: string, len = 0, extra: Partial<PacketEvent> = {}) =>
    events.push({ t, kind, host, src, dst, proto: 'tcp', flags, len, conn, ...extra });
  ev(1000, 'send', 'client', a, b, 'S');
  ev(1000.5, 'recv', 'server', a, b, 'S');
  ev(1000.5, 'send', 'server', b, a, 'S.');
  ev(1001, 'recv', 'client', b, a, 'S.');
  ev(1001, 'send', 'client', a, b, '.');
  ev(1001.5, 'drop', 'server', a, b, '.', 0, { reason: 'accept queue full', counter: 'TcpExtListenOverflows' });
  ev(1001, 'send', 'client', a, b, 'P.', 4);
  ev(1001.5, 'drop', 'server', a, b, 'P.', 4, { reason: 'accept queue full', counter: 'TcpExtListenDrops' });
  ev(1201, 'send', 'client', a, b, 'P.', 4, { retransmit: true });
  ev(1201.5, 'recv', 'server', a, b, 'P.', 4, { retransmit: true });
  return {
    scenario: 'fixture somaxconn', kernel: 'linux-3.10', seed: 1, durationMs: 30_000,
    hosts: {
      client: { counters: { TcpExtTCPSynRetrans: 0 }, sysctls: {}, addresses: ['10.0.0.1'] },
      server: { counters: { TcpExtListenOverflows: 42, TcpExtListenDrops: 42 }, sysctls: { 'net.core.somaxconn': 128 }, addresses: ['10.0.0.2'] },
    },
    connections: [{
      host: 'client', app: 'load', index: 0, local: a, remote: b, result: 'established', errno: null, connectMs: 1001,
      synSentMs: [1000], clientState: 'ESTAB', sendQ: 0, recvQ: 0, serverState: 'ESTAB', accepted: true, timer: null,
    }],
    listeners: [{ host: 'server', app: 'nc', port: 8080, backlog: 10, limit: 10, acceptQueue: 11, synQueue: 0 }],
    udp: [],
    expectations: [
      { line: 20, text: 'expect server.nc.accept_queue == 11', passed: true, actual: '11' },
      { line: 21, text: 'expect server.TcpExtListenOverflows == 0', passed: false, actual: '42' },
    ],
    timeline: { t, series },
    events,
    eventsDropped: 0,
  };
}
