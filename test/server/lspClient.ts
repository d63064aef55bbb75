// A real LSP client for tests and benchmarks: spawns the bundled server (dist/server.js --stdio,
// or --node-ipc as VS Code starts it) and speaks JSON-RPC to it, as an editor would.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_EXEC_ARGV } from '../../src/shared/serverProcess';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type InitializeResult,
  type MessageConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';

export const SERVER_PATH = join(__dirname, '..', '..', 'dist', 'server.js');

export interface LspSession {
  connection: MessageConnection;
  child: ChildProcess;
  initializeResult: InitializeResult;
  /** Latest diagnostics per URI, with the version they were computed for. */
  diagnostics: Map<string, PublishDiagnosticsParams>;
  /** Resolves with the next diagnostics for `uri` that satisfy `accept`. */
  nextDiagnostics(uri: string, accept?: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  /** Calls `listener` for every publishDiagnostics (the connection allows one handler per method, this one). */
  onDiagnostics(listener: (p: PublishDiagnosticsParams) => void): { dispose(): void };
  open(uri: string, text: string, version?: number): void;
  change(uri: string, version: number, text: string): void;
  close(): Promise<void>;
  /** Lines the server wrote to stderr (its crashes would show here). */
  stderr: string[];
  /** V8's collector trace from the server's stdout (with `traceGc`). */
  gcTrace: string[];
}

export interface StartOptions {
  /** Client settings the server pulls with workspace/configuration, nested: `{ netscenario: { … } }`. */
  settings?: Record<string, unknown>;
  /** `stdio` (default): JSON-RPC on stdin/stdout. `ipc`: Node IPC, as vscode-languageclient starts it. */
  transport?: 'stdio' | 'ipc';
  /** Start the server with `--trace-gc` and keep what it prints (IPC only: on stdio it would corrupt JSON-RPC). */
  traceGc?: boolean;
}

export async function startServer(options: StartOptions = {}): Promise<LspSession> {
  if (!existsSync(SERVER_PATH)) throw new Error(`${SERVER_PATH} is missing: run \`npm run build\` first`);
  const ipc = options.transport === 'ipc';
  if (options.traceGc && !ipc) throw new Error('traceGc needs the IPC transport');
  const child = ipc
    ? fork(SERVER_PATH, ['--node-ipc'], { stdio: ['ignore', options.traceGc ? 'pipe' : 'ignore', 'pipe', 'ipc'], execArgv: [...SERVER_EXEC_ARGV, ...(options.traceGc ? ['--trace-gc'] : [])] })
    : spawn(process.execPath, [...SERVER_EXEC_ARGV, SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
  const gcTrace: string[] = [];
  if (options.traceGc) child.stdout!.setEncoding('utf8').on('data', (d: string) => gcTrace.push(d));
  const connection = ipc
    ? createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child))
    : createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const diagnostics = new Map<string, PublishDiagnosticsParams>();
  const waiters: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  const listeners = new Set<(p: PublishDiagnosticsParams) => void>();
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    diagnostics.set(p.uri, p);
    for (const l of listeners) l(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.accept(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p.diagnostics);
      }
    }
  });
  const settings = options.settings ?? {};
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
    params.items.map((item) => lookup(settings, item.section)),
  );
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();

  const initializeResult = (await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
      textDocument: {
        synchronization: { didSave: true, dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
        completion: {
          completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], resolveSupport: { properties: ['documentation', 'detail'] } },
        },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        rename: { prepareSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        semanticTokens: {
          requests: { full: true },
          tokenTypes: [],
          tokenModifiers: [],
          formats: ['relative'],
        },
        foldingRange: { lineFoldingOnly: false },
      },
    },
  })) as InitializeResult;
  await connection.sendNotification('initialized', {});

  return {
    connection,
    child,
    initializeResult,
    diagnostics,
    stderr,
    gcTrace,
    nextDiagnostics(uri, accept = () => true, timeoutMs = 10_000) {
      return new Promise<Diagnostic[]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ uri, accept, resolve: (d) => (clearTimeout(timer), resolve(d)) });
      });
    },
    onDiagnostics(listener) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    open(uri, text, version = 1) {
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'netscenario', version, text } });
    },
    change(uri, version, text) {
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    async close() {
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        // the server may already be gone; the kill below still cleans up
      }
      connection.dispose();
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
        child.once('exit', () => (clearTimeout(timer), resolve()));
      });
    },
  };
}

/** workspace/configuration semantics: `section` is a dotted path into nested settings. */
function lookup(settings: Record<string, unknown>, section: string | undefined): unknown {
  let node: unknown = settings;
  for (const key of section ? section.split('.') : []) {
    if (node === null || typeof node !== 'object') return null;
    node = (node as Record<string, unknown>)[key];
  }
  return node ?? null;
}
