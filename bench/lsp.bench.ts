// Language-server latency over a real stdio connection to dist/server.js, on a generated
// 10,000-line scenario: completion and hover at the end of the file (p50/p95 over 200
// requests each) and the time from a didChange to its publishDiagnostics.
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { analyzeText } from '../src/server/analysis';
import { complete } from '../src/server/completion';
import { hover } from '../src/server/hover';
import { startServer } from '../test/server/lspClient';

const LINES = 10_000;
const REQUESTS = 200;

/** A valid scenario of about `lines` lines: many client hosts against a few servers, then expects. */
function generateScenario(lines: number): string {
  const out = ['# generated for the language-server benchmark', 'scenario "lsp bench" {', '  kernel linux-4.19', '  duration 60s', '  seed 3', '}', ''];
  out.push('host server {', '  address 10.0.0.1', '  sysctl net.core.somaxconn = 1024', '  sysctl net.ipv4.tcp_max_syn_backlog = 2048');
  out.push('  app web {', '    listen tcp 80 backlog 511', '    accept every 0s', '    read all', '  }', '}', '');
  let i = 0;
  const hosts: string[] = [];
  while (out.length < lines - 400) {
    const name = `c${i}`;
    hosts.push(name);
    out.push(
      `host ${name} {`,
      `  address 10.${1 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`,
      '  sysctl net.ipv4.tcp_syn_retries = 4',
      `  app load {`,
      `    connect tcp server:80 count 5 every 100ms start ${i % 50}ms`,
      '    send 100B',
      '    read all',
      '    close after 1s',
      '  }',
      '}',
      `link ${name} <-> server latency 1ms`,
      '',
    );
    i++;
  }
  let k = 0;
  while (out.length < lines - 1) {
    const h = hosts[k++ % hosts.length];
    out.push(`expect ${h}.load.established == 5`);
  }
  out.push('expect server.TcpExtListenOverflows == 0');
  return out.join('\n') + '\n';
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function report(label: string, samples: number[]): void {
  const s = [...samples].sort((a, b) => a - b);
  console.log(`${label}: p50 ${percentile(s, 50).toFixed(2)} ms  p95 ${percentile(s, 95).toFixed(2)} ms  max ${s[s.length - 1].toFixed(2)} ms  (n=${s.length})`);
}

async function main(): Promise<void> {
  const text = generateScenario(LINES);
  const lines = text.split('\n');
  const lastLine = lines.length - 2; // the final `expect server.TcpExtListenOverflows == 0`
  const uri = 'file:///bench/lsp-bench.netscenario';
  const settings = { netscenario: { diagnostics: { debounceMs: 0 } } };
  const session = await startServer({ settings });
  console.log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  try {
    const opened = performance.now();
    const first = session.nextDiagnostics(uri, (p) => p.version === 1, 60_000);
    session.open(uri, text, 1);
    const firstDiagnostics = await first;
    console.log(`scenario: ${lines.length - 1} lines, ${text.length} chars; first diagnostics after open: ${(performance.now() - opened).toFixed(1)} ms (${firstDiagnostics.length} diagnostics)`);

    const last = lines[lastLine];
    const counterColumn = last.indexOf('TcpExt') + 3; // inside `TcpExt…`: counter completion and hover
    // Warm-up, so the figures are the steady state and not the JIT compiling the handlers.
    for (let r = 0; r < 20; r++) {
      const position = { line: lastLine, character: counterColumn };
      await session.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position });
      await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
    }
    const completion: number[] = [];
    let items = 0;
    for (let r = 0; r < REQUESTS; r++) {
      const t0 = performance.now();
      const res = (await session.connection.sendRequest('textDocument/completion', {
        textDocument: { uri },
        position: { line: lastLine, character: counterColumn },
      })) as { items: unknown[] } | unknown[] | null;
      completion.push(performance.now() - t0);
      items = Array.isArray(res) ? res.length : (res?.items.length ?? 0);
    }
    report(`completion (counter names, ${items} items) at line ${lastLine + 1}`, completion);

    const hoverCounter: number[] = [];
    for (let r = 0; r < REQUESTS; r++) {
      const t0 = performance.now();
      await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: lastLine, character: counterColumn } });
      hoverCounter.push(performance.now() - t0);
    }
    report('hover (counter) at the end', hoverCounter);

    const sysctlLine = lines.findIndex((l) => l.includes('net.core.somaxconn'));
    const hoverSysctl: number[] = [];
    for (let r = 0; r < REQUESTS; r++) {
      const t0 = performance.now();
      await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: sysctlLine, character: lines[sysctlLine].indexOf('somaxconn') } });
      hoverSysctl.push(performance.now() - t0);
    }
    report('hover (sysctl)', hoverSysctl);

    // didChange -> publishDiagnostics: each edit changes the last expect's value, so the file
    // is re-checked in full every time (debounce set to 0).
    const turnaround = async (firstVersion: number, pauseMs: number): Promise<number[]> => {
      const samples: number[] = [];
      for (let v = firstVersion; v < firstVersion + 30; v++) {
        if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
        const edited = text.replace(/== 0\n$/, `== ${v}\n`);
        const t0 = performance.now();
        const got = session.nextDiagnostics(uri, (p) => p.version === v, 60_000);
        session.change(uri, v, edited);
        await got;
        samples.push(performance.now() - t0);
      }
      return samples;
    };
    report('didChange -> publishDiagnostics (10k lines, debounce 0, edits back to back)', await turnaround(2, 0));
    // With a pause between edits, as when typing stops for the debounce: the server has emptied its
    // young generation while idle (server/idleCollection.ts), so no scavenge lands in the analysis.
    report('didChange -> publishDiagnostics (10k lines, debounce 0, edits 150 ms apart)', await turnaround(40, 150));

    // Completion and hover right after an edit, with the default debounce (150 ms) as in the
    // editor: neither waits for the semantic check. Hover reads a fresh parse; completion, after an
    // edit within one line that typed no brace (as here), the last parse's tree with the new text.
    settings.netscenario.diagnostics.debounceMs = 150;
    session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await new Promise((r) => setTimeout(r, 300));
    const afterEdit: number[] = [];
    const hoverAfterEdit: number[] = [];
    for (let v = 100; v < 100 + 30; v++) {
      session.change(uri, v, text.replace(/== 0\n$/, `== ${v}\n`));
      let t0 = performance.now();
      await session.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: lastLine, character: counterColumn } });
      afterEdit.push(performance.now() - t0);
      const checked = session.nextDiagnostics(uri, (d) => d.version === v + 1000, 60_000);
      session.change(uri, v + 1000, text.replace(/== 0\n$/, `== ${v + 1000}\n`));
      t0 = performance.now();
      await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: lastLine, character: counterColumn } });
      hoverAfterEdit.push(performance.now() - t0);
      await checked; // the debounced check of this round is done before the next edit
    }
    report('completion right after a didChange (one-line edit: no re-parse; debounce 150 ms)', afterEdit);
    report('hover (counter) right after a didChange', hoverAfterEdit);

    // The same requests in this process, without JSON-RPC: the server's own compute time.
    const a = analyzeText(uri, 1, text);
    const position = { line: lastLine, character: counterColumn };
    const inCompletion: number[] = [];
    const inHover: number[] = [];
    for (let r = 0; r < REQUESTS; r++) {
      let t0 = performance.now();
      complete(a, position, { snippets: true });
      inCompletion.push(performance.now() - t0);
      t0 = performance.now();
      hover(a, position);
      inHover.push(performance.now() - t0);
    }
    report('in-process completion (no transport)', inCompletion);
    report('in-process hover (no transport)', inHover);
  } finally {
    await session.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
