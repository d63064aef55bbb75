// Go-to-definition, references and rename for hosts and apps, over the checker's symbol index.
import { ResponseError, type Location, type LocationLink, type Position, type Range, type WorkspaceEdit } from 'vscode-languageserver/node';
import { KEYWORDS } from '../dsl/keywords';
import { findDefinition, occurrences } from '../dsl/symbols';
import { symbolAtPosition, type DocumentAnalysis } from './analysis';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*$/;
const RESERVED = new Set(KEYWORDS.map((k) => k.name));

export function definition(a: DocumentAnalysis, p: Position): LocationLink[] | null {
  const at = symbolAtPosition(a, p);
  if (!at) return null;
  const def = findDefinition(a.symbols, at.target);
  if (!def) return null;
  return [{ originSelectionRange: at.range, targetUri: a.uri, targetRange: def.range, targetSelectionRange: def.selectionRange }];
}

export function references(a: DocumentAnalysis, p: Position, includeDeclaration: boolean): Location[] | null {
  const at = symbolAtPosition(a, p);
  if (!at) return null;
  let ranges = occurrences(a.symbols, at.target);
  if (!includeDeclaration) {
    const def = findDefinition(a.symbols, at.target);
    if (def) ranges = ranges.filter((r) => r !== def.selectionRange);
  }
  return ranges.map((range) => ({ uri: a.uri, range }));
}

export function prepareRename(a: DocumentAnalysis, p: Position): { range: Range; placeholder: string } | null {
  const at = symbolAtPosition(a, p);
  if (!at) return null;
  return { range: at.range, placeholder: at.target.split('.').pop() ?? at.target };
}

export function rename(a: DocumentAnalysis, p: Position, newName: string): WorkspaceEdit | null {
  const at = symbolAtPosition(a, p);
  if (!at) return null;
  if (!NAME.test(newName)) throw new ResponseError(-32602, `'${newName}' is not a valid name: use letters, digits, '_' and inner '-'`);
  if (RESERVED.has(newName)) throw new ResponseError(-32602, `'${newName}' is a keyword of the language`);
  const qualified = at.target.includes('.') ? `${at.target.slice(0, at.target.lastIndexOf('.'))}.${newName}` : newName;
  if (qualified !== at.target && findDefinition(a.symbols, qualified)) throw new ResponseError(-32602, `'${qualified}' is already defined`);
  const edits = occurrences(a.symbols, at.target).map((range) => ({ range, newText: newName }));
  return { changes: { [a.uri]: edits } };
}
