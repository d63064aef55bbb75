// Semantic tokens: what the TextMate grammar cannot know — which names are hosts or apps (and
// where they are defined), which dotted names are real sysctls and which words real counters.
// Numbers, units, strings, comments and operators are left to the grammar, which scopes a
// number and its unit apart.
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from 'vscode-languageserver/node';
import type { Token } from '../dsl/ast';
import { findCounter, findSysctl } from '../dsl/catalogue';
import { APP_METRICS, CONNECTION_FIELDS, ERRNOS, KEYWORDS, OUTCOMES, PACKET_KINDS, SOCKET_STATES } from '../dsl/keywords';
import { lex } from '../dsl/lexer';
import { KERNEL_PROFILES } from '../dsl/model';
import { allDefinitions } from '../dsl/symbols';
import type { DocumentAnalysis } from './analysis';

const TYPES = ['keyword', 'class', 'function', 'interface', 'namespace', 'variable', 'property', 'enumMember', 'type'] as const;
const MODIFIERS = ['declaration', 'readonly', 'defaultLibrary'] as const;
type TokenType = (typeof TYPES)[number];
type Modifier = (typeof MODIFIERS)[number];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [...MODIFIERS] };

const typeIndex = new Map<string, number>(TYPES.map((t, i) => [t, i]));
function modifierBits(mods: Modifier[]): number {
  return mods.reduce((bits, m) => bits | (1 << MODIFIERS.indexOf(m)), 0);
}

const KEYWORD_WORDS = new Set(KEYWORDS.map((k) => k.name));
const FIELD_WORDS = new Set<string>([...APP_METRICS, ...CONNECTION_FIELDS]);
const VALUE_WORDS = new Set<string>([...ERRNOS, ...SOCKET_STATES, ...OUTCOMES, ...PACKET_KINDS, 'none', 'all', 'off', 'bind']);
const PROFILE_WORDS = new Set<string>(KERNEL_PROFILES);
const SYMBOL_TYPES: Record<string, TokenType> = { host: 'class', app: 'function', nic: 'interface', nat: 'namespace' };

export function semanticTokens(a: DocumentAnalysis): SemanticTokens {
  // Names of hosts/apps/nics/nats by the position of their first character.
  const symbols = new Map<string, { type: TokenType; mods: Modifier[] }>();
  const key = (line: number, character: number) => `${line}:${character}`;
  for (const d of allDefinitions(a.symbols)) {
    const type = SYMBOL_TYPES[d.kind];
    if (type) symbols.set(key(d.selectionRange.start.line, d.selectionRange.start.character), { type, mods: ['declaration'] });
  }
  for (const r of a.symbols.references) {
    symbols.set(key(r.range.start.line, r.range.start.character), { type: SYMBOL_TYPES[r.kind], mods: [] });
  }

  const builder = new SemanticTokensBuilder();
  const push = (line: number, character: number, length: number, type: TokenType, mods: Modifier[] = []) =>
    builder.push(line, character, length, typeIndex.get(type)!, modifierBits(mods));

  for (const t of lex(a.text).tokens) {
    if (t.kind === 'name') nameToken(t, symbols, key, push);
  }
  return builder.build();
}

function nameToken(
  t: Token,
  symbols: Map<string, { type: TokenType; mods: Modifier[] }>,
  key: (l: number, c: number) => string,
  push: (line: number, character: number, length: number, type: TokenType, mods?: Modifier[]) => void,
): void {
  const { line, character } = t.range.start;
  if (findSysctl(t.text)) return push(line, character, t.text.length, 'variable', ['defaultLibrary']);
  if (PROFILE_WORDS.has(t.text)) return push(line, character, t.text.length, 'type', ['defaultLibrary']);
  let col = character;
  t.text.split('.').forEach((seg, i) => {
    const sym = symbols.get(key(line, col));
    if (sym) push(line, col, seg.length, sym.type, sym.mods);
    else if (findCounter(seg)) push(line, col, seg.length, 'enumMember', ['readonly', 'defaultLibrary']);
    else if (i === 0 && KEYWORD_WORDS.has(seg)) push(line, col, seg.length, 'keyword');
    else if (i > 0 && FIELD_WORDS.has(seg)) push(line, col, seg.length, 'property');
    else if (VALUE_WORDS.has(seg)) push(line, col, seg.length, 'enumMember');
    col += seg.length + 1;
  });
}
