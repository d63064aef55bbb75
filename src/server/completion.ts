// Completion: the DSL's cursorContext says what kind of word may come next; this module turns
// it into items from the catalogue, the keyword table and the document's own hosts and apps.
// Documentation is filled in lazily by completionItem/resolve.
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Position,
  type Range,
} from 'vscode-languageserver/node';
import { countersOn, findCounter, findSysctl, sysctlDefault, sysctlsOn } from '../dsl/catalogue';
import {
  ALL_UNITS,
  APP_METRICS,
  CONNECTION_FIELDS,
  cursorContext,
  keywordDoc,
  keywordsIn,
  UNITS_BY_DIMENSION,
  type CursorContext,
  type Dimension,
  type KeywordContext,
  type Statement,
  type WordDoc,
  wordDoc,
} from '../dsl';
import type { KernelProfile } from '../dsl/model';
import type { DocumentAnalysis, SyntaxView } from './analysis';
import { counterMarkdown, formatSysctlValue, keywordMarkdown, sysctlMarkdown, wordMarkdown } from './docs';

/** What completionItem/resolve needs to find the documentation again. */
export type CompletionData =
  | { kind: 'sysctl'; name: string; kernel: KernelProfile; uri: string; host?: string }
  | { kind: 'counter'; name: string; kernel: KernelProfile }
  | { kind: 'keyword'; name: string; context: KeywordContext };

const BLOCK_SNIPPETS: Record<string, string> = {
  scenario: 'scenario "${1:name}" {\n\tkernel ${2|linux-3.10,linux-4.19,linux-6.8|}\n\tduration ${3:60s}\n}',
  host: 'host ${1:name} {\n\taddress ${2:10.0.0.1}\n\t$0\n}',
  app: 'app ${1:name} {\n\t$0\n}',
};

export interface CompletionOptions {
  snippets: boolean;
}

/**
 * Reads only the text and a syntax tree of `a` (names come from the tree), so it never waits for
 * the semantic check; `checked` (possibly of an older version) adds the `host:port` suggestions.
 */
export function complete(a: SyntaxView, p: Position, options: CompletionOptions, checked?: DocumentAnalysis): CompletionItem[] {
  const ctx = cursorContext(a.text, a.file, p);
  const range = ctx.word.range;
  switch (ctx.kind) {
    case 'none':
      return [];
    case 'keyword':
      return keywordsIn(ctx.context).map((k) => {
        const snippet = options.snippets ? BLOCK_SNIPPETS[k.name] : undefined;
        return {
          label: k.name,
          kind: CompletionItemKind.Keyword,
          detail: k.syntax,
          textEdit: { range, newText: snippet ?? k.name },
          ...(snippet ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
          data: { kind: 'keyword', name: k.name, context: ctx.context } satisfies CompletionData,
        };
      });
    case 'sysctl': {
      const whole = dottedRange(a.text, p);
      const host = ctx.host;
      return sysctlsOn(a.kernel).map((s) => ({
        label: s.name,
        kind: CompletionItemKind.Property,
        detail: `${formatSysctlValue(sysctlDefault(s.name, a.kernel), s)} on ${a.kernel}`,
        filterText: s.name,
        textEdit: { range: whole, newText: s.name },
        data: { kind: 'sysctl', name: s.name, kernel: a.kernel, uri: a.uri, ...(host ? { host } : {}) } satisfies CompletionData,
      }));
    }
    case 'host':
      return hostItems(a, ctx, range, checked);
    case 'app':
      return appsOf(a, ctx.host).map((name) => ({ label: name, kind: CompletionItemKind.Function, detail: `app on ${ctx.host}`, textEdit: { range, newText: name } }));
    case 'counter-or-app':
      return [
        ...appsOf(a, ctx.host).map((name) => ({ label: name, kind: CompletionItemKind.Function, detail: `app on ${ctx.host}`, textEdit: { range, newText: name } })),
        ...countersOn(a.kernel).map((c) => ({
          label: c.name,
          kind: CompletionItemKind.Constant,
          detail: `${c.source} ${c.section}: ${c.field}`,
          textEdit: { range, newText: c.name },
          data: { kind: 'counter', name: c.name, kernel: a.kernel } satisfies CompletionData,
        })),
      ];
    case 'metric':
      return APP_METRICS.map((m) => ({ label: m, kind: CompletionItemKind.Field, detail: 'app metric', textEdit: { range, newText: m }, ...documented(wordDoc(m, ['app metric'])) }));
    case 'field':
      return CONNECTION_FIELDS.map((f) => ({ label: f, kind: CompletionItemKind.Field, detail: 'connection field', textEdit: { range, newText: f }, ...documented(wordDoc(f, ['connection field'])) }));
    case 'value':
      return (ctx.values ?? []).map((v) => {
        const word = wordDoc(v, VALUE_KINDS);
        return {
          label: v,
          kind: /^[=!<>]/.test(v) || v === '<->' ? CompletionItemKind.Operator : CompletionItemKind.EnumMember,
          textEdit: { range, newText: v },
          ...(word ? { detail: word.kind } : {}),
          ...documented(word),
        };
      });
    case 'unit':
      return unitsAfter(a.text, p).map((u, i) => ({
        label: u,
        kind: CompletionItemKind.Unit,
        sortText: String(i).padStart(3, '0'),
        textEdit: { range, newText: u },
      }));
  }
}

const VALUE_KINDS = ['errno', 'socket state', 'outcome', 'kernel profile'] as const;

/** Value words carry their (short) docs inline; sysctls, counters and keywords get theirs on resolve. */
function documented(word: WordDoc | undefined): Pick<CompletionItem, 'documentation'> {
  return word ? { documentation: { kind: MarkupKind.Markdown, value: wordMarkdown(word) } } : {};
}

export function resolveCompletion(item: CompletionItem, lookup: (uri: string) => DocumentAnalysis | undefined): CompletionItem {
  const data = item.data as CompletionData | undefined;
  if (!data) return item;
  let value: string | undefined;
  if (data.kind === 'sysctl') {
    const spec = findSysctl(data.name);
    const host = data.host ? lookup(data.uri)?.scenario?.hosts.find((h) => h.name === data.host) : undefined;
    if (spec) value = sysctlMarkdown(spec, data.kernel, host);
  } else if (data.kind === 'counter') {
    const spec = findCounter(data.name);
    if (spec) value = counterMarkdown(spec, data.kernel);
  } else {
    const doc = keywordDoc(data.name, data.context);
    if (doc) value = keywordMarkdown(doc);
  }
  return value ? { ...item, documentation: { kind: MarkupKind.Markdown, value } } : item;
}

function hostStatements(a: SyntaxView): Statement[] {
  return a.file.statements.filter((s) => s.keyword.text === 'host' && s.args[0]?.kind === 'name');
}

function firstName(s: Statement): string {
  const n = s.args[0];
  return n?.kind === 'name' ? n.text : '';
}

function hostNames(a: SyntaxView): string[] {
  return [...new Set(hostStatements(a).map(firstName))];
}

function appsOf(a: SyntaxView, host: string | undefined): string[] {
  const h = hostStatements(a).find((s) => firstName(s) === host);
  return (h?.block?.statements ?? []).filter((s) => s.keyword.text === 'app' && firstName(s) !== '').map(firstName);
}

/** Hosts; after `connect tcp` / `udp send`, also `host:port` for every port the host listens on. */
function hostItems(a: SyntaxView, ctx: CursorContext, range: Range, checked: DocumentAnalysis | undefined): CompletionItem[] {
  const items: CompletionItem[] = hostNames(a).map((name) => ({ label: name, kind: CompletionItemKind.Class, detail: 'host', textEdit: { range, newText: name } }));
  const udp = ctx.keyword === 'udp';
  const scenario = checked?.scenario;
  if ((ctx.keyword === 'connect' || udp) && scenario) {
    for (const h of scenario.hosts) {
      const ports = h.apps.flatMap((app) => (udp ? app.udpBinds : app.listens).map((l) => ({ port: l.port, app: app.name })));
      for (const { port, app } of ports) {
        items.push({ label: `${h.name}:${port}`, kind: CompletionItemKind.Reference, detail: `${udp ? 'udp bind' : 'listen tcp'} ${port} (${h.name}.${app})`, sortText: `0${h.name}:${port}`, textEdit: { range, newText: `${h.name}:${port}` } });
      }
    }
  }
  return items;
}

/** The dotted word ending at the cursor (`net.core.som`): sysctl items replace all of it. */
function dottedRange(text: string, p: Position): Range {
  const lineStart = lineStartOffset(text, p.line);
  const prefix = text.slice(lineStart, lineStart + p.character);
  const m = /[A-Za-z0-9_.-]*$/.exec(prefix)![0];
  return { start: { line: p.line, character: p.character - m.length }, end: p };
}

function lineStartOffset(text: string, line: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return offset;
}

const DIMENSION_OF: Record<string, Dimension> = {
  duration: 'time',
  every: 'time',
  start: 'time',
  after: 'time',
  latency: 'time',
  jitter: 'time',
  'irq-delay': 'time',
  at: 'time',
  between: 'time',
  and: 'time',
  send: 'size',
  rcvbuf: 'size',
  size: 'size',
  loss: 'percent',
  chance: 'percent',
};

/** Units for the number being typed, those that fit the property before it first. */
function unitsAfter(text: string, p: Position): string[] {
  const lineStart = lineStartOffset(text, p.line);
  const words = text.slice(lineStart, lineStart + p.character).trim().split(/\s+/);
  const property = words[words.length - 2] ?? '';
  const statement = words[0] ?? '';
  let dims: Dimension[] = [];
  if (DIMENSION_OF[property]) dims = [DIMENSION_OF[property]];
  else if (property === 'rate') dims = statement === 'udp' ? ['count-rate'] : ['bit-rate'];
  else if (property === 'read') dims = statement === 'udp' ? ['count-rate'] : ['byte-rate'];
  const first = dims.flatMap((d) => (d === 'none' ? [] : UNITS_BY_DIMENSION[d]));
  return [...first, ...ALL_UNITS.filter((u) => !first.includes(u))];
}
