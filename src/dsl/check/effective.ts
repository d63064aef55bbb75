// Warnings that explain what the kernel will actually do with a value the user wrote, so the
// surprise shows up in the editor rather than in the run.
import type { AppModel, HostModel, Range } from '../model';
import { formatBytes } from '../units';
import type { CheckContext } from './context';

/** SOCK_MIN_RCVBUF on x86_64 (2048 + the aligned size of struct sk_buff). */
const SOCK_MIN_RCVBUF = 2304;

function scalar(v: number | number[] | undefined): number | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export function effectiveHostWarnings(ctx: CheckContext, host: HostModel): void {
  for (const app of host.apps) {
    listenClamp(ctx, host, app);
    rcvbufClamp(ctx, host, app);
    descriptors(ctx, app);
  }
}

/** inet_listen / __sys_listen: backlog = min(backlog, somaxconn); sk_acceptq_is_full uses `>`. */
function listenClamp(ctx: CheckContext, host: HostModel, app: AppModel): void {
  const somaxconn = scalar(host.sysctls['net.core.somaxconn']);
  if (somaxconn === undefined) return;
  for (const l of app.listens) {
    let limit = Math.min(l.backlog, somaxconn);
    // 3.10 and 4.19 keep the limit in an unsigned short (sk_max_ack_backlog).
    if (ctx.kernel !== 'linux-6.8' && limit > 0xffff) {
      ctx.warn(l.range, 'backlog-wraps', `the accept-queue limit ${limit} does not fit the 16-bit sk_max_ack_backlog of ${ctx.kernel}: it wraps to ${limit & 0xffff}`);
      limit &= 0xffff;
    }
    if (l.backlog > somaxconn) {
      ctx.warn(l.range, 'backlog-clamped', `backlog ${l.backlog} is clamped to net.core.somaxconn = ${somaxconn}: the accept queue holds at most ${limit + 1}`);
    }
  }
}

/** sock_setsockopt(SO_RCVBUF): min(val, rmem_max), then doubled, with a floor of SOCK_MIN_RCVBUF. */
function rcvbufClamp(ctx: CheckContext, host: HostModel, app: AppModel): void {
  const rmemMax = scalar(host.sysctls['net.core.rmem_max']);
  if (rmemMax === undefined) return;
  for (const b of app.udpBinds) {
    if (b.rcvbuf === null) continue;
    const effective = Math.max(Math.min(b.rcvbuf, rmemMax) * 2, SOCK_MIN_RCVBUF);
    if (b.rcvbuf > rmemMax) {
      ctx.warn(b.range, 'rcvbuf-clamped', `rcvbuf ${formatBytes(b.rcvbuf)} is clamped to net.core.rmem_max = ${rmemMax} and doubled by the kernel: SO_RCVBUF reads back ${effective}`);
    } else {
      ctx.report('information', b.range, 'rcvbuf-doubled', `the kernel doubles SO_RCVBUF for bookkeeping overhead: getsockopt returns ${effective} and datagrams are dropped once their truesize reaches it`);
    }
  }
}

/** Descriptors: accept() and socket() fail with EMFILE once `used` reaches the limit. */
function descriptors(ctx: CheckContext, app: AppModel): void {
  if (!app.nofile) return;
  const { limit, used } = app.nofile;
  if (used >= limit) {
    ctx.warn(nofileRange(ctx, app), 'nofile-exhausted', `nofile ${limit} used ${used}: no descriptor is free, so socket() and every accept() fail with EMFILE`);
    return;
  }
  const free = limit - used;
  const own = app.listens.length + app.udpBinds.length;
  const outgoing = app.connects.reduce((n, c) => n + c.count, 0);
  if (own + outgoing > free) {
    const what = outgoing ? `${own} listening/bound socket(s) and ${outgoing} connection(s)` : `${own} socket(s)`;
    ctx.warn(nofileRange(ctx, app), 'nofile-short', `the app needs ${what} but only ${free} descriptor(s) are free under nofile ${limit}: the rest fail with EMFILE`);
  }
}

/** Where a descriptor warning goes: the app's `nofile` line (its range is built only for a warning). */
function nofileRange(ctx: CheckContext, app: AppModel): Range {
  return ctx.nofileLines.get(app)?.range ?? app.range;
}
