// Finding what sits under the cursor (for hover) in the syntax tree: the enclosing statements,
// the argument and the segment of a dotted name. Statements are sorted by position, so lookups are binary
// searches and stay fast at the end of a 10,000-line file.
import type { Arg, FileNode, NamePart, Statement } from '../dsl/ast';
import type { Position } from '../dsl/model';
import { containsPosition } from '../dsl/symbols';

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** The last statement of `list` that starts at or before `p`, if it contains `p`. */
function statementIn(list: Statement[], p: Position): Statement | undefined {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (before(list[mid].range.start, p)) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return undefined;
  return containsPosition(list[found].range, p) ? list[found] : undefined;
}

/** Statements enclosing `p`, outermost first; inside a block only between its braces. */
export function statementPath(file: FileNode, p: Position): Statement[] {
  const path: Statement[] = [];
  let list = file.statements;
  for (;;) {
    const s = statementIn(list, p);
    if (!s) return path;
    path.push(s);
    const block = s.block;
    const inBlock = block && containsPosition(block.range, p) && !samePosition(block.range.start, p) && !(block.close && samePosition(block.close.end, p));
    if (!block || !inBlock) return path;
    list = block.statements;
  }
}

function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

/** The argument of a statement that contains `p` (end inclusive, so right after a word counts). */
export function argAt(s: Statement, p: Position): Arg | undefined {
  return s.args.find((a) => containsPosition(a.range, p));
}

/** The segment of a dotted name that contains `p`, with its index among the segments. */
export function partAt(parts: NamePart[], p: Position): { part: NamePart; index: number } | undefined {
  const index = parts.findIndex((x) => containsPosition(x.range, p));
  return index < 0 ? undefined : { part: parts[index], index };
}
