// `at TIME ACTION` events and `expect SUBJECT OP VALUE [± TOL] [at TIME]` statements.
import type { Arg, NameArg, Statement } from '../ast';
import { APP_METRICS, CONNECTION_FIELDS, ERRNOS, EVENT_ACTIONS, OUTCOMES, SOCKET_STATES } from '../keywords';
import type { CompareOp, ExpectSubject, ExpectValue, Scenario } from '../model';
import type { Dimension } from '../units';
import { type CheckContext, describeArg, DIMS, findApp, firstArg, InlineProperty, type Item, replaceFix } from './context';
import { counterExists, countersOn, findCounter } from '../catalogue';
import { resolveSysctl, sysctlValue } from './sysctl';

export function checkAt(ctx: CheckContext, s: Statement, out: Scenario): void {
  const args = s.args;
  const atUs = ctx.timeUs(args[0], 'at', s.keyword) ?? 0;
  const first = args[1];
  if (first && first.kind !== 'name') ctx.error(first.range, 'value-type', `expected an action after the time (${EVENT_ACTIONS.join(', ')}), found ${describeArg(first)}`);
  if (!first && !s.block) ctx.error(s.keyword.range, 'missing-value', "'at' needs a time and an action, e.g. 'at 30s stop server.nc'");
  // The action on the line itself, then those of its block.
  if (first?.kind === 'name') checkAction(ctx, new InlineProperty(first, args, 2, args.length), atUs, out);
  if (s.block) for (const b of s.block.statements) checkAction(ctx, b, atUs, out);
}

function checkAction(ctx: CheckContext, a: Item, atUs: number, out: Scenario): void {
  const action = a.word;
  if (action === 'stop' || action === 'continue' || action === 'kill') {
    const target = firstArg(a);
    ctx.noMoreArgsOf(a, 1, action);
    if (target?.kind !== 'name' || target.partCount !== 2) {
      ctx.error(target?.range ?? a.keyword.range, 'missing-app', `'${action}' needs HOST.APP, e.g. '${action} server.nc'`);
      return;
    }
    const parts = target.parts;
    out.events.push({ atUs, action, host: parts[0].text, app: parts[1].text, range: a.range });
    ctx.deferred.push(() => void ctx.resolve(target, 'app'));
  } else if (action === 'sysctl') {
    const list = a.args;
    const hostArg = list[0];
    if (hostArg?.kind !== 'name' || hostArg.partCount !== 1) {
      ctx.error(hostArg?.range ?? a.keyword.range, 'missing-name', "write 'sysctl HOST NAME = VALUE', e.g. 'sysctl server net.ipv4.tcp_syncookies = 0'");
      return;
    }
    ctx.deferred.push(() => void ctx.resolve(hostArg, 'host'));
    const spec = resolveSysctl(ctx, list[1], hostArg, a);
    if (!spec || list[1].kind !== 'name') return;
    const value = sysctlValue(ctx, spec, list[1], list, 2);
    if (value !== null) out.events.push({ atUs, action: 'sysctl', host: hostArg.text, name: spec.name, value, range: a.range });
  } else ctx.unknown(a.keyword.range, 'unknown-action', 'action', action, EVENT_ACTIONS);
}

const OPS: CompareOp[] = ['==', '!=', '<', '<=', '>', '>='];

/** What unit a subject's value is in. */
function subjectDimension(subject: ExpectSubject): readonly Dimension[] {
  const name = subject.kind === 'counter' ? subject.counter : subject.kind === 'app' ? subject.metric : subject.field;
  if (name === 'connect_time') return DIMS.TIME;
  if (SIZE_SUBJECTS.includes(name)) return DIMS.SIZE;
  return DIMS.PLAIN;
}
const SIZE_SUBJECTS = ['send_q', 'recv_q', 'bytes_read', 'rcvbuf'];

// The word lists, made once rather than per expect line.
const ERRNO_WORDS: readonly string[] = [...ERRNOS, 'none'];
const STATE_WORDS: readonly string[] = [...SOCKET_STATES, 'none'];
const BOOLEAN_WORDS: readonly string[] = ['true', 'false'];
const NO_WORDS: readonly string[] = [];

/** Words a subject may be compared with. */
function subjectWords(subject: ExpectSubject): readonly string[] {
  if (subject.kind !== 'connection') return NO_WORDS;
  switch (subject.field) {
    case 'result':
      return OUTCOMES;
    case 'errno':
      return ERRNO_WORDS;
    case 'state':
    case 'server_state':
      return STATE_WORDS;
    case 'accepted':
      return BOOLEAN_WORDS;
    default:
      return NO_WORDS;
  }
}

export function checkExpect(ctx: CheckContext, s: Statement, out: Scenario): void {
  const args = s.args;
  const subjArg = args[0] as Arg | undefined;
  const opArg = args[1] as Arg | undefined;
  const valueArg = args[2] as Arg | undefined;
  if (s.block) ctx.error(s.block.range, 'unexpected-block', "'expect' takes no block");
  if (subjArg?.kind !== 'name') {
    ctx.error(subjArg?.range ?? s.keyword.range, 'missing-value', "'expect' needs a subject: HOST.Counter, HOST.APP.metric or HOST.APP[i].field");
    return;
  }
  const subject = parseSubject(ctx, subjArg);
  let op: CompareOp | null = null;
  if (opArg?.kind === 'op' && (OPS as string[]).includes(opArg.text)) op = opArg.text as CompareOp;
  else if (opArg?.kind === 'op' && opArg.text === '=') ctx.error(opArg.range, 'expect-operator', "compare with '==', not '='", [replaceFix(opArg.range, '==')]);
  else ctx.error(opArg?.range ?? subjArg.range, 'expect-operator', `expected a comparison (${OPS.join(' ')}) after the subject`);
  if (!subject || !op) return;
  const dims = subjectDimension(subject);
  const words = subjectWords(subject);
  let value: ExpectValue | null = null;
  if (valueArg?.kind === 'name') {
    if (!words.length) ctx.error(valueArg.range, 'value-type', `this subject is a number; '${valueArg.text}' is a word`);
    else if (!words.includes(valueArg.text)) ctx.unknown(valueArg.range, 'unknown-value', 'value', valueArg.text, words, ` (expected one of: ${words.join(', ')})`);
    else if (op !== '==' && op !== '!=') ctx.error(opArg!.range, 'expect-operator', `'${valueArg.text}' can only be compared with == or !=`);
    else value = { kind: 'word', value: valueArg.text };
  } else if (valueArg?.kind === 'number' && words.length && subject.kind === 'connection' && subject.field !== 'accepted') {
    ctx.error(valueArg.range, 'value-type', `'${subject.field}' is compared with a word: ${words.join(', ')}`);
  } else {
    const q = ctx.quantity(valueArg, dims, 'expect', opArg!);
    if (q) value = { kind: 'number', value: q.value };
  }
  let tolerance = 0;
  let atUs: number | null = null;
  // What follows the value: `± TOLERANCE` and `at TIME`.
  for (let i = 3; i < args.length; i++) {
    const a = args[i];
    if (a.kind === 'op' && (a.text === '±' || a.text === '+-')) {
      const q = ctx.quantity(args[++i], dims, 'tolerance', a);
      if (q) tolerance = q.value;
    } else if (a.kind === 'name' && a.text === 'at') {
      atUs = ctx.timeUs(args[++i], 'at', a);
    } else {
      ctx.error(a.range, 'unexpected-argument', `unexpected ${describeArg(a)}: an expect may end with '± TOLERANCE' and 'at TIME'`);
      break;
    }
  }
  if (!value) return;
  const range = s.range;
  out.expects.push({ line: range.start.line + 1, text: ctx.statementText(s), subject, op, value, tolerance, atUs, range });
}

function parseSubject(ctx: CheckContext, name: NameArg): ExpectSubject | null {
  const parts = name.parts;
  const hp = parts[0];
  const ap = parts[1];
  const fp = parts[2];
  const example = "HOST.Counter, HOST.APP.metric or HOST.APP[i].field";
  if (name.parts.length < 2 || name.parts.length > 3 || hp.index) {
    ctx.error(name.range, 'expect-subject', `expected ${example}, found '${ctx.slice(name.range)}'`);
    return null;
  }
  const host = hp.text;
  ctx.deferred.push(() => void ctx.resolve(name, name.parts.length === 2 ? 'host' : 'app'));
  if (name.parts.length === 2) {
    if (ap.index) {
      ctx.error(name.range, 'expect-subject', `add the field to read: '${ctx.slice(name.range)}.errno' (fields: ${CONNECTION_FIELDS.join(', ')})`);
      return null;
    }
    const spec = findCounter(ap.text);
    if (!spec) {
      ctx.deferred.push(() => {
        const app = findApp(ctx.hosts.get(host), ap.text);
        if (app) ctx.error(name.range, 'expect-subject', `'${name.text}' is an app: add a metric, e.g. '${name.text}.accepted' (${APP_METRICS.join(', ')})`);
        else ctx.unknown(ap.range, 'unknown-counter', 'counter', ap.text, countersOn(ctx.kernel).map((c) => c.name));
      });
      return null;
    }
    if (!counterExists(spec, ctx.kernel)) {
      ctx.error(ap.range, 'counter-not-on-kernel', `${spec.name} does not exist on ${ctx.kernel} (only on ${spec.kernels?.join(', ')})`);
      return null;
    }
    return { kind: 'counter', host, counter: spec.name };
  }
  if (ap.index) {
    const { from, to, range } = ap.index;
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from) {
      ctx.error(range, 'index-range', 'a connection index is a whole number from 0, and a range runs upwards: [10..19]');
      return null;
    }
    if (!(CONNECTION_FIELDS as readonly string[]).includes(fp.text)) {
      ctx.unknown(fp.range, 'unknown-field', 'connection field', fp.text, CONNECTION_FIELDS);
      return null;
    }
    ctx.late.push(() => {
      const app = findApp(ctx.hosts.get(host), ap.text);
      if (!app) return;
      const total = app.connects.reduce((n, c) => n + c.count, 0);
      if (to >= total) ctx.error(range, 'index-range', `${host}.${app.name} opens ${total} connection${total === 1 ? '' : 's'} (numbered 0 to ${total - 1}); there is no connection ${to}`);
    });
    return { kind: 'connection', host, app: ap.text, from, to, field: fp.text };
  }
  if (fp.index) {
    ctx.error(fp.index.range, 'expect-subject', 'the connection index goes after the app name: HOST.APP[i].field');
    return null;
  }
  if (!(APP_METRICS as readonly string[]).includes(fp.text)) {
    ctx.unknown(fp.range, 'unknown-metric', 'app metric', fp.text, APP_METRICS);
    return null;
  }
  return { kind: 'app', host, app: ap.text, metric: fp.text };
}
