// Sysctl names and values: lookup in the catalogue, presence on the kernel profile, units and
// bounds. Used by host blocks and by `at TIME sysctl` events.
import { type Arg, type NameArg, NumberArg } from '../ast';
import { editDistance } from '../diagnostics';
import { findSysctl, isLinuxSysctl, sysctlRange, sysctlsOn, sysctlValueKnown, SYSCTLS } from '../catalogue';
import type { SysctlSpec } from '../catalogue/types';
import type { KernelProfile, Range } from '../model';
import type { Dimension } from '../units';
import { type Anchor, type CheckContext, describeArg, replaceFix } from './context';

const SYSCTL_NAMES = SYSCTLS.map((s) => s.name);

const defaultsByKernel = new Map<KernelProfile, Record<string, number | number[]>>();

/**
 * Every sysctl the profile has, at its default: a fresh table per host, as hosts override their
 * own. A vector default is one frozen array that every host's table shares: an override replaces
 * the value, and nothing may change a default in place.
 */
export function defaultSysctls(kernel: KernelProfile): Record<string, number | number[]> {
  let table = defaultsByKernel.get(kernel);
  if (!table) {
    const on = sysctlsOn(kernel);
    const value = (d: number | number[]) => (Array.isArray(d) ? Object.freeze([...d]) : d) as number | number[];
    table = Object.fromEntries(on.map((s) => [s.name, value(s.defaults[kernel]!)]));
    defaultsByKernel.set(kernel, table);
  }
  return { ...table };
}

/** Resolves a sysctl name, reporting unknown names and names the kernel profile lacks. */
/** `anchor` and `line` (the statement) are read only to report a problem. */
export function resolveSysctl(ctx: CheckContext, name: Arg | undefined, anchor: Anchor, line: Anchor): SysctlSpec | null {
  if (!name) {
    ctx.error(anchor.range, 'missing-value', "'sysctl' needs a name, e.g. 'sysctl net.core.somaxconn = 128'");
    return null;
  }
  if (name.kind !== 'name') {
    ctx.error(name.range, 'value-type', `expected a sysctl name, found ${describeArg(name)}`);
    return null;
  }
  const spec = findSysctl(name.text);
  if (!spec && isLinuxSysctl(name.text)) {
    // Real, so not a typo; but a catalogue name one letter away may be what was meant
    // (tcp_dsack for tcp_sack). A looser match would offer rmem_max for optmem_max.
    const best = SYSCTL_NAMES.find((n) => editDistance(n, name.text) === 1);
    ctx.warn(name.range, 'unmodelled-sysctl', `${name.text} is not modelled: the engine ignores it${best ? `; did you mean '${best}'?` : ''}`, best ? [replaceFix(name.range, best)] : undefined);
    return null;
  }
  if (!spec) {
    ctx.unknown(name.range, 'unknown-sysctl', 'sysctl', name.text, SYSCTL_NAMES);
    return null;
  }
  if (spec.defaults[ctx.kernel] === undefined) {
    const has = Object.keys(spec.defaults).join(', ');
    const why = spec.history ? ` ${spec.history}` : '';
    ctx.error(name.range, 'sysctl-not-on-kernel', `${spec.name} does not exist on ${ctx.kernel} (it exists on ${has || 'none of the profiles'}).${why}`, [
      { title: `Remove this sysctl line`, edits: [{ range: wholeLines(line.range), newText: '' }] },
    ]);
    return null;
  }
  return spec;
}

/**
 * `= V` or `= V V V` after a sysctl name, read from `args` at `from` (without copying them out);
 * null after reporting when the values are wrong.
 */
export function sysctlValue(ctx: CheckContext, spec: SysctlSpec, nameArg: NameArg, args: readonly Arg[], from: number): number | number[] | null {
  let first = from;
  const eq = args[first];
  if (eq?.kind === 'op' && eq.text === '=') first++;
  else {
    const at = nameArg.range.end;
    ctx.error(nameArg.range, 'missing-equals', `write '=' between the sysctl name and its value: '${spec.name} = …'`, [
      { title: "Insert '='", edits: [{ range: { start: at, end: at }, newText: ' =' }] },
    ]);
    if (eq?.kind === 'op') return null;
  }
  const count = args.length - first;
  if (count !== spec.arity) {
    const example = Array.isArray(spec.defaults[ctx.kernel]) ? ` (default: ${(spec.defaults[ctx.kernel] as number[]).join(' ')})` : '';
    const r = count ? { start: args[first].range.start, end: args[args.length - 1].range.end } : nameArg.range;
    ctx.error(r, 'sysctl-arity', `${spec.name} takes ${spec.arity} value${spec.arity > 1 ? 's' : ''}, found ${count}${example}`);
    return null;
  }
  const range = sysctlRange(spec, ctx.kernel);
  if (spec.arity === 1) return sysctlElement(ctx, spec, args[first], range);
  // Made at its size: the model keeps vector values.
  const out: number[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const n = sysctlElement(ctx, spec, args[first + i], range);
    if (n === null) return null;
    out[i] = n;
  }
  return out;
}

/** One value of a sysctl, within the profile's bounds and meaningful there; null after reporting. */
function sysctlElement(ctx: CheckContext, spec: SysctlSpec, v: Arg, { min, max }: { min: number; max: number }): number | null {
  const n = sysctlNumber(ctx, spec, v);
  if (n === null) return null;
  if (n < min || n > max) {
    ctx.error(v.range, 'value-range', `${spec.name} = ${n} is out of range on ${ctx.kernel}: allowed ${min} to ${max}`);
    return null;
  }
  if (!sysctlValueKnown(spec, n, ctx.kernel)) {
    const list = Object.entries(spec.values ?? {}).filter(([k]) => sysctlValueKnown(spec, Number(k), ctx.kernel)).map(([k, d]) => `${k} (${d})`).join(', ');
    ctx.error(v.range, 'value-range', `${spec.name} = ${n} has no meaning on ${ctx.kernel}; use ${list}`);
    return null;
  }
  return n;
}

const UNIT_DIMS: Record<SysctlSpec['unit'], { dims: Dimension[]; scale: number }> = {
  count: { dims: ['none'], scale: 1 },
  packets: { dims: ['none'], scale: 1 },
  pages: { dims: ['none'], scale: 1 },
  boolean: { dims: ['none'], scale: 1 },
  mode: { dims: ['none'], scale: 1 },
  jiffies: { dims: ['none'], scale: 1 },
  bytes: { dims: ['size'], scale: 1 },
  seconds: { dims: ['none', 'time'], scale: 1e6 },
  milliseconds: { dims: ['none', 'time'], scale: 1e3 },
  microseconds: { dims: ['none', 'time'], scale: 1 },
};

function sysctlNumber(ctx: CheckContext, spec: SysctlSpec, v: Arg): number | null {
  const u = UNIT_DIMS[spec.unit];
  // Some sysctls take negative values; the bounds check below decides.
  const negative = v.kind === 'number' && v.value < 0;
  const q = ctx.quantity(negative ? new NumberArg({ value: -v.value, unit: v.unit, text: v.text, unitInfo: v.unitInfo }, v.line, v.character) : v, u.dims, spec.name, v);
  if (!q) return null;
  const n = (negative ? -1 : 1) * (q.dim === 'time' ? q.value / u.scale : q.value);
  if (!Number.isInteger(n)) {
    ctx.error(v.range, 'value-range', `${spec.name} takes whole ${spec.unit}: ${q.arg.text} is not`);
    return null;
  }
  return n;
}

/** The full lines of a range, line break included, for "remove this line" fixes. */
function wholeLines(r: Range): Range {
  return { start: { line: r.start.line, character: 0 }, end: { line: r.end.line + 1, character: 0 } };
}
