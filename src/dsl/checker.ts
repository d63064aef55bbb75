// The checker: gives the generic syntax tree its meaning and builds the model the engine runs.
// Order matters: the header first (the kernel profile decides sysctl defaults), then hosts, then
// the statements that refer to them; references are resolved once every host is known, so a
// file may use a host before defining it.
import type { Statement } from './ast';
import { checkApp } from './check/apps';
import { added, CheckContext, firstArg } from './check/context';
import { effectiveHostWarnings } from './check/effective';
import { checkAt, checkExpect } from './check/events';
import { checkHost } from './check/hosts';
import { checkDrop, checkLink, checkNat } from './check/network';
import { type Diagnostic, sortDiagnostics } from './diagnostics';
import { KERNEL_PROFILES, type KernelProfile, type Scenario } from './model';
import type { ParseResult } from './parser';
import type { SymbolIndex } from './symbols';

export interface CheckResult {
  /** The checked model, or null when there are errors. */
  model: Scenario | null;
  /**
   * The model as far as it could be built, even with errors: hover uses it for effective
   * values while the file is being edited. Never hand it to the engine.
   */
  draft: Scenario;
  /** The checker's own diagnostics; `analyze` merges them with the parser's. */
  diagnostics: Diagnostic[];
  symbols: SymbolIndex;
}

/** Defaults for optional header properties. */
export const DEFAULT_SEED = 1;
export const DEFAULT_SAMPLE_US = 100_000;

export function check(parsed: ParseResult, fileName: string): CheckResult {
  const ctx = new CheckContext(parsed.text);
  try {
    const model = build(ctx, parsed, fileName);
    const hasError = parsed.diagnostics.some((d) => d.severity === 'error') || ctx.diagnostics.some((d) => d.severity === 'error');
    return { model: hasError ? null : model, draft: model, diagnostics: sortDiagnostics(ctx.diagnostics), symbols: ctx.symbols };
  } catch (e) {
    // A bug in the checker must not take the editor or the CLI down with it.
    ctx.error({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, 'internal-error', `internal checker error: ${(e as Error)?.message ?? e}`);
    return { model: null, draft: emptyScenario(fileName), diagnostics: sortDiagnostics(ctx.diagnostics), symbols: ctx.symbols };
  }
}

function emptyScenario(fileName: string): Scenario {
  return {
    file: fileName,
    name: '',
    kernel: 'linux-6.8',
    durationUs: 0,
    seed: DEFAULT_SEED,
    sampleUs: DEFAULT_SAMPLE_US,
    hosts: [],
    links: [],
    nats: [],
    drops: [],
    events: [],
    expects: [],
  };
}

function build(ctx: CheckContext, parsed: ParseResult, fileName: string): Scenario {
  const top = parsed.file.statements;
  const scenario = emptyScenario(fileName);
  const headers = top.filter((s) => s.word === 'scenario');
  if (headers.length === 0) {
    const insert = 'scenario "name" {\n  kernel linux-6.8\n  duration 60s\n}\n\n';
    ctx.error(
      { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      'missing-scenario',
      "the file has no scenario header: start it with 'scenario \"NAME\" { kernel …; duration … }'",
      [{ title: 'Add a scenario header', edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: insert }] }],
    );
  } else header(ctx, headers[0], scenario);
  for (const extra of headers.slice(1)) ctx.error(extra.keyword.range, 'duplicate-scenario', 'a file has exactly one scenario header; this is a second one');

  for (const s of top) {
    switch (s.word) {
      case 'scenario':
        break;
      case 'host':
        checkHost(ctx, s);
        break;
      case 'link':
        checkLink(ctx, s, scenario);
        break;
      case 'nat':
        checkNat(ctx, s, scenario);
        break;
      case 'drop':
        checkDrop(ctx, s, scenario);
        break;
      case 'at':
        checkAt(ctx, s, scenario);
        break;
      case 'expect':
        checkExpect(ctx, s, scenario);
        break;
      default:
        misplaced(ctx, s);
    }
  }
  assignAddresses(ctx);
  for (const f of ctx.deferred) f();
  for (const f of ctx.late) f();
  for (const h of ctx.hosts.values()) effectiveHostWarnings(ctx, h);
  scenario.hosts = [...ctx.hosts.values()];
  return scenario;
}

function misplaced(ctx: CheckContext, s: Statement): void {
  if (s.word === 'app') {
    ctx.error(s.keyword.range, 'misplaced-keyword', "an app runs on a host: put 'app …' inside a 'host NAME { … }' block");
    // Still check it, so its own mistakes show up too.
    checkApp(ctx, { name: '', addresses: [], sysctls: {}, overridden: [], nics: [], apps: [], range: s.range }, { name: '', qualifiedName: '', kind: 'host', range: s.range, selectionRange: s.range, children: [] }, s);
    return;
  }
  ctx.unknownKeyword(s.keyword, 'top', 'at the top level');
}

function header(ctx: CheckContext, s: Statement, out: Scenario): void {
  const { positional, props } = ctx.split(s, 1, 'scenario');
  const nameArg = positional[0];
  if (nameArg?.kind === 'string') out.name = nameArg.value;
  else if (nameArg?.kind === 'name') out.name = nameArg.text;
  else ctx.error(nameArg?.range ?? s.keyword.range, 'missing-name', 'the scenario needs a name: scenario "NAME" { … }');
  ctx.symbols.definitions.push({ name: out.name, qualifiedName: out.name, kind: 'scenario', range: s.range, selectionRange: nameArg?.range ?? s.keyword.range, children: [] });

  const insertAt = s.block
    ? { line: s.block.range.start.line + 1, character: 0 }
    : s.range.end;
  const insert = (line: string) => (s.block ? `  ${line}\n` : ` ${line}`);

  const kernel = ctx.single(props, 'kernel');
  const k = kernel && firstArg(kernel);
  if (!kernel) {
    ctx.error(s.keyword.range, 'missing-kernel', `the scenario needs a kernel profile: ${KERNEL_PROFILES.join(', ')}`, KERNEL_PROFILES.map((p) => ({ title: `Add 'kernel ${p}'`, edits: [{ range: { start: insertAt, end: insertAt }, newText: insert(`kernel ${p}`) }] })));
  } else if (k?.kind === 'name' && (KERNEL_PROFILES as readonly string[]).includes(k.text)) {
    out.kernel = k.text as KernelProfile;
    ctx.kernel = out.kernel;
    ctx.noMoreArgsOf(kernel, 1, 'kernel');
  } else if (k?.kind === 'name') {
    ctx.unknown(k.range, 'unknown-kernel', 'kernel profile', k.text, KERNEL_PROFILES, ` (profiles: ${KERNEL_PROFILES.join(', ')})`);
  } else ctx.error(k?.range ?? kernel.keyword.range, 'missing-value', `'kernel' needs a profile: ${KERNEL_PROFILES.join(', ')}`);

  const duration = ctx.single(props, 'duration');
  if (!duration) {
    ctx.error(s.keyword.range, 'missing-duration', 'the scenario needs a duration, e.g. duration 60s', [{ title: "Add 'duration 60s'", edits: [{ range: { start: insertAt, end: insertAt }, newText: insert('duration 60s') }] }]);
  } else {
    const value = firstArg(duration);
    const us = ctx.timeUs(value, 'duration', duration.keyword);
    if (us === 0) ctx.error(value!.range, 'value-range', 'the duration must be longer than 0s');
    else if (us !== null) {
      out.durationUs = us;
      ctx.durationUs = us;
    }
    ctx.noMoreArgsOf(duration, 1, 'duration');
  }

  const seed = ctx.single(props, 'seed');
  if (seed) out.seed = ctx.integer(firstArg(seed), 'seed', seed.keyword, 0, 0xffffffff) ?? DEFAULT_SEED;

  const sample = ctx.single(props, 'sample');
  if (sample) {
    const every = ctx.single(ctx.split(sample, 0, 'sample').props, 'every');
    const value = every && firstArg(every);
    const us = every ? ctx.timeUs(value, 'every', every.keyword) : null;
    if (!every) ctx.error(sample.keyword.range, 'missing-property', "write 'sample every 100ms'");
    else if (us === 0) ctx.error(value!.range, 'value-range', 'the sampling interval must be longer than 0s');
    else if (us !== null) out.sampleUs = us;
  }
}

/**
 * Hosts written without an `address` get one from 10.0.0.1 upwards, skipping addresses in use, so
 * small scenarios need not spell out addresses.
 */
function assignAddresses(ctx: CheckContext): void {
  let n = 0;
  const next = () => {
    for (;;) {
      n++;
      const a = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      if ((n & 255) !== 0 && (n & 255) !== 255 && !ctx.addressOwner.has(a) && !ctx.natAddresses.has(a)) return a;
    }
  };
  for (const h of ctx.hosts.values()) {
    if (h.addresses.length) continue;
    const a = next();
    ctx.addressOwner.set(a, h.name);
    h.addresses = added(h.addresses, a);
  }
}
