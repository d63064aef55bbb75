// The bundled language server (dist/server.js, built by `npm run build`) over a real stdio LSP
// connection: every feature an editor uses, checked on the answers it sends back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  LocationLink,
  MarkupContent,
  Position,
  SemanticTokens,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult } from '../../src/shared/protocol';
import { IDLE_COLLECTION_DELAY_MS } from '../../src/server/idleCollection';
import { startServer, type LspSession } from './lspClient';

const FIXTURE = `# listen queue overflow
scenario "overflow" {
  kernel linux-3.10
  duration 40s
}

host server {
  address 192.168.0.26
  sysctl net.core.somaxcon = 1024
  app nc {
    nofile 9 used 5
    listen tcp 8080 backlog 10
    accept every 0s
  }
}

host client {
  address 192.168.0.17
  app load {
    connect tcp server:8080 count 25 every 1s start 0s
    send 4B
  }
}

link client <-> server latency 500us
at 30s stop server.nc
expect server.TcpExtListenOverflows >= 10
expect client.load[0].errno == ETIMEDOUT
`;
const FIXED = FIXTURE.replace('somaxcon =', 'somaxconn =');

/** Position of the `nth` occurrence of `needle`, `shift` characters into it. */
function at(text: string, needle: string, shift = 0, nth = 0): Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`'${needle}' not in text`);
  const doc = TextDocument.create('x:', 'netscenario', 0, text);
  return doc.positionAt(offset + shift);
}

function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('x:', 'netscenario', 0, text), edits);
}

function items(res: CompletionItem[] | CompletionList | null): CompletionItem[] {
  return Array.isArray(res) ? res : (res?.items ?? []);
}

function hoverText(h: Hover | null): string {
  return (h?.contents as MarkupContent | undefined)?.value ?? '';
}

let lsp: LspSession;
let n = 0;
const nextUri = () => `file:///ws/test-${++n}.netscenario`;

async function openDoc(text: string): Promise<{ uri: string; diagnostics: Awaited<ReturnType<LspSession['nextDiagnostics']>> }> {
  const uri = nextUri();
  const got = lsp.nextDiagnostics(uri, (p) => p.version === 1);
  lsp.open(uri, text, 1);
  return { uri, diagnostics: await got };
}

const request = <R>(method: string, params: object) => lsp.connection.sendRequest(method, params) as Promise<R>;

beforeAll(async () => {
  lsp = await startServer({ settings: { netscenario: { diagnostics: { debounceMs: 20 } } } });
});
afterAll(async () => {
  await lsp?.close();
  expect(lsp.stderr.join('')).toBe('');
});

describe('initialize', () => {
  it('announces every feature', () => {
    const caps = lsp.initializeResult.capabilities;
    expect(caps.completionProvider?.resolveProvider).toBe(true);
    expect(caps.hoverProvider).toBe(true);
    expect(caps.definitionProvider).toBe(true);
    expect(caps.referencesProvider).toBe(true);
    expect(caps.renameProvider).toEqual({ prepareProvider: true });
    expect(caps.documentFormattingProvider).toBe(true);
    expect(caps.documentSymbolProvider).toBeTruthy();
    expect(caps.foldingRangeProvider).toBe(true);
    expect(caps.codeActionProvider).toBeTruthy();
    const legend = (caps.semanticTokensProvider as { legend: { tokenTypes: string[] } }).legend;
    expect(legend.tokenTypes).toContain('class');
  });
});

describe('transports', () => {
  it('serves over Node IPC too, as vscode-languageclient starts it', async () => {
    const ipc = await startServer({ transport: 'ipc' });
    try {
      const uri = 'file:///ws/ipc.netscenario';
      const got = ipc.nextDiagnostics(uri, (p) => p.version === 1);
      ipc.open(uri, FIXTURE, 1);
      expect((await got).map((d) => d.code)).toEqual(['unknown-sysctl']);
    } finally {
      await ipc.close();
    }
    expect(ipc.stderr.join('')).toBe('');
  });

  it('empties its young generation once idle after publishing, as the extension starts it', async () => {
    const ipc = await startServer({ transport: 'ipc', traceGc: true });
    try {
      const uri = 'file:///ws/idle.netscenario';
      const got = ipc.nextDiagnostics(uri, (p) => p.version === 1);
      ipc.open(uri, FIXTURE, 1);
      await got;
      const before = ipc.gcTrace.join('').split('\n').length;
      await new Promise((r) => setTimeout(r, IDLE_COLLECTION_DELAY_MS + 200));
      // `testing` is the reason V8 gives for a collection the program asked for.
      const after = ipc.gcTrace.join('').split('\n').slice(before - 1);
      expect(after.filter((l) => /Scavenge.*testing/.test(l))).toHaveLength(1);
    } finally {
      await ipc.close();
    }
  });
});

describe('diagnostics', () => {
  it('publishes diagnostics with exact ranges on open, and updates them on change', async () => {
    const { uri, diagnostics } = await openDoc(FIXTURE);
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(d.range).toEqual({ start: at(FIXTURE, 'net.core.somaxcon'), end: at(FIXTURE, ' = 1024') });
    expect(d.message).toContain("did you mean 'net.core.somaxconn'");
    expect(d.severity).toBe(1);
    expect(d.code).toBe('unknown-sysctl');
    expect(d.source).toBe('netscenario');

    const fixed = lsp.nextDiagnostics(uri, (p) => p.version === 2);
    lsp.change(uri, 2, FIXED);
    expect(await fixed).toEqual([]);

    // An edit that breaks two lines reports both, each where it is.
    const broken = FIXED.replace('latency 500us', 'latency 500xs').replace('count 25', 'cuont 25');
    const again = lsp.nextDiagnostics(uri, (p) => p.version === 3);
    lsp.change(uri, 3, broken);
    const ds = await again;
    expect(ds.map((x) => x.range.start)).toEqual(expect.arrayContaining([at(broken, "xs"), at(broken, 'cuont')]));

    // Incremental sync, as VS Code sends it: one character typed into the middle of a line.
    const typo = at(broken, 'cuont');
    const incremental = lsp.nextDiagnostics(uri, (p) => p.version === 4);
    void lsp.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 4 },
      contentChanges: [{ range: { start: typo, end: { line: typo.line, character: typo.character + 'cuont'.length } }, text: 'count' }],
    });
    const after = await incremental;
    expect(after).toHaveLength(ds.length - 1);
    expect(after.map((x) => x.range.start)).not.toContainEqual(typo);
  });

  it('debounces (netscenario.diagnostics.debounceMs): a burst of edits is checked once, for its last version', async () => {
    const slow = await startServer({ settings: { netscenario: { diagnostics: { debounceMs: 400 } } } });
    try {
      const uri = 'file:///ws/debounce.netscenario';
      const opened = slow.nextDiagnostics(uri, (p) => p.version === 1);
      slow.open(uri, FIXED, 1);
      await opened;
      const seen: (number | undefined)[] = [];
      const off = slow.onDiagnostics((p) => {
        if (p.uri === uri) seen.push(p.version);
      });
      const last = slow.nextDiagnostics(uri, (p) => p.version === 6);
      const sent = Date.now();
      for (let v = 2; v <= 6; v++) slow.change(uri, v, FIXED + `# edit ${v}\n`);
      await last;
      off.dispose();
      expect(seen).toEqual([6]);
      expect(Date.now() - sent).toBeGreaterThanOrEqual(400);
    } finally {
      await slow.close();
    }
  });

  it('pulls a changed debounce setting after workspace/didChangeConfiguration', async () => {
    const session = await startServer({ settings: { netscenario: { diagnostics: { debounceMs: 60_000 } } } });
    try {
      const uri = 'file:///ws/settings.netscenario';
      const opened = session.nextDiagnostics(uri, (p) => p.version === 1);
      session.open(uri, FIXED, 1);
      await opened;
      // The user sets the debounce to 0: the server must ask for it again.
      const pulled = new Promise<void>((resolve) => {
        session.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
          resolve();
          return params.items.map(() => 0);
        });
      });
      await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await pulled;
      await new Promise((r) => setTimeout(r, 50));
      // With the old setting this would wait a minute; the test times out long before.
      const got = session.nextDiagnostics(uri, (p) => p.version === 2, 5000);
      session.change(uri, 2, FIXTURE);
      expect((await got).map((d) => d.code)).toEqual(['unknown-sysctl']);
    } finally {
      await session.close();
    }
  });

  it('re-checks only the document that changed', async () => {
    const a = await openDoc(FIXED);
    const b = await openDoc(FIXED);
    const seen: string[] = [];
    const off = lsp.onDiagnostics((p) => seen.push(p.uri));
    const done = lsp.nextDiagnostics(a.uri, (p) => p.version === 2);
    lsp.change(a.uri, 2, FIXED + '\n');
    await done;
    await new Promise((r) => setTimeout(r, 100));
    off.dispose();
    expect(seen).toEqual([a.uri]);
    expect(seen).not.toContain(b.uri);
  });
});

describe('completion', () => {
  let uri: string;
  beforeAll(async () => {
    uri = (await openDoc(FIXED)).uri;
  });
  const complete = (line: number, character: number) =>
    request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: { line, character } }).then(items);

  it('sysctl names with their default on the file kernel, documented on resolve', async () => {
    const p = at(FIXED, 'net.core.somaxconn', 'net.core.so'.length);
    const list = await complete(p.line, p.character);
    const item = list.find((i) => i.label === 'net.core.somaxconn');
    expect(item).toBeDefined();
    expect(item!.detail).toBe('128 on linux-3.10');
    expect(item!.textEdit).toMatchObject({ range: { start: at(FIXED, 'net.core.somaxconn'), end: p } });
    const resolved = await request<CompletionItem>('completionItem/resolve', item!);
    const doc = (resolved.documentation as MarkupContent).value;
    expect(doc).toContain('default on **linux-3.10**: 128');
    expect(doc).toContain('effective on host `server`: 1024 (set in this file)');
    expect(doc).toContain('TcpExtListenOverflows');
  });

  it('counter names and apps after `expect HOST.`', async () => {
    const p = at(FIXED, 'TcpExtListenOverflows', 3);
    const list = await complete(p.line, p.character);
    const labels = list.map((i) => i.label);
    expect(labels).toContain('TcpExtListenOverflows');
    expect(labels).toContain('TcpExtListenDrops');
    expect(labels).toContain('nc');
    const resolved = await request<CompletionItem>('completionItem/resolve', list.find((i) => i.label === 'TcpExtListenOverflows')!);
    expect((resolved.documentation as MarkupContent).value).toContain('tcp_v4_syn_recv_sock');
  });

  it('host names after `expect`, endpoints after `connect tcp`', async () => {
    const e = at(FIXED, 'expect server.', 'expect '.length);
    expect((await complete(e.line, e.character)).map((i) => i.label)).toEqual(expect.arrayContaining(['server', 'client']));
    const c = at(FIXED, 'server:8080');
    const labels = (await complete(c.line, c.character)).map((i) => i.label);
    expect(labels).toContain('server:8080');
    expect(labels).toContain('client');
  });

  it('keywords valid in the block, units after a number, profiles, errnos', async () => {
    const inApp = at(FIXED, '    accept every 0s', 4);
    const kw = (await complete(inApp.line, inApp.character)).map((i) => i.label);
    expect(kw).toEqual(expect.arrayContaining(['listen', 'accept', 'connect', 'nofile']));
    expect(kw).not.toContain('host');

    const dur = at(FIXED, 'duration 40s', 'duration 40'.length);
    const units = await complete(dur.line, dur.character);
    expect(units[0].label).toBe('ns');
    expect(units.map((u) => u.label)).toEqual(expect.arrayContaining(['ms', 's', 'min']));

    const kernel = at(FIXED, 'linux-3.10');
    expect((await complete(kernel.line, kernel.character)).map((i) => i.label)).toEqual(['linux-3.10', 'linux-4.19', 'linux-6.8']);

    const errno = at(FIXED, 'ETIMEDOUT');
    expect((await complete(errno.line, errno.character)).map((i) => i.label)).toEqual(expect.arrayContaining(['ETIMEDOUT', 'ECONNREFUSED']));
  });

  it('nothing inside a comment', async () => {
    expect(await complete(0, 5)).toEqual([]);
  });
});

describe('hover', () => {
  let uri: string;
  beforeAll(async () => {
    uri = (await openDoc(FIXED)).uri;
  });
  const hoverAt = (p: Position) => request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: p });

  it('a sysctl: default on the profile, effective value on the host, counters', async () => {
    const h = await hoverAt(at(FIXED, 'somaxconn'));
    const text = hoverText(h);
    expect(text).toContain('**net.core.somaxconn**');
    expect(text).toContain('default on **linux-3.10**: 128');
    expect(text).toContain('linux-6.8: 4096');
    expect(text).toContain('effective on host `server`: 1024 (set in this file)');
    expect(text).toContain('`TcpExtListenOverflows`');
    expect(h!.range).toEqual({ start: at(FIXED, 'net.core.somaxconn'), end: at(FIXED, ' = 1024') });
  });

  it('a counter: the kernel function and file that increment it', async () => {
    const text = hoverText(await hoverAt(at(FIXED, 'TcpExtListenOverflows', 4)));
    expect(text).toContain('/proc/net/netstat');
    expect(text).toContain('`tcp_v4_syn_recv_sock` (`net/ipv4/tcp_ipv4.c`)');
    expect(text).toContain('netstat -s');
  });

  it('a keyword: syntax and example; a host: its summary; a number: its base value', async () => {
    expect(hoverText(await hoverAt(at(FIXED, 'listen tcp')))).toContain('listen tcp PORT backlog N');
    const host = hoverText(await hoverAt(at(FIXED, 'server:8080')));
    expect(host).toContain('**host server** — 192.168.0.26');
    expect(host).toContain('listen tcp 8080 backlog 10');
    expect(hoverText(await hoverAt(at(FIXED, '500us')))).toContain('= 500 µs');
  });
});

describe('docs of value words: metrics, fields, errnos, socket states, profiles', () => {
  const DOC = FIXED.replace('expect client.load[0].errno == ETIMEDOUT\n', 'expect client.load[0].errno == ETIMEDOUT\nexpect client.load[3].state == SYN-SENT\nexpect server.nc.accept_queue == 11 at 30s\n');
  let uri: string;
  beforeAll(async () => {
    uri = (await openDoc(DOC)).uri;
  });
  const hoverAt = (p: Position) => request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: p });

  it('hover explains what the app saw and which kernel path gave it', async () => {
    const errno = await hoverAt(at(DOC, 'ETIMEDOUT', 2));
    expect(hoverText(errno)).toContain('**ETIMEDOUT** — errno');
    expect(hoverText(errno)).toContain('tcp_write_timeout');
    expect(errno!.range).toEqual({ start: at(DOC, 'ETIMEDOUT'), end: at(DOC, 'ETIMEDOUT', 'ETIMEDOUT'.length) });
    expect(hoverText(await hoverAt(at(DOC, 'SYN-SENT', 4)))).toContain('**SYN-SENT** — socket state');
    expect(hoverText(await hoverAt(at(DOC, 'accept_queue', 3)))).toContain('**accept_queue** — app metric');
    expect(hoverText(await hoverAt(at(DOC, '].errno', 3)))).toContain('**errno** — connection field');
    const profile = hoverText(await hoverAt(at(DOC, 'linux-3.10', 2)));
    expect(profile).toContain('**linux-3.10** — kernel profile');
    expect(profile).toContain('tcp_tw_recycle');
  });

  it('completion items carry the same docs', async () => {
    const doc = (i: CompletionItem) => (i.documentation as MarkupContent | undefined)?.value ?? '';
    const list = async (p: Position) => items(await request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: p }));
    const metrics = await list(at(DOC, 'accept_queue', 3));
    expect(doc(metrics.find((i) => i.label === 'syn_queue')!)).toContain('SYN queue');
    const fields = await list(at(DOC, '].errno', 3));
    expect(doc(fields.find((i) => i.label === 'connect_time')!)).toContain('first SYN');
    const errnos = await list(at(DOC, 'ETIMEDOUT'));
    expect(doc(errnos.find((i) => i.label === 'EMFILE')!)).toContain('RLIMIT_NOFILE');
    const states = await list(at(DOC, 'SYN-SENT'));
    expect(doc(states.find((i) => i.label === 'CLOSE-WAIT')!)).toContain('socket state');
    const profiles = await list(at(DOC, 'linux-3.10'));
    expect(doc(profiles.find((i) => i.label === 'linux-6.8')!)).toContain('tcp_syn_linear_timeouts');
  });
});

describe('navigation and rename', () => {
  let uri: string;
  beforeAll(async () => {
    uri = (await openDoc(FIXED)).uri;
  });

  it('go to definition of a host used in an endpoint and an app used in an event', async () => {
    const links = await request<LocationLink[]>('textDocument/definition', { textDocument: { uri }, position: at(FIXED, 'server:8080', 2) });
    expect(links[0].targetUri).toBe(uri);
    expect(links[0].targetSelectionRange).toEqual({ start: at(FIXED, 'server {'), end: at(FIXED, ' {', 0, 1) });
    const app = await request<LocationLink[]>('textDocument/definition', { textDocument: { uri }, position: at(FIXED, 'server.nc', 8) });
    expect(app[0].targetSelectionRange.start).toEqual(at(FIXED, 'nc {'));
  });

  it('references of a host, with and without its declaration', async () => {
    const p = at(FIXED, 'server {');
    const all = await request<Location[]>('textDocument/references', { textDocument: { uri }, position: p, context: { includeDeclaration: true } });
    const uses = await request<Location[]>('textDocument/references', { textDocument: { uri }, position: p, context: { includeDeclaration: false } });
    // definition, connect endpoint, link, stop event, expect
    expect(all).toHaveLength(5);
    expect(uses).toHaveLength(4);
  });

  it('prepareRename and rename every occurrence, leaving a file that still checks', async () => {
    const p = at(FIXED, 'server.nc', 2);
    const prep = await request<{ range: unknown; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri }, position: p });
    expect(prep.placeholder).toBe('server');
    const edit = await request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: p, newName: 'web' });
    const renamed = apply(FIXED, edit.changes![uri]);
    expect(renamed).not.toMatch(/\bserver\b/);
    expect(renamed).toContain('connect tcp web:8080');
    expect(renamed).toContain('at 30s stop web.nc');
    const check = await openDoc(renamed);
    expect(check.diagnostics).toEqual([]);

    await expect(request('textDocument/rename', { textDocument: { uri }, position: p, newName: 'client' })).rejects.toThrow(/already defined/);
    await expect(request('textDocument/rename', { textDocument: { uri }, position: p, newName: '9lives' })).rejects.toThrow(/not a valid name/);
    expect(await request('textDocument/prepareRename', { textDocument: { uri }, position: at(FIXED, 'latency') })).toBeNull();
  });
});

describe('formatting', () => {
  it('formats a messy file, and formatting again changes nothing', async () => {
    const messy = 'scenario   "f"{\nkernel linux-4.19\n      duration 10s }\nhost a {address 10.0.0.1\n   app x { listen tcp 80 backlog 5 }\n}\n';
    const { uri } = await openDoc(messy);
    const edits = await request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    expect(edits.length).toBeGreaterThan(0);
    const once = apply(messy, edits);
    expect(once).toContain('host a {\n  address 10.0.0.1\n');
    const second = await openDoc(once);
    expect(await request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: second.uri }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
  });

  it('does not touch a file with parse errors', async () => {
    const { uri } = await openDoc('host a {\n  address 10.0.0.1\n');
    expect(await request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
  });
});

describe('outline, folding, semantic tokens, quick fixes, analysis', () => {
  let uri: string;
  beforeAll(async () => {
    uri = (await openDoc(FIXTURE)).uri;
  });

  it('document symbols are a tree: hosts hold their apps', async () => {
    const symbols = await request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const names = symbols.map((s) => s.name);
    expect(names.slice(0, 3)).toEqual(['overflow', 'server', 'client']);
    const server = symbols.find((s) => s.name === 'server')!;
    expect(server.kind).toBe(5); // Class
    expect(server.children?.map((c) => c.name)).toEqual(['nc']);
    expect(server.selectionRange.start).toEqual(at(FIXTURE, 'server {'));
    expect(names).toContain('expect server.TcpExtListenOverflows >= 10');
  });

  it('folding ranges for every multi-line block', async () => {
    const ranges = await request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    const host = at(FIXTURE, 'host server {').line;
    const app = at(FIXTURE, 'app nc {').line;
    expect(ranges).toEqual(expect.arrayContaining([
      expect.objectContaining({ startLine: host, endLine: host + 7 }),
      expect.objectContaining({ startLine: app, endLine: app + 3 }),
    ]));
  });

  it('semantic tokens mark host and app definitions and uses, sysctls and counters', async () => {
    const legend = (lsp.initializeResult.capabilities.semanticTokensProvider as { legend: { tokenTypes: string[]; tokenModifiers: string[] } }).legend;
    const decode = async (docUri: string) => {
      const tokens = await request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: docUri } });
      const out: { line: number; character: number; length: number; type: string; mods: string[] }[] = [];
      let line = 0;
      let character = 0;
      for (let i = 0; i < tokens.data.length; i += 5) {
        const [dl, dc, length, type, mods] = tokens.data.slice(i, i + 5);
        line += dl;
        character = dl ? dc : character + dc;
        out.push({ line, character, length, type: legend.tokenTypes[type], mods: legend.tokenModifiers.filter((_, b) => mods & (1 << b)) });
      }
      return out;
    };
    const decoded = await decode(uri);
    const tokenAt = (p: Position) => decoded.find((t) => t.line === p.line && t.character === p.character);
    expect(tokenAt(at(FIXTURE, 'server {'))).toMatchObject({ type: 'class', mods: ['declaration'], length: 6 });
    expect(tokenAt(at(FIXTURE, 'server:8080'))).toMatchObject({ type: 'class', mods: [] });
    expect(tokenAt(at(FIXTURE, 'nc {'))).toMatchObject({ type: 'function', mods: ['declaration'] });
    expect(tokenAt(at(FIXTURE, 'server.nc', 7))).toMatchObject({ type: 'function', mods: [] });
    expect(tokenAt(at(FIXTURE, 'TcpExtListenOverflows'))).toMatchObject({ type: 'enumMember' });
    expect(tokenAt(at(FIXTURE, 'host server'))).toMatchObject({ type: 'keyword' });
    // Numbers and comments stay with the grammar, which scopes a number and its unit apart.
    expect(tokenAt(at(FIXTURE, '500us'))).toBeUndefined();
    expect(tokenAt(at(FIXTURE, '# listen'))).toBeUndefined();
    // A misspelt sysctl is not coloured as one.
    expect(tokenAt(at(FIXTURE, 'net.core.somaxcon'))).toBeUndefined();
    const fixed = await decode((await openDoc(FIXED)).uri);
    const sysctl = at(FIXED, 'net.core.somaxconn');
    expect(fixed.find((t) => t.line === sysctl.line && t.character === sysctl.character)).toMatchObject({ type: 'variable', mods: ['defaultLibrary'], length: 18 });
  });

  it('quick fix from the checker replaces the misspelt sysctl', async () => {
    const diagnostics = lsp.diagnostics.get(uri)!.diagnostics;
    const actions = await request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics },
    });
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ title: "Change to 'net.core.somaxconn'", kind: 'quickfix', isPreferred: true });
    expect(apply(FIXTURE, actions[0].edit!.changes![uri])).toBe(FIXED);
  });

  it('netscenario/analysis returns the checked scenario summary, for open and unopened files', async () => {
    const open = await openDoc(FIXED);
    const res = await request<AnalysisResult>('netscenario/analysis', { uri: open.uri });
    expect(res).toMatchObject({ errors: 0, version: 1, scenario: { name: 'overflow', kernel: 'linux-3.10', durationUs: 40_000_000, expects: 2 } });
    expect(res.scenario!.hosts.map((h) => h.name)).toEqual(['server', 'client']);
    expect(res.scenario!.hosts[0].overrides).toEqual({ 'net.core.somaxconn': 1024 });
    const example = join(__dirname, '..', '..', 'examples', 'somaxconn-nc.netscenario');
    const disk = await request<AnalysisResult>('netscenario/analysis', { uri: `file://${example}` });
    expect(disk.version).toBeNull();
    expect(disk.errors).toBe(0);
    expect(disk.scenario?.kernel).toBe('linux-3.10');
    const broken = await request<AnalysisResult>('netscenario/analysis', { uri });
    expect(broken).toMatchObject({ errors: 1, scenario: null });
  });
});

describe('examples', () => {
  it('every example opens without errors and answers outline and semantic tokens', async () => {
    const dir = join(__dirname, '..', '..', 'examples');
    const { readdirSync } = await import('node:fs');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.netscenario'))) {
      const { uri, diagnostics } = await openDoc(readFileSync(join(dir, f), 'utf8'));
      expect(diagnostics.filter((d) => d.severity === 1), f).toEqual([]);
      expect((await request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } })).length, f).toBeGreaterThan(0);
      expect((await request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } })).data.length, f).toBeGreaterThan(0);
    }
  });
});
