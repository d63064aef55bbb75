// The NetScenario language server. `createConnection(ProposedFeatures.all)` picks the transport
// from argv: `--stdio` (tests, other editors) or `--node-ipc` (what vscode-languageclient uses).
// Diagnostics are debounced per document and only the changed document is re-analysed; every
// request reads the cached analysis of the document's current version.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { format } from '../dsl';
import { AnalysisRequest, type ParamsOf, type ResultOf } from '../shared/protocol';
import { AnalysisCache, analyzeText, type DocumentAnalysis } from './analysis';
import { complete, resolveCompletion } from './completion';
import { codeActions, toLspDiagnostic } from './diagnostics';
import { hover } from './hover';
import { idleCollection, type Collector } from './idleCollection';
import { definition, prepareRename, references, rename } from './navigation';
import { documentSymbols, foldingRanges } from './outline';
import { SEMANTIC_TOKENS_LEGEND, semanticTokens } from './semanticTokens';
import { analysisResult } from './summary';

const DEFAULT_DEBOUNCE_MS = 150;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const cache = new AnalysisCache();
const timers = new Map<string, NodeJS.Timeout>();
let debounceMs = DEFAULT_DEBOUNCE_MS;
let canPullConfiguration = false;
let canWatchConfiguration = false;
let snippets = false;
const collectWhenIdle = idleCollection((globalThis as { gc?: Collector }).gc);

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  canPullConfiguration = caps.workspace?.configuration === true;
  canWatchConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  snippets = caps.textDocument?.completion?.completionItem?.snippetSupport === true;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      completionProvider: { triggerCharacters: ['.', ' ', ':', '='], resolveProvider: true },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: { label: 'NetScenario' },
      foldingRangeProvider: true,
      documentFormattingProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix'], resolveProvider: false },
      semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true, range: false },
    },
    serverInfo: { name: 'netscenario-language-server', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  // Pull model: the client only says that settings changed; the server asks for the values.
  if (canPullConfiguration && canWatchConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
  void pullSettings();
});
connection.onDidChangeConfiguration(() => void pullSettings());

async function pullSettings(): Promise<void> {
  if (!canPullConfiguration) return;
  try {
    const value: unknown = await connection.workspace.getConfiguration('netscenario.diagnostics.debounceMs');
    if (typeof value === 'number' && value >= 0) debounceMs = value;
  } catch (err) {
    connection.console.warn(`could not read settings: ${(err as Error).message}`);
  }
}

function analysisOf(uri: string): DocumentAnalysis | undefined {
  const doc = documents.get(uri);
  return doc ? cache.get(uri, doc.version, () => doc.getText()) : undefined;
}

function publish(uri: string): void {
  timers.delete(uri);
  const doc = documents.get(uri);
  if (!doc) return;
  const a = cache.get(uri, doc.version, () => doc.getText());
  void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: a.diagnostics.map(toLspDiagnostic) });
  collectWhenIdle();
}

documents.onDidChangeContent(({ document }) => {
  const uri = document.uri;
  clearTimeout(timers.get(uri));
  // A freshly opened document is checked at once; edits wait until typing pauses.
  const delay = cache.peek(uri) ? debounceMs : 0;
  timers.set(uri, setTimeout(() => publish(uri), delay));
});

documents.onDidClose(({ document }) => {
  clearTimeout(timers.get(document.uri));
  timers.delete(document.uri);
  cache.delete(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

const on = <P extends { textDocument: { uri: string } }, R>(handler: (a: DocumentAnalysis, params: P) => R) =>
  (params: P): R | null => {
    const a = analysisOf(params.textDocument.uri);
    return a ? handler(a, params) : null;
  };

// Completion and hover do not wait for the semantic check of an edit: they read the parse, and
// the newest checked analysis for extras (ports, effective values).
connection.onCompletion((p) => {
  const doc = documents.get(p.textDocument.uri);
  if (!doc) return null;
  const view = cache.forCompletion(doc.uri, doc.version, () => doc.getText());
  return complete(view, p.position, { snippets }, cache.latestChecked(doc.uri));
});
connection.onCompletionResolve((item) => resolveCompletion(item, (uri) => cache.latestChecked(uri)));
connection.onHover(on((a, p) => hover(a, p.position, cache.latestChecked(a.uri))));
connection.onDefinition(on((a, p) => definition(a, p.position)));
connection.onReferences(on((a, p) => references(a, p.position, p.context.includeDeclaration)));
connection.onPrepareRename(on((a, p) => prepareRename(a, p.position)));
connection.onRenameRequest(on((a, p) => rename(a, p.position, p.newName)));
connection.onDocumentSymbol(on((a) => documentSymbols(a)));
connection.onFoldingRanges(on((a) => foldingRanges(a)));
connection.onCodeAction(on((a, p) => codeActions(a, p)));
connection.languages.semanticTokens.on(on((a) => semanticTokens(a)));
connection.onDocumentFormatting(on((a) => {
  // Parse errors: format() returns null and nothing is rewritten.
  const formatted = format(a.text);
  if (formatted === null || formatted === a.text) return [];
  const doc = documents.get(a.uri)!;
  return [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(a.text.length) }, newText: formatted }];
}));

connection.onRequest(AnalysisRequest.method, async ({ uri }: ParamsOf<typeof AnalysisRequest>): Promise<ResultOf<typeof AnalysisRequest>> => {
  const open = analysisOf(uri);
  if (open) return analysisResult(open);
  // A scenario that is not open in the editor is read from disk.
  const text = await readFile(fileURLToPath(uri), 'utf8');
  return analysisResult(analyzeText(uri, null, text));
});

documents.listen(connection);
connection.listen();
