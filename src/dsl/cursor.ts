// What the cursor is in, for completion: which block, which statement, and what kind of word
// may come next. Works on half-typed text: only the current line up to the cursor is lexed,
// and the tree gives the enclosing blocks.
import type { FileNode, Statement, Token } from './ast';
import { lineOffsets } from './check/context';
import { ERRNOS, EVENT_ACTIONS, keywordDoc, OUTCOMES, PACKET_KINDS, SOCKET_STATES, type KeywordContext } from './keywords';
import { lex } from './lexer';
import { KERNEL_PROFILES, type Position, type Range } from './model';

export type CursorKind =
  /** Inside a comment or a string: offer nothing. */
  | 'none'
  /** A statement or property keyword valid in `context`. */
  | 'keyword'
  /** A sysctl name. */
  | 'sysctl'
  /** A host name. */
  | 'host'
  /** An app of `host`. */
  | 'app'
  /** After `expect HOST.`: a counter or an app of `host`. */
  | 'counter-or-app'
  /** After `expect HOST.APP.`: an app metric. */
  | 'metric'
  /** After `expect HOST.APP[i].`: a connection field. */
  | 'field'
  /** One of `values`. */
  | 'value'
  /** A unit glued to the number being typed. */
  | 'unit';

export interface CursorContext {
  kind: CursorKind;
  /** The innermost block or property list the cursor is in. */
  context: KeywordContext;
  /** Enclosing host and app blocks, or the host/app named before the cursor. */
  host?: string;
  app?: string;
  /** Keyword of the statement the cursor is in. */
  keyword?: string;
  values?: string[];
  /** The partial word before the cursor (what completion replaces). */
  word: { text: string; range: Range };
}

const PROPERTY_CONTEXTS: Record<string, KeywordContext> = {
  scenario: 'scenario',
  host: 'host',
  app: 'app',
  sample: 'sample',
  nic: 'nic',
  nofile: 'nofile',
  listen: 'listen',
  accept: 'accept',
  close: 'close',
  connect: 'connect',
  send: 'send',
  link: 'link',
  nat: 'nat',
  drop: 'drop',
};

function contextOf(s: Statement): KeywordContext | null {
  if (s.keyword.text === 'udp') {
    const mode = s.args[0];
    return mode?.kind === 'name' && mode.text === 'send' ? 'udp-send' : 'udp-bind';
  }
  if (s.keyword.text === 'at') return 'at';
  return PROPERTY_CONTEXTS[s.keyword.text] ?? null;
}

function inside(s: Statement, p: Position): boolean {
  const b = s.block;
  if (!b) return false;
  const afterOpen = p.line > b.range.start.line || (p.line === b.range.start.line && p.character > b.range.start.character);
  const end = b.close ? b.close.start : b.range.end;
  const beforeClose = b.close ? p.line < end.line || (p.line === end.line && p.character <= end.character) : true;
  return afterOpen && beforeClose;
}

/** The blocks around a position, outermost first. */
function enclosing(file: FileNode, p: Position): Statement[] {
  const path: Statement[] = [];
  let list = file.statements;
  for (;;) {
    // Statements are in document order: binary search for the last one starting before p.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const st = list[mid].range.start;
      if (st.line < p.line || (st.line === p.line && st.character < p.character)) lo = mid + 1;
      else hi = mid;
    }
    const s = list[lo - 1];
    if (!s || !inside(s, p)) return path;
    path.push(s);
    list = s.block!.statements;
  }
}

export function cursorContext(text: string, file: FileNode, position: Position): CursorContext {
  const offsets = lineOffsets(text);
  const lineStart = offsets[position.line] ?? text.length;
  const prefix = text.slice(lineStart, lineStart + position.character);
  const path = enclosing(file, position);
  let context: KeywordContext = 'top';
  let host: string | undefined;
  let app: string | undefined;
  for (const s of path) {
    const c = contextOf(s);
    if (c) context = c;
    const name = s.args[0];
    if (s.keyword.text === 'host' && name?.kind === 'name') host = name.text;
    if (s.keyword.text === 'app' && name?.kind === 'name') app = name.text;
  }
  const base = { context, ...(host ? { host } : {}), ...(app ? { app } : {}) };
  const tokens = lex(prefix).tokens.filter((t) => t.kind !== 'eof' && t.kind !== 'newline');
  const last = tokens[tokens.length - 1];
  const lineRange = (a: number, b: number): Range => ({ start: { line: position.line, character: a }, end: { line: position.line, character: b } });
  const emptyWord = { text: '', range: lineRange(position.character, position.character) };
  if (last && (last.kind === 'comment' || (last.kind === 'string' && (last.text.length < 2 || !last.text.endsWith('"'))))) {
    return { kind: 'none', ...base, word: emptyWord };
  }
  // The statement on this line so far: tokens after the last `{`, `}` or `;`.
  let from = 0;
  tokens.forEach((t, i) => {
    if (t.kind === 'punct' && '{};'.includes(t.text)) from = i + 1;
  });
  let stmt = tokens.slice(from);
  // The word being typed, glued to the cursor: a name path (`server.nc[0].er`) or a number.
  const pathMatch = /[A-Za-z0-9_µ%/\-.[\]]*$/.exec(prefix)![0];
  let partial: Token[] = [];
  if (pathMatch && last && last.end === prefix.length) {
    const startCol = prefix.length - pathMatch.length;
    partial = stmt.filter((t) => t.start >= startCol);
    stmt = stmt.filter((t) => t.start < startCol);
  }
  const segs = pathMatch.split('.');
  const lastSeg = segs[segs.length - 1];
  const word = { text: lastSeg, range: lineRange(position.character - lastSeg.length, position.character) };
  const res = (kind: CursorKind, extra: Partial<CursorContext> = {}): CursorContext => ({ kind, ...base, word, ...extra });

  if (partial.length === 1 && partial[0].kind === 'number' || /^-?[0-9][0-9.]*[A-Za-zµ%/]*$/.test(pathMatch) && pathMatch !== '') {
    const unitText = /[A-Za-zµ%/]*$/.exec(pathMatch)![0];
    return { kind: 'unit', ...base, word: { text: unitText, range: lineRange(position.character - unitText.length, position.character) } };
  }
  const words = stmt.map((t) => t.text);
  const kw = words[0];
  if (!kw) {
    // Start of a statement: a dotted word here can only be a typo; offer keywords.
    return res('keyword', { word: { text: pathMatch, range: lineRange(position.character - pathMatch.length, position.character) } });
  }
  const withKw = (kind: CursorKind, extra: Partial<CursorContext> = {}) =>
    // A sysctl name is one dotted word: completion replaces all of it.
    res(kind, { keyword: kw, ...(kind === 'sysctl' ? { word: { text: pathMatch, range: lineRange(position.character - pathMatch.length, position.character) } } : {}), ...extra });
  const pathHosts = segs.slice(0, -1).map((s) => s.replace(/\[.*$/, ''));
  const n = words.length;
  const prev = words[n - 1];

  switch (kw) {
    case 'expect': {
      if (n === 1) {
        if (segs.length === 1) return withKw('host');
        if (segs.length === 2) return withKw('counter-or-app', { host: pathHosts[0] });
        const indexed = /\[/.test(segs[1]);
        return withKw(indexed ? 'field' : 'metric', { host: pathHosts[0], app: pathHosts[1] });
      }
      const opIdx = stmt.findIndex((t) => t.kind === 'op');
      if (opIdx < 0) return withKw('value', { values: ['==', '!=', '<', '<=', '>', '>='] });
      if (opIdx === stmt.length - 1 && ['==', '!='].includes(stmt[opIdx].text)) {
        const field = stmt[opIdx - 1]?.text ?? '';
        const vals = field === 'errno' ? [...ERRNOS, 'none'] : field === 'result' ? [...OUTCOMES] : field.endsWith('state') ? [...SOCKET_STATES, 'none'] : [];
        if (vals.length) return withKw('value', { values: vals });
      }
      return withKw(opIdx === stmt.length - 1 ? 'none' : 'value', { values: ['at'] });
    }
    case 'at': {
      if (n === 2) return withKw('value', { values: [...EVENT_ACTIONS] });
      const action = words[2];
      if (n === 3 && action === 'sysctl') return withKw('host');
      if (n === 4 && action === 'sysctl') return withKw('sysctl', { host: words[3] });
      if (n === 3 && ['stop', 'continue', 'kill'].includes(action)) return segs.length === 1 ? withKw('host') : withKw('app', { host: pathHosts[0] });
      return withKw('none');
    }
    case 'sysctl':
      return n === 1 ? withKw('sysctl') : withKw('none');
    case 'kernel':
      return n === 1 ? withKw('value', { values: [...KERNEL_PROFILES] }) : withKw('none');
    case 'read':
      return n === 1 ? withKw('value', { values: ['all', 'off'] }) : withKw('none');
    case 'link':
      if (n === 1 || (n === 3 && prev === '<->')) return withKw('host');
      if (n === 2) return withKw('value', { values: ['<->'] });
      break;
    case 'drop':
      if (n === 1) return withKw('value', { values: [...PACKET_KINDS] });
      if (prev === 'from' || prev === 'to') return withKw('host');
      break;
    case 'nat':
      if (words.includes('hosts') && !['address'].includes(prev)) return withKw('host');
      break;
    case 'listen':
    case 'connect':
      if (n === 1) return withKw('value', { values: ['tcp'] });
      if (n === 2 && kw === 'connect') return withKw('host');
      break;
    case 'udp':
      if (n === 1) return withKw('value', { values: ['bind', 'send'] });
      if (n === 2 && prev === 'send') return withKw('host');
      break;
    case 'accept':
      if (n === 1) return withKw('value', { values: ['every', 'off'] });
      break;
  }
  // After a property keyword that takes a value: its value words, if it has any.
  const stmtContext = kw === 'udp' ? (words[1] === 'send' ? 'udp-send' : 'udp-bind') : PROPERTY_CONTEXTS[kw];
  const prevDoc = stmtContext ? keywordDoc(prev, stmtContext) : undefined;
  if (prevDoc && prev !== kw && prevDoc.where.includes(stmtContext)) {
    return withKw('value', { values: prevDoc.values ?? [] });
  }
  if (stmtContext) return withKw('keyword', { context: stmtContext });
  return withKw('none');
}
