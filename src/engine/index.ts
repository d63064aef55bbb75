// Public API of the engine: run a checked scenario and get its result. Pure and synchronous: the
// same model and seed always give the same result (compare JSON strings).
import type { Scenario } from '../dsl/model';
import type { ExpectationResult, PacketEvent, RunResult } from './result';
import { evaluate } from './expect';
import { buildResult } from './report';
import { Sim } from './sim';
import { Sampler } from './timeline';

export type { RunResult } from './result';

/** Which packet events to keep: a predicate, or a plain filter that survives structured clone. */
export type EventFilter = ((e: PacketEvent) => boolean) | { hosts?: string[]; kinds?: PacketEvent['kind'][]; conn?: string };

export interface RunOptions {
  /** Stop at this simulated time instead of the scenario's duration. */
  untilUs?: number;
  /** Override the scenario's seed. */
  seed?: number;
  /** Cap on `events` (packet log); the rest are counted in `eventsDropped`. Default 10,000. */
  maxEvents?: number;
  eventFilter?: EventFilter;
  /** Called now and then with the simulated time reached. */
  onProgress?: (simulatedUs: number, untilUs: number) => void;
  /** Checked between slices of events; an aborted run returns its state so far with `aborted`. */
  signal?: AbortSignal;
}

const SLICE = 200_000;

export function runScenario(model: Scenario, opts: RunOptions = {}): RunResult {
  const seed = opts.seed ?? model.seed;
  const untilUs = Math.max(0, opts.untilUs ?? model.durationUs);
  const sim = new Sim(model, { seed, untilUs, maxEvents: opts.maxEvents ?? 10_000, eventFilter: toPredicate(opts.eventFilter) });
  const sampler = new Sampler(sim, model.sampleUs, untilUs);
  sim.onSample = () => sampler.sample();
  sim.q.at(0, sim.EV_SAMPLE, null);

  const results = new Map<number, ExpectationResult>();
  const atTimes = [...new Set(model.expects.filter((e) => e.atUs !== null && e.atUs <= untilUs).map((e) => e.atUs!))].sort((a, b) => a - b);
  sim.onExpectAt = (atUs) => {
    model.expects.forEach((e, i) => {
      if (e.atUs === atUs) results.set(i, evaluate(sim, e));
    });
  };
  for (const t of atTimes) sim.q.at(t, sim.EV_EXPECT, null, t);

  let aborted = false;
  for (;;) {
    if (opts.signal?.aborted) {
      aborted = true;
      break;
    }
    const done = sim.q.run(untilUs, SLICE);
    opts.onProgress?.(done ? untilUs : sim.q.now, untilUs);
    if (done) break;
  }
  if (!aborted) sim.q.now = untilUs;

  const expectations = model.expects.map((e, i) => {
    const at = results.get(i);
    if (at) return at;
    if (e.atUs !== null) return { line: e.line, text: e.text, passed: false, actual: `not reached (the run ended at ${untilUs / 1e6}s)` };
    return evaluate(sim, e);
  });
  return buildResult(sim, seed, aborted ? sim.q.now : untilUs, expectations, sampler.result(), aborted);
}

function toPredicate(f: EventFilter | undefined): ((e: PacketEvent) => boolean) | undefined {
  if (!f || typeof f === 'function') return f;
  return (e) => (!f.hosts || f.hosts.includes(e.host)) && (!f.kinds || f.kinds.includes(e.kind)) && (!f.conn || e.conn === f.conn);
}
