// `app NAME { nofile …; listen …; accept …; read …; close …; connect …; send …; udp … }`.
import type { AppModel, HostModel } from '../model';
import { NodeDefinition, type SymbolDefinition } from '../symbols';
import { added, type CheckContext, DIMS, findApp, firstArg, type Item } from './context';
import { endpoint } from './endpoints';

/** listen(2) backlog when `backlog` is left out: what most servers pass (SOMAXCONN of old). */
export const DEFAULT_BACKLOG = 128;
/** Descriptors a process holds before it opens anything: stdin, stdout, stderr. */
export const DEFAULT_FDS_USED = 3;

export function checkApp(ctx: CheckContext, host: HostModel, hostDef: SymbolDefinition, item: Item): void {
  const { positional, props } = ctx.split(item, 1, 'app');
  const nameArg = positional[0];
  if (!nameArg || nameArg.kind !== 'name' || nameArg.partCount !== 1) {
    ctx.error(nameArg?.range ?? item.keyword.range, 'missing-name', "'app' needs a name, e.g. 'app nc {'");
    return;
  }
  const name = nameArg.text;
  const qualifiedName = `${host.name}.${name}`;
  const range = item.range;
  hostDef.children = added(hostDef.children, new NodeDefinition(name, qualifiedName, 'app', range, nameArg));
  if (findApp(host, name)) {
    ctx.error(nameArg.range, 'duplicate-app', `app '${name}' is already defined on host '${host.name}'`);
    return;
  }
  const app: AppModel = {
    name,
    host: host.name,
    nofile: null,
    listens: [],
    accept: { mode: 'loop', intervalUs: 0 },
    read: { mode: 'all' },
    close: null,
    connects: [],
    sends: [],
    udpBinds: [],
    udpSends: [],
    range,
  };
  host.apps = added(host.apps, app);
  ctx.appQualifiedNames.set(app, qualifiedName);
  for (const p of props) {
    switch (p.word) {
      case 'nofile':
        nofile(ctx, app, p);
        break;
      case 'listen':
        listen(ctx, host, app, p);
        break;
      case 'accept':
        accept(ctx, app, p);
        break;
      case 'read':
        read(ctx, app, p);
        break;
      case 'close': {
        const { props: cp } = ctx.split(p, 0, 'close');
        const after = ctx.single(cp, 'after');
        if (!after) ctx.error(p.keyword.range, 'missing-property', "'close' needs a delay: 'close after 2s'");
        else {
          const us = ctx.timeUs(firstArg(after), 'after', after.keyword);
          if (us !== null) app.close = { afterUs: us, range: p.range };
        }
        break;
      }
      case 'connect':
        connect(ctx, app, p);
        break;
      case 'send':
        send(ctx, app, p);
        break;
      case 'udp':
        udp(ctx, app, p);
        break;
    }
  }
}

function nofile(ctx: CheckContext, app: AppModel, p: Item): void {
  const { positional, props } = ctx.split(p, 1, 'nofile');
  const limit = ctx.integer(positional[0], 'nofile', p.keyword, 1, 1 << 30);
  const usedItem = ctx.single(props, 'used');
  const used = usedItem ? ctx.integer(firstArg(usedItem), 'used', usedItem.keyword, 0, 1 << 30) : DEFAULT_FDS_USED;
  if (limit !== null && used !== null) {
    app.nofile = { limit, used };
    ctx.nofileLines.set(app, p);
  }
}

function listen(ctx: CheckContext, host: HostModel, app: AppModel, p: Item): void {
  const { positional, props } = ctx.split(p, 2, 'listen');
  if (!protocolTcp(ctx, p, positional[0], 'listen tcp 8080')) return;
  const port = ctx.port(positional[1], 'listen', p.keyword);
  const b = ctx.single(props, 'backlog');
  const backlog = b ? ctx.integer(firstArg(b), 'backlog', b.keyword, 0, 2147483647) : DEFAULT_BACKLOG;
  if (port === null || backlog === null) return;
  const taken = host.apps.find((a) => a.listens.some((l) => l.port === port));
  if (taken) {
    ctx.error(positional[1].range, 'duplicate-port', `port ${port} is already listened on by '${host.name}.${taken.name}': bind() would fail with EADDRINUSE`);
    return;
  }
  app.listens = added(app.listens, { port, backlog, range: p.range });
}

function protocolTcp(ctx: CheckContext, p: Item, arg: Item['args'][number] | undefined, example: string): boolean {
  if (arg?.kind === 'name' && arg.text === 'tcp') return true;
  const hint = arg?.kind === 'name' && arg.text === 'udp' ? ` (for UDP write 'udp ${p.word === 'listen' ? 'bind' : 'send'} …')` : '';
  ctx.error(arg?.range ?? p.keyword.range, 'missing-protocol', `expected 'tcp' after '${p.word}', as in '${example}'${hint}`);
  return false;
}

function accept(ctx: CheckContext, app: AppModel, p: Item): void {
  const { positional, props } = ctx.split(p, 1, 'accept');
  const every = ctx.single(props, 'every');
  if (positional[0]?.kind === 'name' && positional[0].text === 'off' && !every) {
    app.accept = { mode: 'off' };
    return;
  }
  if (!every || positional.length) {
    ctx.error(positional[0]?.range ?? p.keyword.range, 'accept-mode', "write 'accept every TIME' (0s = as fast as possible) or 'accept off'");
    return;
  }
  const us = ctx.timeUs(firstArg(every), 'every', every.keyword);
  if (us !== null) app.accept = { mode: 'loop', intervalUs: us };
}

function read(ctx: CheckContext, app: AppModel, p: Item): void {
  const a = p.args[0];
  ctx.noMoreArgs(p.args, 1, 'read');
  if (a?.kind === 'name' && (a.text === 'all' || a.text === 'off')) {
    app.read = { mode: a.text };
    return;
  }
  if (a?.kind === 'name') {
    ctx.unknown(a.range, 'value-type', "value for 'read'", a.text, ['all', 'off'], " (or a byte rate such as '1KiB/s')");
    return;
  }
  const q = ctx.quantity(a, DIMS.BYTE_RATE, 'read', p.keyword);
  if (q) app.read = { mode: 'rate', bytesPerSec: q.value };
}

function connect(ctx: CheckContext, app: AppModel, p: Item): void {
  const { positional, props } = ctx.split(p, 2, 'connect');
  if (!protocolTcp(ctx, p, positional[0], 'connect tcp server:8080')) return;
  const count = optCount(ctx, props, 1, 1_000_000);
  const every = optTime(ctx, props, 'every', 0);
  const start = optTime(ctx, props, 'start', 0);
  if (count === null || every === null || start === null) return;
  endpoint(ctx, positional[1], true, 'connect', p.keyword, (ep) => {
    app.connects = added(app.connects, { address: ep.address, port: ep.port ?? 0, targetHost: ep.targetHost, count, intervalUs: every, startUs: start, range: p.range });
  });
}

function send(ctx: CheckContext, app: AppModel, p: Item): void {
  const { positional, props } = ctx.split(p, 1, 'send');
  const bytes = ctx.bytes(positional[0], 'send', p.keyword);
  const every = optTime(ctx, props, 'every', 0);
  const count = optCount(ctx, props, 1, 1_000_000_000);
  if (bytes === null || every === null || count === null) return;
  if (every === 0 && count > 1) {
    ctx.error(props.find((x) => x.word === 'count')!.range, 'missing-property', `'count ${count}' needs an interval: add 'every TIME'`);
    return;
  }
  app.sends = added(app.sends, { bytes, intervalUs: every, count, range: p.range });
}

function udp(ctx: CheckContext, app: AppModel, p: Item): void {
  const mode = p.args[0];
  if (mode?.kind === 'name' && mode.text === 'bind') {
    const { positional, props } = ctx.split({ word: p.word, keyword: p.keyword, args: p.args.slice(1), block: p.block, range: p.range }, 1, 'udp-bind', 'udp bind');
    const port = ctx.port(positional[0], 'udp bind', mode);
    const rcv = ctx.single(props, 'rcvbuf');
    const rcvbuf = rcv ? ctx.bytes(firstArg(rcv), 'rcvbuf', rcv.keyword) : null;
    const readItem = optional(ctx, props, 'read');
    const readPerSec = readItem ? udpRead(ctx, firstArg(readItem), readItem) : Infinity;
    if (port === null || readPerSec === null || (rcv && rcvbuf === null)) return;
    if (app.udpBinds.some((b) => b.port === port)) {
      ctx.error(positional[0].range, 'duplicate-port', `udp port ${port} is already bound by this app`);
      return;
    }
    app.udpBinds = added(app.udpBinds, { port, rcvbuf, readPerSec, range: p.range });
    return;
  }
  if (mode?.kind === 'name' && mode.text === 'send') {
    const { positional, props } = ctx.split({ word: p.word, keyword: p.keyword, args: p.args.slice(1), block: p.block, range: p.range }, 1, 'udp-send', 'udp send');
    const rateItem = ctx.single(props, 'rate');
    const sizeItem = ctx.single(props, 'size');
    if (!rateItem || !sizeItem) {
      ctx.error(p.keyword.range, 'missing-property', `'udp send' needs ${!rateItem ? "'rate N/s'" : "'size SIZE'"}, e.g. 'udp send server:5000 rate 1000/s size 1400B'`);
    }
    const rate = rateItem ? ctx.quantity(firstArg(rateItem), DIMS.COUNT_RATE, 'rate', rateItem.keyword)?.value ?? null : null;
    const size = sizeItem ? ctx.bytes(firstArg(sizeItem), 'size', sizeItem.keyword) : null;
    const count = optCount(ctx, props, Infinity, 1_000_000_000);
    const start = optTime(ctx, props, 'start', 0);
    if (rate === null || size === null || count === null || start === null) return;
    if (size > 65507) ctx.error(firstArg(sizeItem!)!.range, 'value-range', `a UDP payload holds at most 65507 bytes over IPv4, not ${size}`);
    endpoint(ctx, positional[0], true, 'udp send', mode, (ep) => {
      app.udpSends = added(app.udpSends, { address: ep.address, port: ep.port ?? 0, targetHost: ep.targetHost, ratePerSec: rate, size, count, startUs: start, range: p.range });
    });
    return;
  }
  if (mode?.kind === 'name') ctx.unknown(mode.range, 'unknown-keyword', "word after 'udp'", mode.text, ['bind', 'send']);
  else ctx.error(mode?.range ?? p.keyword.range, 'missing-value', "write 'udp bind PORT …' or 'udp send HOST:PORT …'");
}

function udpRead(ctx: CheckContext, a: Item['args'][number] | undefined, it: Item): number | null {
  if (a?.kind === 'name' && a.text === 'all') return Infinity;
  if (a?.kind === 'name' && a.text === 'off') return 0;
  return ctx.quantity(a, DIMS.COUNT_RATE, 'read', it.keyword)?.value ?? null;
}

// The optional single-valued properties, read without a callback per property: these run for
// every connect and send line of a large file.

/** An optional single-valued property (a second value is reported), or undefined. */
function optional(ctx: CheckContext, props: readonly Item[], key: string): Item | undefined {
  const it = ctx.single(props, key);
  if (it) ctx.noMoreArgsOf(it, 1, key);
  return it;
}

/** An optional time in microseconds: `dflt` when absent, null when wrong. */
function optTime(ctx: CheckContext, props: readonly Item[], key: string, dflt: number): number | null {
  const it = optional(ctx, props, key);
  return it ? ctx.timeUs(firstArg(it), key, it.keyword) : dflt;
}

/** An optional `count`, a whole number from 1 to `max`: `dflt` when absent, null when wrong. */
function optCount(ctx: CheckContext, props: readonly Item[], dflt: number, max: number): number | null {
  const it = optional(ctx, props, 'count');
  return it ? ctx.integer(firstArg(it), 'count', it.keyword, 1, max) : dflt;
}
