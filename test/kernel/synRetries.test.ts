// SYN retransmission schedule and ETIMEDOUT on this machine's kernel: the client's SYNs are
// dropped by nftables in the server namespace; an AF_PACKET capture in the client namespace
// timestamps every SYN that leaves. docs/kernel-behaviour.md §a predicts the schedule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FactRecorder } from './facts';
import { CLIENT_IF, labCapability, NetnsLab, nsExec, requireOrSkip, SERVER_IP } from './netns';

const cap = await labCapability();
const PORT = 5001;

interface SynResult {
  errno: string | null;
  elapsedMs: number;
  synMs: number[];
}

interface Case {
  name: string;
  synRetries: number;
  linear: number | null; // tcp_syn_linear_timeouts; null = kernel default
}

const cases: Case[] = [
  { name: 'retries1', synRetries: 1, linear: null },
  { name: 'retries2', synRetries: 2, linear: null },
  { name: 'retries3', synRetries: 3, linear: null },
  { name: 'retries3-linear0', synRetries: 3, linear: 0 },
];

/** The ≥ 6.5 rule (docs §a): linear 1 s gaps for the first `linear` retransmissions, then
 * doubling; give up at the first firing where `retries + linear` retransmissions were sent or
 * the time budget (2^(retries+1) − 1) s has passed. Returns SYN offsets and the give-up time. */
export function modelSynSchedule(retries: number, linear: number): { synS: number[]; timeoutS: number } {
  const budget = retries <= 6 ? 2 ** (retries + 1) - 1 : 127 + (retries - 6) * 120;
  const synS = [0];
  let t = 0;
  let rto = 1;
  for (let sent = 0; ; sent++) {
    t += rto;
    if (sent >= retries + linear || (sent > 0 && t >= budget)) return { synS, timeoutS: t };
    synS.push(t);
    if (sent + 1 > linear) rto = Math.min(rto * 2, 120);
  }
}

const run = requireOrSkip(cap, 'SYN retry measurements');
const lab = new NetnsLab('syn');
const facts = new FactRecorder();
const results = new Map<string, SynResult>();
let defaultLinear = 0;

describe.runIf(run)('SYN retransmission on the real kernel', () => {
  beforeAll(async () => {
    expect(cap.ok, cap.reason).toBe(true);
    await Promise.all(
      cases.map(async (c) => {
        const { client, server } = await lab.pair();
        await lab.nft(
          server,
          `table inet lab {\n chain input {\n  type filter hook input priority 0; policy accept;\n` +
            `  tcp dport ${PORT} tcp flags & (syn | ack) == syn drop\n }\n}\n`,
        );
        await lab.sysctl(client, 'net.ipv4.tcp_syn_retries', c.synRetries);
        if (c.linear !== null) await lab.sysctl(client, 'net.ipv4.tcp_syn_linear_timeouts', c.linear);
        else defaultLinear = Number(await nsExec(client, ['cat', '/proc/sys/net/ipv4/tcp_syn_linear_timeouts']));
        results.set(c.name, await lab.probe<SynResult>(client, ['syn', '--iface', CLIENT_IF, '--dst', SERVER_IP, '--port', String(PORT)]));
      }),
    );
  }, 45_000);

  afterAll(async () => {
    await lab.cleanup();
    facts.flush();
  });

  for (const c of cases) {
    it(`tcp_syn_retries=${c.synRetries}${c.linear === null ? '' : `, tcp_syn_linear_timeouts=${c.linear}`}: schedule and ETIMEDOUT`, () => {
      const r = results.get(c.name)!;
      const linear = c.linear ?? defaultLinear;
      const model = modelSynSchedule(c.synRetries, linear);
      expect(r.errno).toBe('ETIMEDOUT');
      expect(r.synMs.length).toBe(model.synS.length);
      // Timers never fire early; the timer wheel may fire them late (≤ 256 ms per 4–8 s timer at HZ=250).
      r.synMs.forEach((ms, i) => {
        expect(ms).toBeGreaterThanOrEqual(model.synS[i] * 1000 - 5);
        expect(ms).toBeLessThanOrEqual(model.synS[i] * 1000 + 150 * i + 100);
      });
      expect(r.elapsedMs).toBeGreaterThanOrEqual(model.timeoutS * 1000 - 5);
      expect(r.elapsedMs).toBeLessThanOrEqual(model.timeoutS * 1000 + 1500);
      facts.record(`syn.${c.name}`, {
        what: `connect() with every SYN dropped, tcp_syn_retries=${c.synRetries}, tcp_syn_linear_timeouts=${linear}`,
        how: 'nftables drops SYNs in the server netns; AF_PACKET capture with SO_TIMESTAMPNS in the client netns; blocking connect() timed in python3',
        value: {
          errno: r.errno,
          synSentMs: r.synMs.map((x) => Math.round(x)),
          etimedoutMs: Math.round(r.elapsedMs),
          modelSynS: model.synS,
          modelTimeoutS: model.timeoutS,
        },
      });
    });
  }

  it('the default tcp_syn_linear_timeouts is 4 (6.5+), so the default schedule is 131 s', () => {
    expect(defaultLinear).toBe(4);
    expect(modelSynSchedule(6, defaultLinear)).toEqual({ synS: [0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67], timeoutS: 131 });
    facts.record('syn.defaultLinearTimeouts', {
      what: 'net.ipv4.tcp_syn_linear_timeouts default',
      how: 'read /proc/sys/net/ipv4/tcp_syn_linear_timeouts',
      value: defaultLinear,
    });
  });
});

describe('SYN schedule model (docs/kernel-behaviour.md §a)', () => {
  it('matches the pre-6.5 schedule with no linear timeouts', () => {
    expect(modelSynSchedule(6, 0)).toEqual({ synS: [0, 1, 3, 7, 15, 31, 63], timeoutS: 127 });
    expect(modelSynSchedule(2, 0)).toEqual({ synS: [0, 1, 3], timeoutS: 7 });
  });
  it('matches the 6.8 table', () => {
    expect(modelSynSchedule(1, 4)).toEqual({ synS: [0, 1, 2], timeoutS: 3 });
    expect(modelSynSchedule(2, 4)).toEqual({ synS: [0, 1, 2, 3, 4, 5], timeoutS: 7 });
    expect(modelSynSchedule(3, 4).timeoutS).toBe(19);
    expect(modelSynSchedule(5, 4).timeoutS).toBe(67);
  });
});
