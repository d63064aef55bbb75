// Parse + check of a generated 10,000-line scenario, and the cursor-context and keyword/sysctl
// lookups the language server does for completion and hover at the end of that file.
import { analyze, cursorContext, keywordDoc, parse, check, format, symbolAt } from '../src/dsl';
import { findSysctl } from '../src/dsl/catalogue';
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { SERVER_EXEC_ARGV } from '../src/shared/serverProcess';
import type { Collector } from '../src/server/idleCollection';

function generate(lines: number): string {
  const out = ['scenario "bench" {', '  kernel linux-4.19', '  duration 60s', '}', ''];
  let h = 0;
  while (out.length < lines - 12) {
    h++;
    out.push(
      `host h${h} {`,
      `  address 10.${h >> 8}.${h & 255}.1`,
      '  sysctl net.core.somaxconn = 1024',
      '  sysctl net.ipv4.tcp_rmem = 4096 87380 6291456',
      '  nic eth0 rx-ring 512 tx-ring 512 irq-delay 20us rate 10Gbit/s',
      `  app s${h} {`,
      '    nofile 1024 used 5',
      `    listen tcp 80 backlog 511`,
      '    accept every 1ms',
      '  }',
      `  app c${h} {`,
      `    connect tcp h${Math.max(1, h - 1)}:80 count 10 every 10ms start 1s`,
      '    send 4KiB every 100ms count 5',
      '  }',
      '}',
      h > 1 ? `link h${h - 1} <-> h${h} latency 1ms loss 0.1%` : '# first host',
      `expect h${h}.s${h}.accepted >= 1`,
      `expect h${h}.c${h}[0..9].errno == none`,
      `at 30s stop h${h}.s${h}`,
      '',
    );
  }
  out.push('host last {', '  sysctl ', '  app x {', '  }', '}', 'expect last.');
  return out.join('\n') + '\n';
}

function stats(samples: number[]): { median: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
}

/**
 * Milliseconds per run. `cpu` counts only the CPU time this process used (user + system), so a
 * machine busy with other work inflates it far less than wall-clock time.
 */
function time(fn: () => void, runs: number, clock: 'wall' | 'cpu' = 'wall'): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (clock === 'cpu') {
      const c = process.cpuUsage();
      fn();
      const d = process.cpuUsage(c);
      out.push((d.user + d.system) / 1000);
    } else {
      const t = performance.now();
      fn();
      out.push(performance.now() - t);
    }
  }
  return out;
}

const text = generate(10_000);
const lineCount = text.split('\n').length - 1;
for (let i = 0; i < 5; i++) analyze(text, 'bench.netscenario'); // warm up the JIT
const ms = (x: number) => `${x.toFixed(3)} ms`;

// Re-run as a child with a young generation large enough that no collection runs inside one
// analysis: the heap growth across a run is then what it allocated. Allocation drives the
// garbage collector's share of the time above (a scavenge about every 16 MB by default).
if (process.env.NS_BENCH_ALLOCATION) {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const allocated = (fn: () => unknown) =>
    stats(
      Array.from({ length: 10 }, () => {
        gc();
        const before = process.memoryUsage().heapUsed;
        fn();
        return (process.memoryUsage().heapUsed - before) / 1e6;
      }),
    ).median;
  const parseMB = allocated(() => parse(text));
  const fullMB = allocated(() => analyze(text, 'bench.netscenario'));
  console.log(`allocated per run:   parse + check ${fullMB.toFixed(1)} MB (parse ${parseMB.toFixed(1)} MB, check ${(fullMB - parseMB).toFixed(1)} MB)`);
  // What a result keeps alive: the data a scavenge copies when it strikes during an analysis.
  const retained = (fn: () => unknown) =>
    stats(
      Array.from({ length: 5 }, () => {
        gc();
        const before = process.memoryUsage().heapUsed;
        const kept = fn();
        gc();
        const mb = (process.memoryUsage().heapUsed - before) / 1e6;
        return kept ? mb : NaN;
      }),
    ).median;
  console.log(`retained per result: parse + check ${retained(() => analyze(text, 'bench.netscenario')).toFixed(1)} MB (syntax tree ${retained(() => parse(text)).toFixed(1)} MB)`);
  process.exit(0);
}

const GC_TRACE_MARK = '-- measured runs --';
const GC_TRACE_RUNS = 40;
// Re-run as a child that traces the garbage collector: the bytes scavenges copy per analysis
// (survivors moved within the young generation plus those promoted) are the GC cost, and unlike
// time they hardly depend on what else the machine is doing.
if (process.env.NS_BENCH_GC_TRACE) {
  for (let i = 0; i < 10; i++) analyze(text, 'bench.netscenario');
  console.log(GC_TRACE_MARK);
  for (let i = 0; i < GC_TRACE_RUNS; i++) analyze(text, 'bench.netscenario');
  process.exit(0);
}

// Re-run as a child whose young generation (128 MB) holds about ten analyses: the median run has no
// collection in it, so this is the compute alone. The gap to the figures above is what scavenges
// cost, copying the tree and model built so far when one lands in a run.
if (process.env.NS_BENCH_NO_GC) {
  const wall = stats(time(() => analyze(text, 'bench.netscenario'), 30));
  const min = Math.min(...time(() => analyze(text, 'bench.netscenario'), 30));
  console.log(`parse + check, no collection in the run: median ${ms(wall.median)}  min ${ms(min)}`);
  process.exit(0);
}

// Re-run as a child started as the language server is (its Node flags), analysing as it does: the
// previous result stays alive until the next replaces it, and the young generation is emptied
// while idle between analyses (server/idleCollection.ts), untimed as it is off the editing path.
if (process.env.NS_BENCH_SERVER_FLAGS) {
  const collect = (globalThis as { gc?: Collector }).gc;
  let previous = analyze(text, 'bench.netscenario');
  const asServer = (clock: 'wall' | 'cpu') =>
    stats(
      Array.from({ length: 30 }, () => {
        collect?.({ type: 'minor' });
        return time(() => (previous = analyze(text, 'bench.netscenario')), 1, clock)[0];
      }),
    );
  const wall = asServer('wall');
  const cpu = asServer('cpu');
  const regime = collect ? 'a minor collection while idle between analyses' : 'no idle collection: gc is not exposed';
  const found = `${previous.diagnostics.length} diagnostics`;
  console.log(`parse + check, as the language server runs it (${SERVER_EXEC_ARGV.join(' ')}; ${regime}): median ${ms(wall.median)}  p95 ${ms(wall.p95)}; CPU median ${ms(cpu.median)}  p95 ${ms(cpu.p95)}, ${found}   (target < 30 ms)`);
  process.exit(0);
}

const parseOnly = stats(time(() => parse(text), 30));
const full = stats(time(() => analyze(text, 'bench.netscenario'), 30));
const fullCpu = stats(time(() => analyze(text, 'bench.netscenario'), 30, 'cpu'));
// Check alone (measured after the figures above, so it cannot warm them up): each run on a fresh
// tree parsed just before, outside the timing, as analyze does.
const checkOnly = stats(
  Array.from({ length: 30 }, () => {
    const p = parse(text);
    return time(() => check(p, 'bench.netscenario'), 1)[0];
  }),
);
const parsed = parse(text);
const checked = check(parsed, 'bench.netscenario');
const errors = checked.diagnostics.filter((d) => d.severity === 'error').length;
const lines = text.split('\n');
const lastExpect = { line: lines.length - 2, character: lines[lines.length - 2].length };
const sysctlLine = { line: lines.length - 6, character: lines[lines.length - 6].length };

// Completion: the context at the cursor, then the candidate names for it.
const completion = stats(
  time(() => {
    const c1 = cursorContext(text, parsed.file, lastExpect);
    const c2 = cursorContext(text, parsed.file, sysctlLine);
    if (c1.kind !== 'counter-or-app' || c2.kind !== 'sysctl') throw new Error(`unexpected contexts ${c1.kind} ${c2.kind}`);
  }, 2000),
);
// Hover: what is under the cursor (a symbol, a sysctl, a keyword).
const hoverPos = { line: lines.length - 13, character: 9 };
const hover = stats(
  time(() => {
    symbolAt(checked.symbols, hoverPos);
    findSysctl('net.core.somaxconn');
    keywordDoc('listen', 'app');
  }, 2000),
);
const fmt = stats(time(() => format(text), 10));

// Figures scale with machine speed and load; print both so numbers from a busy machine are read
// as such. The reference is a plain 10M-iteration add loop (an idle desktop core: about 10 ms).
const reference = stats(
  time(() => {
    let x = 0;
    for (let i = 0; i < 1e7; i++) x += i;
    if (x < 0) console.log(x);
  }, 5, 'cpu'),
);
console.log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, reference loop ${ms(reference.median)} CPU`);
console.log(`scenario: ${lineCount} lines, ${parsed.file.statements.length} top-level statements, ${checked.diagnostics.length} diagnostics (${errors} errors)`);
console.log(`parse only:          median ${ms(parseOnly.median)}  p95 ${ms(parseOnly.p95)}`);
console.log(`check only:          median ${ms(checkOnly.median)}  p95 ${ms(checkOnly.p95)}   (a fresh tree each run, with the collections the check triggers)`);
console.log(`parse + check:       median ${ms(full.median)}  p95 ${ms(full.p95)}   (default Node flags, back to back: scavenges land inside runs)`);
console.log(`parse + check (CPU): median ${ms(fullCpu.median)}  p95 ${ms(fullCpu.p95)}   (process CPU time, less sensitive to load)`);
console.log(`completion context:  median ${ms(completion.median)}  p95 ${ms(completion.p95)}   (target p95 < 10 ms)`);
console.log(`hover lookup:        median ${ms(hover.median)}  p95 ${ms(hover.p95)}   (target p95 < 10 ms)`);
console.log(`format:              median ${ms(fmt.median)}  p95 ${ms(fmt.p95)}`);
spawnSync(process.execPath, [...SERVER_EXEC_ARGV, process.argv[1]], { stdio: 'inherit', env: { ...process.env, NS_BENCH_SERVER_FLAGS: '1' } });
spawnSync(process.execPath, ['--min-semi-space-size=128', '--max-semi-space-size=128', process.argv[1]], { stdio: 'inherit', env: { ...process.env, NS_BENCH_NO_GC: '1' } });
// Single-threaded: with V8's background sweeping, heap use read right after gc() can still count
// unswept garbage, and the figures then swing by megabytes between identical runs.
spawnSync(process.execPath, ['--expose-gc', '--single-threaded', '--min-semi-space-size=64', '--max-semi-space-size=64', process.argv[1]], { stdio: 'inherit', env: { ...process.env, NS_BENCH_ALLOCATION: '1' } });
{
  const trace = spawnSync(process.execPath, ['--trace-gc-nvp', process.argv[1]], { encoding: 'utf8', env: { ...process.env, NS_BENCH_GC_TRACE: '1' }, maxBuffer: 1 << 26 });
  const measured = trace.stdout.slice(trace.stdout.indexOf(GC_TRACE_MARK));
  const scavenges = measured.split('\n').filter((l) => / gc=s /.test(l));
  const field = (l: string, name: string) => Number(new RegExp(` ${name}=(\\d+)`).exec(l)?.[1] ?? 0);
  const copied = scavenges.reduce((n, l) => n + field(l, 'new_space_survived') + field(l, 'promoted'), 0);
  const promoted = scavenges.reduce((n, l) => n + field(l, 'promoted'), 0);
  // Pauses are times (load-sensitive); they show whether the scavenges land where little is live.
  const paused = scavenges.reduce((n, l) => n + Number(/ pause=([\d.]+)/.exec(l)?.[1] ?? 0), 0);
  console.log(`scavenges per run:   ${(scavenges.length / GC_TRACE_RUNS).toFixed(2)}, copying ${(copied / GC_TRACE_RUNS / 1e6).toFixed(1)} MB per run (${(promoted / GC_TRACE_RUNS / 1e6).toFixed(1)} MB promoted), pausing ${(paused / GC_TRACE_RUNS).toFixed(1)} ms per run (default young generation)`);
}
