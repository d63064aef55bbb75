// Endpoints (`server`, `server:8080`, `10.0.0.2`, `10.0.0.2:80`) resolved to an address and port
// once every host is known.
import type { Arg } from '../ast';
import { type Anchor, type CheckContext, describeArg } from './context';
import { validIpv4 } from './hosts';

export interface Endpoint {
  address: string;
  port: number | null;
  targetHost: string | null;
}

/**
 * Reads an endpoint argument now and resolves its host later; `done` receives the endpoint,
 * or is never called when the argument is wrong.
 */
export function endpoint(ctx: CheckContext, arg: Arg | undefined, needPort: boolean, what: string, anchor: Anchor, done: (ep: Endpoint) => void): void {
  const example = needPort ? 'server:8080 or 10.0.0.2:8080' : 'server, server:8080, 10.0.0.2 or 10.0.0.2:80';
  if (!arg) {
    ctx.error(anchor.range, 'missing-value', `'${what}' needs an endpoint: ${example}`);
    return;
  }
  const hostArg = arg.kind === 'endpoint' ? arg.host : arg;
  if (hostArg.kind !== 'name' && hostArg.kind !== 'address') {
    ctx.error(arg.range, 'value-type', `'${what}' needs an endpoint (${example}), found ${describeArg(arg)}`);
    return;
  }
  let port: number | null = null;
  if (arg.kind === 'endpoint') {
    port = ctx.port(arg.port, 'port', arg.port);
    if (port === null) return;
  } else if (needPort) {
    ctx.error(arg.range, 'missing-port', `'${what}' needs a port: write ${hostArg.text}:PORT`);
    return;
  }
  if (hostArg.kind === 'address') {
    if (!validIpv4(hostArg.text)) {
      ctx.error(hostArg.range, 'value-range', `${hostArg.text} is not an IPv4 address: each part must be 0 to 255`);
      return;
    }
    ctx.deferred.push(() => {
      const owner = ctx.addressOwner.get(hostArg.text) ?? natOwner(ctx, hostArg.text);
      if (!owner) ctx.warn(hostArg.range, 'unknown-address', `no host has address ${hostArg.text}: packets sent there are lost`);
      done({ address: hostArg.text, port, targetHost: null });
    });
    return;
  }
  if (hostArg.partCount !== 1) {
    ctx.error(hostArg.range, 'value-type', `'${what}' needs a host name, not '${hostArg.text}'`);
    return;
  }
  ctx.deferred.push(() => {
    const r = ctx.resolve(hostArg, 'host');
    if (r) done({ address: r.addresses[0], port, targetHost: r.name });
  });
}

function natOwner(ctx: CheckContext, address: string): string | undefined {
  return ctx.natAddresses.has(address) ? `nat ${ctx.natAddresses.get(address)}` : undefined;
}
