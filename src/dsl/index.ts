// Public API of the language: parse, check, analyze, format, plus what the language server
// needs for completion, hover, outline, definitions and rename. Nothing here throws.
import type { FileNode } from './ast';
import { check, type CheckResult } from './checker';
import { type Diagnostic, sortDiagnostics } from './diagnostics';
import type { Scenario } from './model';
import { parse, type ParseResult } from './parser';
import type { SymbolIndex } from './symbols';

export type { Arg, Block, Comment, FileNode, NameArg, NamePart, NumberArg, Statement, Token } from './ast';
export type { Diagnostic, QuickFix, Severity, TextEdit } from './diagnostics';
export { didYouMean, editDistance, sortDiagnostics } from './diagnostics';
export type { Position, Range, Scenario } from './model';
export { KERNEL_PROFILES } from './model';
export { parse, type ParseResult } from './parser';
export { check, type CheckResult, DEFAULT_SEED, DEFAULT_SAMPLE_US } from './checker';
export { format } from './format';
export { cursorContext, type CursorContext, type CursorKind } from './cursor';
export {
  KEYWORDS,
  keywordDoc,
  keywordsIn,
  keywordNamesIn,
  isKeywordIn,
  APP_METRICS,
  CONNECTION_FIELDS,
  OUTCOMES,
  ERRNOS,
  SOCKET_STATES,
  PACKET_KINDS,
  EVENT_ACTIONS,
  type KeywordContext,
  type KeywordDoc,
} from './keywords';
export { wordDoc, type WordDoc, type WordKind } from './words';
export { ALL_UNITS, UNITS_BY_DIMENSION, unitInfo, toBase, type Dimension } from './units';
export {
  allDefinitions,
  containsPosition,
  findDefinition,
  occurrences,
  symbolAt,
  type SymbolDefinition,
  type SymbolIndex,
  type SymbolKind,
  type SymbolReference,
} from './symbols';
export { lex } from './lexer';

export interface AnalyzeResult {
  ast: FileNode;
  /** The parse result, for `cursorContext` and `format`. */
  parsed: ParseResult;
  model: Scenario | null;
  /** The model as far as it could be built despite errors (for hover); never run it. */
  draft: Scenario;
  /** Parse and check diagnostics, sorted by position. */
  diagnostics: Diagnostic[];
  symbols: SymbolIndex;
}

export function analyze(text: string, fileName: string): AnalyzeResult {
  const parsed = parse(text);
  const checked: CheckResult = check(parsed, fileName);
  return {
    ast: parsed.file,
    parsed,
    model: checked.model,
    draft: checked.draft,
    diagnostics: sortDiagnostics([...parsed.diagnostics, ...checked.diagnostics]),
    symbols: checked.symbols,
  };
}
