// The timeline sampler: every sample interval it reads a fixed set of series (queues, buffers,
// rings, selected counters), each in O(1), so a sample costs O(series) however many sockets exist.
import type { Sim } from './sim';
import type { Timeline, TimelineSeries } from './result';
import type { Host, TcpSock } from './world';
import { counterIndex } from './counters';

/** Counters drawn on the timeline (only those that end up non-zero are kept). */
const SAMPLED_COUNTERS = [
  'TcpExtListenOverflows',
  'TcpExtListenDrops',
  'TcpExtTCPReqQFullDrop',
  'TcpExtTCPReqQFullDoCookies',
  'TcpExtSyncookiesSent',
  'TcpExtSyncookiesRecv',
  'TcpExtSyncookiesFailed',
  'TcpExtPAWSPassive',
  'TcpExtTCPSynRetrans',
  'TcpRetransSegs',
  'TcpOutRsts',
  'TcpEstabResets',
  'TcpAttemptFails',
  'UdpRcvbufErrors',
  'UdpInDatagrams',
  'rx_missed_errors',
  'SoftnetTimeSqueeze',
];

/** Keep the sample count bounded for very long scenarios. */
const MAX_SAMPLES = 20_000;

interface Probe {
  series: TimelineSeries;
  read: () => number;
}

export class Sampler {
  readonly t: number[] = [];
  private readonly probes: Probe[] = [];
  private readonly counterProbes: Probe[] = [];
  private socketCount = 0;
  readonly intervalUs: number;

  constructor(
    private readonly sim: Sim,
    sampleUs: number,
    private readonly untilUs: number,
  ) {
    this.intervalUs = Math.max(sampleUs > 0 ? sampleUs : 100_000, Math.ceil(untilUs / MAX_SAMPLES));
    for (const l of sim.listeners) {
      const base = `${l.host.name}/listen:${l.port}`;
      const group = `listen:${l.port}`;
      this.add(`${base}/acceptQueue`, l.host, group, 'acceptQueue', 'count', () => l.acceptLen, l.limit);
      const synLimit = l.host.kernel === 'linux-3.10' ? 1 << l.maxQlenLog : l.limit;
      this.add(`${base}/synQueue`, l.host, group, 'synQueue', 'count', () => l.synQ.size, synLimit);
    }
    for (const u of sim.udpSocks) {
      this.add(`${u.host.name}/udp:${u.port}/rmem`, u.host, `udp:${u.port}`, 'rmem', 'bytes', () => u.rmem, u.rcvbuf);
    }
    for (const h of sim.hosts) {
      const nic = h.nic;
      if (nic) {
        this.add(`${h.name}/nic:${nic.name}/ring`, h, `nic:${nic.name}`, 'ring', 'packets', () => nic.ringLen, nic.rxRing);
        // A burst shorter than the sample interval fills and drains the ring between two samples:
        // the high-water mark since the previous sample shows it.
        this.add(`${h.name}/nic:${nic.name}/ringPeak`, h, `nic:${nic.name}`, 'ringPeak', 'packets', () => nic.takePeak(), nic.rxRing);
      }
      if (h.apps.some((a) => a.listeners.length > 0 || a.model.connects.length > 0)) {
        this.add(`${h.name}/tcp/recvQ`, h, 'tcp', 'recvQ', 'bytes', () => h.recvQTotal);
        this.add(`${h.name}/tcp/sendQ`, h, 'tcp', 'sendQ', 'bytes', () => h.sendQTotal);
      }
      for (const name of SAMPLED_COUNTERS) {
        if (h.mib.get(name) === undefined) continue;
        const series: TimelineSeries = { id: `${h.name}/counters/${name}`, host: h.name, group: 'counters', name, unit: 'count', values: [] };
        const values = h.mib.values;
        const id = counterIndex(name);
        this.counterProbes.push({ series, read: () => values[id] });
      }
    }
  }

  private add(id: string, host: Host, group: string, name: string, unit: TimelineSeries['unit'], read: () => number, limit?: number): void {
    const series: TimelineSeries = { id, host: host.name, group, name, unit, values: new Array(this.t.length).fill(0) };
    if (limit !== undefined) series.limit = limit;
    this.probes.push({ series, read });
  }

  /** Adds series for the first sockets that got data (MAX_DATA_SOCKS; the rest are in the host totals), back-filled with 0. */
  private addSockets(): void {
    const socks = this.sim.dataSocks;
    while (this.socketCount < socks.length) {
      const s: TcpSock = socks[this.socketCount++];
      const group = `tcp:${s.laddr}:${s.lport}>${s.raddr}:${s.rport}`;
      this.add(`${s.host.name}/${group}/recvQ`, s.host, group, 'recvQ', 'bytes', () => s.recvQ);
      this.add(`${s.host.name}/${group}/sendQ`, s.host, group, 'sendQ', 'bytes', () => s.sendQ);
    }
  }

  /** Takes one sample now and schedules the next. */
  sample(): void {
    const now = this.sim.q.now;
    this.addSockets();
    this.t.push(now / 1000);
    for (const p of this.probes) p.series.values.push(p.read());
    for (const p of this.counterProbes) p.series.values.push(p.read());
    const next = now + this.intervalUs;
    if (next <= this.untilUs) this.sim.q.at(next, this.sim.EV_SAMPLE, null);
  }

  result(): Timeline {
    const series = this.probes.map((p) => p.series);
    for (const p of this.counterProbes) {
      const v = p.series.values;
      if (v.length > 0 && v[v.length - 1] !== 0) series.push(p.series);
    }
    return { t: this.t, series };
  }
}
