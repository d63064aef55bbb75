// `netscenario run FILE [--json] [--until T] [--seed N] [--events N]`: runs a scenario in the
// engine and prints a summary (connection outcomes per group, listeners as `ss -ltn` shows them,
// non-zero counters as `nstat` does, expectation results), or the whole result as JSON.
// Exit 0 when every expectation passes, 1 when one fails, 2 on a scenario error.
import { readFileSync } from 'node:fs';
import { analyze } from '../dsl';
import { runScenario } from '../engine';
import type { ConnectionResult, RunResult } from '../engine/result';
import { formatDiagnostic } from './check';

const EXIT_FAIL = 1;
const EXIT_ERROR = 2;
const USAGE = 'Usage: netscenario run FILE [--json] [--until T] [--seed N] [--events N]\n';

interface RunArgs {
  file: string;
  json: boolean;
  untilUs?: number;
  seed?: number;
  events?: number;
}

const TIME_UNITS: Record<string, number> = { ns: 1e-3, us: 1, µs: 1, ms: 1e3, s: 1e6, min: 60e6, h: 3600e6 };

/** `300s`, `2min`, `500ms`; a bare number is seconds. */
export function parseTime(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|min|h)?$/.exec(text);
  if (!m) return null;
  return Math.round(Number(m[1]) * TIME_UNITS[m[2] ?? 's']);
}

function parseArgs(args: string[]): RunArgs | string {
  const out: Partial<RunArgs> = { json: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      if (a === '--json') out.json = true;
      else if (a === '--until') {
        const t = parseTime(value());
        if (t === null) return `--until wants a time such as 300s or 2min`;
        out.untilUs = t;
      } else if (a === '--seed' || a === '--events') {
        const v = value();
        if (!/^\d+$/.test(v)) return `${a} wants a non-negative integer, not '${v}'`;
        if (a === '--seed') out.seed = Number(v);
        else out.events = Number(v);
      } else if (a.startsWith('-') && a !== '-') return `unknown option '${a}'`;
      else if (out.file === undefined) out.file = a;
      else return `only one FILE, got '${out.file}' and '${a}'`;
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (out.file === undefined) return 'no file given';
  return out as RunArgs;
}

export async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`netscenario run: ${parsed}\n${USAGE}`);
    return EXIT_ERROR;
  }
  let text: string;
  try {
    text = readFileSync(parsed.file === '-' ? 0 : parsed.file, 'utf8');
  } catch (e) {
    process.stderr.write(`${parsed.file}: error: cannot read file: ${(e as Error).message}\n`);
    return EXIT_ERROR;
  }
  const { model, diagnostics } = analyze(text, parsed.file);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !model) {
    for (const d of errors) process.stderr.write(formatDiagnostic(parsed.file, d) + '\n');
    if (errors.length === 0) process.stderr.write(`${parsed.file}: error: the scenario could not be checked\n`);
    return EXIT_ERROR;
  }
  // A reader that goes away early (`| head`) is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  const result = runScenario(model, { untilUs: parsed.untilUs, seed: parsed.seed, maxEvents: parsed.events });
  process.stdout.write(parsed.json ? JSON.stringify(result, null, 2) + '\n' : summary(result, parsed.file));
  return result.expectations.every((e) => e.passed) ? 0 : EXIT_FAIL;
}

/** The readable report. */
export function summary(r: RunResult, file: string): string {
  const out: string[] = [];
  out.push(`scenario "${r.scenario}"  kernel ${r.kernel}  seed ${r.seed}  ${r.durationMs / 1000}s simulated`);
  const groups = groupConnections(r.connections);
  if (groups.length > 0) {
    out.push('', 'Connections');
    for (const g of groups) {
      const counts = new Map<string, number>();
      for (const c of g.items) counts.set(c.result, (counts.get(c.result) ?? 0) + 1);
      out.push(`  ${g.key} (${g.items.length}): ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`);
      for (const run of runsOf(g.items)) {
        const c = run[0];
        const idx = run.length === 1 ? `[${c.index}]` : `[${c.index}..${run[run.length - 1].index}]`;
        const bits = [c.clientState.padEnd(10), `Send-Q ${c.sendQ}`, `server ${c.serverState}${c.serverState !== 'none' ? ` Recv-Q ${c.serverRecvQ}` : ''}${c.accepted ? ' (accepted)' : ''}`];
        if (c.errno) bits.push(c.errno + (c.lastErrno && c.lastErrno !== c.errno ? ` then ${c.lastErrno}` : ''));
        if (c.connectMs !== null) bits.push(`connected after ${round(c.connectMs - c.synSentMs[0])}ms`);
        else if (c.result === 'timedout' || c.result === 'refused') bits.push(`${c.synSentMs.length} SYN${c.synSentMs.length === 1 ? '' : 's'}`);
        out.push(`    ${idx.padEnd(10)} ${bits.join('  ')}`);
      }
    }
  }
  if (r.listeners.length > 0) {
    out.push('', 'Listeners (ss -ltn: Recv-Q = accept queue, Send-Q = its limit)');
    out.push(`  ${'State'.padEnd(8)}${'Recv-Q'.padEnd(8)}${'Send-Q'.padEnd(8)}${'Local Address:Port'.padEnd(24)}App         SYN queue`);
    for (const l of r.listeners) {
      const addr = `${r.hosts[l.host]?.addresses[0] ?? '*'}:${l.port}`;
      out.push(`  ${'LISTEN'.padEnd(8)}${String(l.acceptQueue).padEnd(8)}${String(l.limit).padEnd(8)}${addr.padEnd(24)}${`${l.host}/${l.app}`.padEnd(12)}${l.synQueue}`);
    }
  }
  if (r.udp.length > 0) {
    out.push('', 'UDP sockets');
    for (const u of r.udp) out.push(`  ${u.host}/${u.app} :${u.port}  rcvbuf ${u.rcvbuf}  received ${u.received}  drops ${u.drops}  queued ${u.queued}`);
  }
  out.push('', 'Counters (nstat, non-zero)');
  for (const [host, h] of Object.entries(r.hosts)) {
    const nz = Object.entries(h.counters).filter(([, v]) => v !== 0);
    out.push(`  ${host}${nz.length === 0 ? '  (all zero)' : ''}`);
    for (const [name, v] of nz) out.push(`    ${name.padEnd(32)}${String(v).padStart(12)}`);
  }
  if (r.expectations.length > 0) {
    out.push('', 'Expectations');
    for (const e of r.expectations) out.push(`  ${e.passed ? 'PASS' : 'FAIL'}  ${file}:${e.line}  ${e.text}${e.passed ? '' : `  (actual: ${e.actual})`}`);
    const failed = r.expectations.filter((e) => !e.passed).length;
    out.push(`  ${r.expectations.length - failed} passed, ${failed} failed`);
  }
  if (r.aborted) out.push('', 'Run stopped early.');
  return out.join('\n') + '\n';
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function groupConnections(cs: ConnectionResult[]): { key: string; items: ConnectionResult[] }[] {
  const groups = new Map<string, ConnectionResult[]>();
  for (const c of cs) {
    const key = `${c.host}/${c.app}`;
    const g = groups.get(key);
    if (g) g.push(c);
    else groups.set(key, [c]);
  }
  return [...groups].map(([key, items]) => ({ key, items }));
}

/** Consecutive connections that ended the same way. */
function runsOf(cs: ConnectionResult[]): ConnectionResult[][] {
  const sig = (c: ConnectionResult) => [c.result, c.errno, c.lastErrno, c.clientState, c.sendQ, c.serverState, c.serverRecvQ, c.accepted].join('|');
  const runs: ConnectionResult[][] = [];
  for (const c of cs) {
    const last = runs[runs.length - 1];
    if (last && sig(last[0]) === sig(c)) last.push(c);
    else runs.push([c]);
  }
  return runs;
}
