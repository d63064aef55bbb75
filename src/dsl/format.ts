// Canonical formatting: 2-space indent, one statement per line, single spaces between
// arguments, `{` on the statement's line, at most one blank line kept between statements,
// comments kept where they were (own line or end of line). Idempotent by construction: the
// output parses to the same tree and every decision depends only on that tree.
import type { Arg, Comment, FileNode, NameArg, Statement } from './ast';
import { comparePositions } from './diagnostics';
import type { Position } from './model';
import { parse } from './parser';

const INDENT = '  ';

/** The formatted text, or null when the text has syntax errors (nothing is rewritten then). */
export function format(text: string): string | null {
  const parsed = parse(text);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return null;
  return new Printer(parsed.file).print();
}

export function renderArg(a: Arg): string {
  switch (a.kind) {
    case 'name':
      return renderName(a);
    case 'endpoint':
      return `${renderArg(a.host)}:${a.port.text}`;
    case 'range':
      return a.bracketed ? `[${a.from.text}..${a.to.text}]` : `${a.from.text}..${a.to.text}`;
    default:
      return a.text;
  }
}

function renderName(n: NameArg): string {
  return n.parts.map((p) => p.text + (p.index ? (p.index.from === p.index.to ? `[${p.index.from}]` : `[${p.index.from}..${p.index.to}]`) : '')).join('.');
}

class Printer {
  private readonly out: string[] = [];
  private ci = 0;
  private readonly starts: Position[] = [];
  private lastLine = -1;

  constructor(private readonly file: FileNode) {
    const walk = (list: Statement[]) => {
      for (const s of list) {
        this.starts.push(s.range.start);
        if (s.block) walk(s.block.statements);
      }
    };
    walk(file.statements);
  }

  print(): string {
    this.block(this.file.statements, 0, null);
    this.flushBefore(null, 0, this.out.length === 0);
    while (this.out.length && this.out[this.out.length - 1] === '') this.out.pop();
    return this.out.length ? this.out.join('\n') + '\n' : '';
  }

  private get comments(): Comment[] {
    return this.file.comments;
  }

  /** Own-line comments that start before `before` (all remaining when null). */
  private flushBefore(before: Position | null, depth: number, first: boolean): boolean {
    while (this.ci < this.comments.length && (!before || comparePositions(this.comments[this.ci].range.start, before) < 0)) {
      const c = this.comments[this.ci++];
      this.blankLine(c.range.start.line, first);
      this.out.push(INDENT.repeat(depth) + c.text.trimEnd());
      this.lastLine = c.range.end.line;
      first = false;
    }
    return first;
  }

  private blankLine(line: number, first: boolean): void {
    if (!first && this.lastLine >= 0 && line > this.lastLine + 1) this.out.push('');
  }

  /** A comment on line `line` after `after`, with no statement starting in between. */
  private trailing(line: number, after: Position): string {
    const c = this.comments[this.ci];
    if (!c || c.range.start.line !== line || comparePositions(c.range.start, after) < 0) return '';
    if (this.statementStartsBetween(after, c.range.start)) return '';
    this.ci++;
    return '  ' + c.text.trimEnd();
  }

  private statementStartsBetween(a: Position, b: Position): boolean {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (comparePositions(this.starts[mid], a) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.starts.length && comparePositions(this.starts[lo], b) < 0;
  }

  private block(list: Statement[], depth: number, openLine: number | null): void {
    let first = true;
    if (openLine !== null) this.lastLine = openLine;
    for (const s of list) {
      first = this.flushBefore(s.range.start, depth, first);
      this.blankLine(s.range.start.line, first);
      first = false;
      this.statement(s, depth);
    }
  }

  private statement(s: Statement, depth: number): void {
    const head = INDENT.repeat(depth) + [s.keyword.text, ...s.args.map(renderArg)].join(' ');
    const b = s.block;
    if (!b || !b.close) {
      const endLine = s.range.end.line;
      this.out.push(head + this.trailing(endLine, s.range.end));
      this.lastLine = endLine;
      return;
    }
    const close = b.close;
    const hasComments = this.ci < this.comments.length && comparePositions(this.comments[this.ci].range.start, close.start) < 0;
    if (b.statements.length === 0 && !hasComments) {
      this.out.push(head + ' {}' + this.trailing(close.end.line, close.end));
      this.lastLine = close.end.line;
      return;
    }
    this.out.push(head + ' {' + this.trailing(b.range.start.line, b.range.start));
    this.block(b.statements, depth + 1, b.range.start.line);
    this.flushBefore(close.start, depth + 1, b.statements.length === 0);
    this.out.push(INDENT.repeat(depth) + '}' + this.trailing(close.end.line, close.end));
    this.lastLine = close.end.line;
  }
}
