// State shared by the checker's passes: diagnostics, symbols, and the value readers that turn
// arguments into model integers while reporting wrong units and out-of-range values.
import { type Arg, type Block, NameArg, type NumberArg, type Statement } from '../ast';
import { didYouMean, type Diagnostic, type QuickFix, type Severity } from '../diagnostics';
import { contextBit, KEYWORDS, keywordNamesIn, type KeywordContext } from '../keywords';
import type { AppModel, HostModel, KernelProfile, Range } from '../model';
import { NodeReference, type SymbolIndex } from '../symbols';
import { ALL_UNITS, DIMENSION_NAMES, type Dimension, inBaseUnit } from '../units';

/** Where to report a missing value: the keyword before it. Its range is read only then. */
export interface Anchor {
  readonly range: Range;
}

/** A statement or a property: a keyword, its arguments and an optional block. */
export interface Item {
  /** The keyword's text (`keyword.text`), read without making a statement's keyword node. */
  word: string;
  keyword: NameArg;
  args: Arg[];
  block: Block | null;
  range: Range;
}

/**
 * A property written inline (`backlog 10` in `listen tcp 80 backlog 10`, or the action in
 * `at 30s stop server.nc`): its keyword to its last argument. It keeps where its arguments lie in
 * the statement's list and copies them out only when `args` is read: the checker reads nearly
 * every property through `firstArg`, and a large file has tens of thousands of them.
 */
export class InlineProperty implements Item {
  // Set in the constructor, not as class fields: V8 runs field initializers slowly.
  declare readonly word: string;
  declare readonly keyword: NameArg;
  declare readonly block: null;
  declare private readonly all: Arg[];
  declare private readonly from: number;
  declare readonly count: number;
  constructor(keyword: NameArg, all: Arg[], from: number, to: number) {
    this.word = keyword.text;
    this.keyword = keyword;
    this.block = null;
    this.all = all;
    this.from = from;
    this.count = to - from;
  }
  get args(): Arg[] {
    return this.all.slice(this.from, this.from + this.count);
  }
  get first(): Arg | undefined {
    return this.count > 0 ? this.all[this.from] : undefined;
  }
  get range(): Range {
    const k = this.keyword;
    if (this.count === 0) return k.range;
    // Built from the ends' numbers where they have them (the model keeps this range).
    const last = this.all[this.from + this.count - 1];
    const end = last.kind === 'endpoint' || last.kind === 'range' ? last.range.end : { line: last.line, character: last.endCharacter };
    return { start: { line: k.line, character: k.character }, end };
  }
}

/** A property's first argument (its value), read without copying an inline property's arguments. */
export function firstArg(it: Item): Arg | undefined {
  return it instanceof InlineProperty ? it.first : it.args[0];
}

/**
 * What `split` returns. One object, and one `positional` array per length when the arguments had
 * to be cut, serve every call: read them at once (destructure it, and take the positional
 * arguments out before splitting a nested property).
 */
export interface Split {
  positional: Arg[];
  props: readonly Item[];
}

/** A number read by `quantity`: its value in base units, its dimension and the argument. */
export interface Quantity {
  value: number;
  dim: Dimension;
  arg: NumberArg;
}

/** The dimension lists the readers ask for, made once rather than per number read. */
export const DIMS = {
  TIME: ['time'],
  SIZE: ['size'],
  PLAIN: ['none'],
  PERCENT: ['percent'],
  LINE_RATE: ['bit-rate', 'byte-rate'],
  BYTE_RATE: ['byte-rate'],
  COUNT_RATE: ['count-rate'],
} as const satisfies Record<string, readonly Dimension[]>;

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly symbols: SymbolIndex = { definitions: [], references: [] };
  kernel: KernelProfile = 'linux-6.8';
  durationUs: number | null = null;
  readonly hosts = new Map<string, HostModel>();
  /** Which host owns each address, to report duplicates and resolve endpoints. */
  readonly addressOwner = new Map<string, string>();
  /** Public NAT addresses, to the nat's name. */
  readonly natAddresses = new Map<string, string>();
  /** Host pairs that have a link, as `a\0b` with a < b. */
  readonly linkPairs = new Set<string>();
  /** Each app's `nofile` line, to place descriptor warnings (its range is read only then). */
  readonly nofileLines = new Map<AppModel, Anchor>();
  /** `host.app` of each app, made once for its definition and every reference to it. */
  readonly appQualifiedNames = new Map<AppModel, string>();
  /** Work that needs every host first (references may point forward). */
  readonly deferred: (() => void)[] = [];
  /** Checks that need the deferred work done (connection counts for expect indexes). */
  readonly late: (() => void)[] = [];

  constructor(readonly text: string) {}

  report(severity: Severity, range: Range, code: string, message: string, fixes?: QuickFix[]): void {
    const d: Diagnostic = { range, severity, message, code };
    if (fixes && fixes.length) d.fixes = fixes;
    this.diagnostics.push(d);
  }
  error(range: Range, code: string, message: string, fixes?: QuickFix[]): void {
    this.report('error', range, code, message, fixes);
  }
  warn(range: Range, code: string, message: string, fixes?: QuickFix[]): void {
    this.report('warning', range, code, message, fixes);
  }

  /** Reports an unknown word with "did you mean" and a replacing quick fix. */
  unknown(range: Range, code: string, what: string, word: string, candidates: Iterable<string>, extra = ''): void {
    const best = didYouMean(word, candidates);
    const hint = best ? `; did you mean '${best}'?` : '';
    const fixes = best ? [replaceFix(range, best)] : undefined;
    this.error(range, code, `unknown ${what}: '${word}'${hint}${extra}`, fixes);
  }

  /** A word that is no keyword here: misplaced (valid elsewhere) or unknown (did you mean). */
  unknownKeyword(word: NameArg, context: KeywordContext, where: string): void {
    const elsewhere = KEYWORDS.filter((k) => k.name === word.text).flatMap((k) => k.where);
    if (elsewhere.length) {
      const places = elsewhere.map((w) => (w === 'top' ? 'at the top level' : w === 'scenario' || w === 'host' || w === 'app' ? `in ${w === 'app' ? 'an' : 'a'} ${w} block` : `after '${w.replace('-', ' ')}'`));
      this.error(word.range, 'misplaced-keyword', `'${word.text}' is not valid ${where}; it belongs ${places.join(' or ')}`);
      return;
    }
    this.unknown(word.range, 'unknown-keyword', `keyword ${where}`, word.text, keywordNamesIn(context));
  }

  /**
   * Splits a statement into positional arguments and properties. Properties come inline
   * (`listen tcp 80 backlog 10`) or as statements of its block (`listen tcp 80 { backlog 10 }`).
   */
  split(item: Item, maxPositional: number, context: KeywordContext, label = item.word): Split {
    // This runs for every statement: the context's bit is looked up once, and the arrays of the
    // result are the item's own or reused ones wherever that can be, so a large file makes little
    // garbage here.
    const args = item.args;
    const n = args.length;
    const bit = contextBit(context);
    // Where the inline properties start, found in one pass: telling a name from the other kinds
    // of argument is the costly part, so each argument is looked at once.
    const starts = this.propertyStarts;
    let inline = 0;
    for (let k = 0; k < n; k++) if (isProp(args[k], bit)) starts[inline++] = k;
    const firstProp = inline > 0 ? starts[0] : n;
    const i = Math.min(firstProp, maxPositional);
    let positional = args;
    if (i < n) {
      positional = this.positionals[i] ??= args.slice(0, i);
      for (let k = 0; k < i; k++) positional[k] = args[k];
    }
    if (i < firstProp && i < n) {
      // One positional too many: report it; the arguments up to the first property are dropped.
      const a = args[i];
      if (a.kind === 'name') this.unknownKeyword(a, context, `in '${label}'`);
      else this.error(a.range, 'unexpected-argument', `unexpected ${describeArg(a)} after '${label}'`);
    }
    // Counted first, so the array is made at its size rather than grown by `push` (trimmed
    // below in the rare case of a block line that is no property here).
    const statements = item.block ? item.block.statements : NO_STATEMENTS;
    const count = statements.length + inline;
    const out = this.lastSplit;
    out.positional = positional;
    if (count === 0 || (count === statements.length && allIn(statements, bit))) {
      // No property inline and every block line is one here (a host or app block): the block's
      // own list serves, as nothing changes a split's result.
      out.props = count === 0 ? NO_PROPS : statements;
      return out;
    }
    const props: Item[] = new Array(count);
    let at = 0;
    for (; at < inline; at++) {
      const from = starts[at];
      props[at] = new InlineProperty(args[from] as NameArg, args, from + 1, at + 1 < inline ? starts[at + 1] : n);
    }
    for (const st of statements) {
      if ((st.keywordContexts & bit) === 0) {
        this.unknownKeyword(st.keyword, context, `in '${label}'`);
        continue;
      }
      props[at++] = st;
    }
    if (at < count) props.length = at;
    out.props = props;
    return out;
  }
  private readonly lastSplit: Split = { positional: [], props: NO_PROPS };
  /** `split`'s list of where properties start, reused by every call. */
  private readonly propertyStarts: number[] = [];
  /** The positional arrays `split` hands out, one per length: shortening one array costs more. */
  private readonly positionals: Arg[][] = [];

  /** The last occurrence of a property, warning when it is set more than once. */
  single(props: readonly Item[], name: string): Item | undefined {
    let last: Item | undefined;
    for (const p of props) {
      if (p.word !== name) continue;
      if (last) this.warn(last.keyword.range, 'duplicate-property', `'${name}' is set again later; the last one wins`);
      last = p;
    }
    if (last?.block) this.error(last.block.range, 'unexpected-block', `'${name}' takes no block`);
    return last;
  }

  /**
   * Reads a number in one of the dimensions; returns the value in base units. The result object
   * is reused by the next call (this runs for every number in the file): read it at once.
   */
  quantity(arg: Arg | undefined, dims: readonly Dimension[], what: string, anchor: Anchor): Quantity | null {
    if (!arg) {
      this.error(anchor.range, 'missing-value', `'${what}' needs ${DIMENSION_NAMES[dims[0]]}`);
      return null;
    }
    if (arg.kind !== 'number') {
      this.error(arg.range, 'value-type', `'${what}' needs ${DIMENSION_NAMES[dims[0]]}, found ${describeArg(arg)}`);
      return null;
    }
    const info = arg.unitInfo;
    if (!info) {
      const unitRange: Range = { start: { line: arg.range.end.line, character: arg.range.end.character - arg.unit.length }, end: arg.range.end };
      const best = didYouMean(arg.unit, ALL_UNITS);
      this.error(unitRange, 'unknown-unit', `unknown unit '${arg.unit}'${best ? `; did you mean '${best}'?` : ''}`, best ? [replaceFix(unitRange, best)] : undefined);
      return null;
    }
    let dim = info.dimension;
    if (dim === 'none' && !hasDimension(dims, 'none')) {
      if (hasDimension(dims, 'size')) dim = 'size'; // a bare size is bytes, as setsockopt takes it
      else if (arg.value === 0 && hasDimension(dims, 'time')) dim = 'time';
      else {
        const units = dims.includes('time') ? ['s', 'ms'] : dims.includes('count-rate') ? ['/s'] : dims.includes('percent') ? ['%'] : dims.includes('bit-rate') ? ['Mbit/s', 'Gbit/s'] : [];
        this.error(arg.range, 'missing-unit', `'${what}' needs ${DIMENSION_NAMES[dims[0]]}: add a unit, e.g. '${arg.text}${units[0] ?? ''}'`,
          units.map((u) => ({ title: `Write '${arg.text}${u}'`, edits: [{ range: { start: arg.range.end, end: arg.range.end }, newText: u }] })));
        return null;
      }
    }
    if (!hasDimension(dims, dim)) {
      this.error(arg.range, 'wrong-unit', `'${what}' needs ${DIMENSION_NAMES[dims[0]]}, not ${DIMENSION_NAMES[dim]} ('${arg.text}')`);
      return null;
    }
    const value = dim === info.dimension ? inBaseUnit(arg.value, info) : arg.value;
    if (value < 0) {
      this.error(arg.range, 'value-range', `'${what}' cannot be negative`);
      return null;
    }
    const q = this.lastQuantity;
    q.value = value;
    q.dim = dim;
    q.arg = arg;
    return q;
  }
  // `value` starts as a non-number so V8 keeps the field tagged: whole numbers then stay small
  // integers all the way into the model, instead of one heap box per model field.
  private readonly lastQuantity: Quantity = { value: null as unknown as number, dim: 'none', arg: null as unknown as NumberArg };

  timeUs(arg: Arg | undefined, what: string, anchor: Anchor): number | null {
    const q = this.quantity(arg, DIMS.TIME, what, anchor);
    if (q && this.durationUs !== null && q.value > this.durationUs && what !== 'duration') {
      this.warn(q.arg.range, 'after-end', `${q.arg.text} is after the end of the run (duration ${this.durationText()}): it never takes effect`);
    }
    return q ? q.value : null;
  }

  durationText(): string {
    return `${(this.durationUs ?? 0) / 1e6}s`;
  }

  bytes(arg: Arg | undefined, what: string, anchor: Anchor): number | null {
    return this.quantity(arg, DIMS.SIZE, what, anchor)?.value ?? null;
  }

  /** A whole number without a unit, within [min, max]. */
  integer(arg: Arg | undefined, what: string, anchor: Anchor, min = 0, max = Number.MAX_SAFE_INTEGER): number | null {
    const q = this.quantity(arg, DIMS.PLAIN, what, anchor);
    if (!q) return null;
    if (!Number.isInteger(q.value) || q.value < min || q.value > max) {
      this.error(q.arg.range, 'value-range', `'${what}' must be a whole number from ${min} to ${max}, not ${q.arg.text}`);
      return null;
    }
    return q.value;
  }

  port(arg: Arg | undefined, what: string, anchor: Anchor): number | null {
    return this.integer(arg, what, anchor, 1, 65535);
  }

  /** A percentage as a probability 0..1. */
  fraction(arg: Arg | undefined, what: string, anchor: Anchor): number | null {
    const q = this.quantity(arg, DIMS.PERCENT, what, anchor);
    if (!q) return null;
    if (q.value > 1) {
      this.error(q.arg.range, 'value-range', `'${what}' must be between 0% and 100%, not ${q.arg.text}`);
      return null;
    }
    return q.value;
  }

  /** A line rate in bits per second; a byte rate is converted. */
  lineRate(arg: Arg | undefined, what: string, anchor: Anchor): number | null {
    if (arg?.kind === 'number' && arg.value === 0 && arg.unit === '') return 0;
    const q = this.quantity(arg, DIMS.LINE_RATE, what, anchor);
    if (!q) return null;
    return q.dim === 'byte-rate' ? q.value * 8 : q.value;
  }

  /** `noMoreArgs` for a property, copying an inline property's arguments only when there are extra ones. */
  noMoreArgsOf(it: Item, n: number, what: string): void {
    if ((it instanceof InlineProperty ? it.count : it.args.length) > n) this.noMoreArgs(it.args, n, what);
  }

  /** Expects exactly `n` arguments after a keyword; reports the extra ones. */
  noMoreArgs(args: Arg[], n: number, what: string): void {
    if (args.length > n) {
      const extra = args.slice(n);
      this.error({ start: extra[0].range.start, end: extra[extra.length - 1].range.end }, 'unexpected-argument', `unexpected ${describeArg(extra[0])} after '${what}'`);
    }
  }

  /**
   * Resolves `host` or `host.app` written in a name argument, recording the references.
   * Reports undefined names; returns null then, else the host.
   */
  resolve(name: NameArg, want: 'host' | 'app'): HostModel | null {
    // A plain host name is not split into parts: its one part is itself.
    const head = name.headNode;
    const hostName = head.text;
    const host = this.hosts.get(hostName);
    if (!host) {
      this.unknown(head.range, 'undefined-host', 'host', hostName, this.hosts.keys());
      return null;
    }
    this.symbols.references.push(new NodeReference('host', hostName, head, hostName));
    if (want === 'host') return host;
    const parts = name.parts;
    const hp = parts[0];
    const ap = parts.length > 1 ? parts[1] : undefined;
    if (!ap) {
      this.error(name.range, 'missing-app', `expected HOST.APP, e.g. '${hp.text}.${host.apps[0]?.name ?? 'app'}'`);
      return null;
    }
    const app = findApp(host, ap.text);
    if (!app) {
      this.unknown(ap.range, 'undefined-app', `app on host '${hp.text}'`, ap.text, host.apps.map((a) => a.name));
      return null;
    }
    this.symbols.references.push(new NodeReference('app', ap.text, ap, this.appQualifiedNames.get(app) ?? `${hp.text}.${ap.text}`));
    return host;
  }

  slice(r: Range): string {
    return sliceRange(this.text, r);
  }

  /**
   * A statement's source text, cut at its offsets: that needs no table of line starts (a pass
   * over the whole text each time the text changes). Not for one with a block: a block attached
   * from a later line leaves the offsets ending before the range does.
   */
  statementText(s: Statement): string {
    return s.block ? this.slice(s.range) : this.text.slice(s.start, s.end);
  }
}

/**
 * `list` with `x` added at the end. The model's per-host and per-app lists hold a few items, and
 * an array that `push` grows from empty gets room for 17: copying a short list into a literal of
 * its size keeps a large file's model (which the garbage collector copies while it is young) a
 * fraction smaller. Longer lists grow in place.
 */
export function added<T>(list: T[], x: T): T[] {
  switch (list.length) {
    case 0:
      return [x];
    case 1:
      return [list[0], x];
    case 2:
      return [list[0], list[1], x];
    default:
      list.push(x);
      return list;
  }
}

/** The app of that name on the host (a loop: hosts have a few apps, and this runs per reference). */
export function findApp(host: HostModel | undefined, name: string): AppModel | undefined {
  if (host === undefined) return undefined;
  const apps = host.apps;
  for (let i = 0; i < apps.length; i++) if (apps[i].name === name) return apps[i];
  return undefined;
}

/** `dims.includes(d)` as a loop the JIT inlines: `quantity` asks it of every number, of lists of one or two. */
function hasDimension(dims: readonly Dimension[], d: Dimension): boolean {
  for (let k = 0; k < dims.length; k++) if (dims[k] === d) return true;
  return false;
}

/** Whether an argument starts an inline property (`backlog` in `listen tcp 80 backlog 10`). */
function isProp(a: Arg, contextBit: number): boolean {
  // `instanceof`, not `kind`: a test of the prototype costs less than reading `kind` from
  // arguments of every kind (which V8 then looks up in its generic cache).
  return a instanceof NameArg && (a.keywordContexts & contextBit) !== 0;
}

/** Whether every statement is a keyword of the context (whose bit is `bit`). */
function allIn(statements: readonly Statement[], bit: number): boolean {
  for (let k = 0; k < statements.length; k++) if ((statements[k].keywordContexts & bit) === 0) return false;
  return true;
}

/** The properties of a statement that has none; shared, as nothing adds to a split's result. */
const NO_PROPS: readonly Item[] = [];
const NO_STATEMENTS: readonly Statement[] = [];

export function describeArg(a: Arg): string {
  switch (a.kind) {
    case 'string':
      return `string ${a.text}`;
    case 'op':
      return `'${a.text}'`;
    default:
      return `'${'text' in a ? a.text : 'value'}'`;
  }
}

export function replaceFix(range: Range, newText: string): QuickFix {
  return { title: `Change to '${newText}'`, edits: [{ range, newText }] };
}

/** Text of a range, for line/character positions in `text`. */
export function sliceRange(text: string, r: Range): string {
  const lines = lineOffsets(text);
  const a = (lines[r.start.line] ?? text.length) + r.start.character;
  const b = (lines[r.end.line] ?? text.length) + r.end.character;
  return text.slice(a, b);
}

let cachedText = '';
let cachedOffsets: number[] = [0];
export function lineOffsets(text: string): number[] {
  if (text === cachedText) return cachedOffsets;
  const out = [0];
  if (text.indexOf('\r') < 0) {
    // Only `\n` ends lines: `indexOf` finds each one far faster than a loop over every character.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  } else {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        out.push(i + 1);
      } else if (c === 10) out.push(i + 1);
    }
  }
  cachedText = text;
  cachedOffsets = out;
  return out;
}
