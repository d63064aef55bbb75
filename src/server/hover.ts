// Hover: sysctls and counters from the catalogue, keywords from the keyword table, hosts and
// apps from the checked model (or their definition when the file does not check yet), and the
// base-unit value of a number with a unit.
import { MarkupKind, type Hover, type Position, type Range } from 'vscode-languageserver/node';
import { findCounter, findSysctl } from '../dsl/catalogue';
import { cursorContext, findDefinition, keywordDoc, toBase, unitInfo, wordDoc, type Arg, type NamePart, type Statement, type WordDoc } from '../dsl';
import { KERNEL_PROFILES, type HostModel } from '../dsl/model';
import { symbolAtPosition, type DocumentAnalysis } from './analysis';
import { appMarkdown, counterMarkdown, hostMarkdown, keywordMarkdown, sysctlMarkdown, wordMarkdown } from './docs';
import { argAt, partAt, statementPath } from './locate';

function markdown(value: string, range: Range): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range };
}

/**
 * Keywords, catalogue names and numbers need only the parse; host and app names need the symbols,
 * so only they wait for the semantic check. Effective sysctl values come from `checked`, the
 * newest checked analysis (it may be one edit behind while typing).
 */
export function hover(a: DocumentAnalysis, p: Position, checked: DocumentAnalysis | undefined = a): Hover | null {
  const path = statementPath(a.file, p);
  const s = path[path.length - 1];
  if (!s) return null;

  if (rangeHas(s.keyword.range, p)) {
    const doc = keywordDoc(s.keyword.text, contextAt(a, s.keyword.range.start));
    return doc ? markdown(keywordMarkdown(doc), s.keyword.range) : null;
  }

  const arg = argAt(s, p);
  if (arg?.kind === 'name') {
    const sysctl = findSysctl(arg.text);
    if (sysctl) return markdown(sysctlMarkdown(sysctl, a.kernel, hostFor(checked, path, s)), arg.range);
    const profile = (KERNEL_PROFILES as readonly string[]).includes(arg.text) && wordDoc(arg.text, ['kernel profile']);
    if (profile) return markdown(wordMarkdown(profile), arg.range);
    const part = partAt(arg.parts, p);
    const counter = part && findCounter(part.part.text);
    if (part && counter) return markdown(counterMarkdown(counter, a.kernel), part.part.range);
    const word = part && valueWord(s, arg.parts, part.index, arg === s.args[0]);
    if (part && word) return markdown(wordMarkdown(word), part.part.range);
  }

  const sym = symbolAtPosition(a, p);
  if (sym) {
    const text = symbolMarkdown(a, sym.target);
    if (text) return markdown(text, sym.range);
  }

  if (!arg) return null;
  if (arg.kind === 'name') {
    const part = partAt(arg.parts, p);
    if (!part) return null;
    const doc = keywordDoc(part.part.text, contextAt(a, part.part.range.start));
    if (doc && part.index === 0) return markdown(keywordMarkdown(doc), part.part.range);
    return null;
  }
  return numberHover(arg);
}

/**
 * A metric or field at the end of an `expect` subject (`h.app.accepted`, `h.app[0].errno`), a
 * value word (errno, socket state, outcome) after its operator.
 */
function valueWord(s: Statement, parts: NamePart[], index: number, isSubject: boolean): WordDoc | undefined {
  const text = parts[index].text;
  if (s.keyword.text === 'expect' && isSubject) {
    if (index >= 2 && parts.slice(0, index).some((x) => x.index)) return wordDoc(text, ['connection field']);
    if (index === 2) return wordDoc(text, ['app metric']);
    return undefined;
  }
  return s.keyword.text === 'expect' && parts.length === 1 ? wordDoc(text, ['errno', 'socket state', 'outcome']) : undefined;
}

/** Where a word at `p` is read: the block it is in, or the statement whose property it is. */
function contextAt(a: DocumentAnalysis, p: Position) {
  return cursorContext(a.text, a.file, p).context;
}

function rangeHas(r: Range, p: Position): boolean {
  return p.line === r.start.line && p.character >= r.start.character && p.character <= r.end.character;
}

/** The host whose sysctl is under the cursor: the enclosing host block, or `at T sysctl HOST …`. */
function hostFor(a: DocumentAnalysis | undefined, path: Statement[], s: Statement): HostModel | undefined {
  let name = path.find((x) => x.keyword.text === 'host')?.args[0];
  if (s.keyword.text === 'at') {
    const i = s.args.findIndex((x) => x.kind === 'name' && x.text === 'sysctl');
    name = i >= 0 ? s.args[i + 1] : undefined;
  }
  return name?.kind === 'name' ? a?.scenario?.hosts.find((h) => h.name === name.text) : undefined;
}

function symbolMarkdown(a: DocumentAnalysis, target: string): string | null {
  const [hostName, appName] = target.split('.');
  const host = a.scenario?.hosts.find((h) => h.name === hostName);
  if (host && !appName) return hostMarkdown(host);
  const app = host?.apps.find((x) => x.name === appName);
  if (app) return appMarkdown(app);
  const def = findDefinition(a.symbols, target);
  if (!def) return null;
  const children = def.children.map((c) => `\`${c.name}\` (${c.kind})`).join(', ');
  return `**${def.kind} ${def.qualifiedName}**${children ? `\n\n${children}` : ''}`;
}

function numberHover(arg: Arg): Hover | null {
  if (arg.kind !== 'number' || !arg.unit) return null;
  const n = arg;
  const info = unitInfo(n.unit);
  const base = toBase(n.value, n.unit);
  if (!info || base === null) return null;
  const names: Record<string, string> = { time: 'µs', size: 'bytes', 'count-rate': 'per second', 'byte-rate': 'bytes per second', 'bit-rate': 'bits per second', percent: '(fraction)' };
  return markdown(`\`${n.text}\` = ${base.toLocaleString('en-US')} ${names[info.dimension] ?? ''}`.trim(), n.range);
}
