// Property tests over generated scenarios: conservation of SYNs and datagrams, determinism,
// monotonic time, counters that never go down.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine';
import type { PacketEvent, RunResult } from '../../src/engine/result';
import { modelOf } from './helpers';

interface Params {
  kernel: string;
  backlog: number;
  somaxconn: number;
  syncookies: number;
  synackRetries: number;
  clients: number;
  everyMs: number;
  latencyUs: number;
  lossPct: number;
  dropSynPct: number;
  stopAt: number | null;
  nofile: number | null;
  readOff: boolean;
  closeAfterMs: number | null;
  udpRate: number;
  udpCount: number;
  rcvbufKiB: number;
  ring: number | null;
  seed: number;
}

const params: fc.Arbitrary<Params> = fc.record({
  kernel: fc.constantFrom('linux-3.10', 'linux-4.19', 'linux-6.8'),
  backlog: fc.integer({ min: 1, max: 20 }),
  somaxconn: fc.integer({ min: 1, max: 256 }),
  syncookies: fc.integer({ min: 0, max: 2 }),
  synackRetries: fc.integer({ min: 1, max: 5 }),
  clients: fc.integer({ min: 1, max: 40 }),
  everyMs: fc.integer({ min: 1, max: 500 }),
  latencyUs: fc.integer({ min: 50, max: 5000 }),
  lossPct: fc.constantFrom(0, 0, 1, 10),
  dropSynPct: fc.constantFrom(0, 0, 30),
  stopAt: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
  nofile: fc.option(fc.integer({ min: 4, max: 12 }), { nil: null }),
  readOff: fc.boolean(),
  closeAfterMs: fc.option(fc.integer({ min: 10, max: 3000 }), { nil: null }),
  udpRate: fc.integer({ min: 100, max: 50000 }),
  udpCount: fc.integer({ min: 0, max: 2000 }),
  rcvbufKiB: fc.integer({ min: 4, max: 256 }),
  ring: fc.option(fc.constantFrom(16, 64, 256), { nil: null }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

function scenarioText(p: Params): string {
  return `
scenario "generated" {
  kernel ${p.kernel}
  duration 30s
  seed ${p.seed}
}
host client {
  address 10.0.0.1
  app load {
    connect tcp server:80 count ${p.clients} every ${p.everyMs}ms start 0s
    send 100B
    read all
    ${p.closeAfterMs === null ? '' : `close after ${p.closeAfterMs}ms`}
  }
  app gen {
    ${p.udpCount > 0 ? `udp send server:5000 rate ${p.udpRate}/s size 1000B count ${p.udpCount} start 100ms` : ''}
  }
}
host server {
  address 10.0.0.2
  sysctl net.core.somaxconn = ${p.somaxconn}
  sysctl net.ipv4.tcp_syncookies = ${p.kernel === 'linux-3.10' && p.syncookies === 2 ? 1 : p.syncookies}
  sysctl net.ipv4.tcp_synack_retries = ${p.synackRetries}
  ${p.ring === null ? '' : `nic eth0 rx-ring ${p.ring} irq-delay 20us`}
  app web {
    ${p.nofile === null ? '' : `nofile ${p.nofile} used 3`}
    listen tcp 80 backlog ${p.backlog}
    accept every 0s
    read ${p.readOff ? 'off' : 'all'}
    ${p.closeAfterMs === null ? '' : `close after ${p.closeAfterMs}ms`}
  }
  app sink {
    udp bind 5000 rcvbuf ${p.rcvbufKiB}KiB read 2000/s
  }
}
link client <-> server latency ${p.latencyUs}us loss ${p.lossPct}%
${p.dropSynPct > 0 ? `drop syn to server:80 chance ${p.dropSynPct}%` : ''}
${p.stopAt === null ? '' : `at ${p.stopAt}s stop server.web\nat ${p.stopAt + 10}s continue server.web`}
`;
}

const run = (p: Params): RunResult => runScenario(modelOf(scenarioText(p)), { maxEvents: 5_000_000 });

const PRE_STACK = /^(link loss|drop rule|RX ring|no NAT|no host)/;

describe('engine properties', () => {
  it('conservation: every SYN and datagram sent is received, dropped with a reason, or still in flight', () => {
    fc.assert(
      fc.property(params, (p) => {
        const r = run(p);
        expect(r.eventsDropped).toBe(0);
        const until = r.durationMs;
        const latencyMs = p.latencyUs / 1000;
        const ring = r.timeline.series.find((s) => s.id === 'server/nic:eth0/ring');
        const inRing = ring ? ring.values[ring.values.length - 1] : 0;
        const count = (pred: (e: PacketEvent) => boolean) => r.events.filter(pred).length;
        for (const kind of ['S', 'udp']) {
          const isKind = (e: PacketEvent) => e.flags === kind;
          const sent = count((e) => e.kind === 'send' && isKind(e));
          const received = count((e) => e.kind === 'recv' && isKind(e));
          const lost = count((e) => e.kind === 'drop' && isKind(e) && PRE_STACK.test(e.reason ?? ''));
          const inFlight = count((e) => e.kind === 'send' && isKind(e) && e.t + latencyMs > until);
          const pending = sent - received - lost;
          expect(pending).toBeGreaterThanOrEqual(0);
          expect(pending).toBeLessThanOrEqual(inFlight + inRing);
        }
        // Each SYN the server's stack receives is answered (SYN-ACK, RST, ACK) or dropped with a counter.
        r.events.forEach((e, i) => {
          if (e.kind !== 'recv' || e.flags !== 'S' || e.host !== 'server') return;
          const next = r.events[i + 1];
          expect(next && next.host === 'server' && next.t === e.t).toBe(true);
          const answered = next.kind === 'send' && ['S.', 'R.', '.'].includes(next.flags);
          const counted = next.kind === 'drop' && typeof next.counter === 'string';
          expect(answered || counted).toBe(true);
        });
        // Each datagram that reached the UDP layer was queued or dropped with a counter.
        const udpAtStack = count((e) => e.kind === 'recv' && e.flags === 'udp' && e.host === 'server');
        const u = r.udp[0];
        expect(u.received + u.drops).toBe(udpAtStack);
        expect(r.hosts.server.counters.UdpInErrors).toBe(u.drops);
      }),
      { numRuns: 30 },
    );
  });

  it('determinism: the same model and seed give byte-identical JSON', () => {
    fc.assert(
      fc.property(params, (p) => {
        const a = JSON.stringify(runScenario(modelOf(scenarioText(p))));
        const b = JSON.stringify(runScenario(modelOf(scenarioText(p))));
        expect(a).toBe(b);
      }),
      { numRuns: 10 },
    );
  });

  it('time only moves forward and counters never decrease', () => {
    fc.assert(
      fc.property(params, (p) => {
        const r = run(p);
        for (let i = 1; i < r.events.length; i++) expect(r.events[i].t).toBeGreaterThanOrEqual(r.events[i - 1].t);
        for (let i = 1; i < r.timeline.t.length; i++) expect(r.timeline.t[i]).toBeGreaterThan(r.timeline.t[i - 1]);
        for (const s of r.timeline.series.filter((x) => x.group === 'counters')) {
          for (let i = 1; i < s.values.length; i++) expect(s.values[i], s.id).toBeGreaterThanOrEqual(s.values[i - 1]);
        }
        for (const s of r.timeline.series) expect(s.values).toHaveLength(r.timeline.t.length);
      }),
      { numRuns: 20 },
    );
  });
});
