// `host NAME { address …; sysctl …; nic …; app … }`.
import type { Statement } from '../ast';
import type { HostModel, NicModel } from '../model';
import { NodeDefinition, type SymbolDefinition } from '../symbols';
import { checkApp } from './apps';
import { added, type CheckContext, firstArg, type Item } from './context';
import { defaultSysctls, resolveSysctl, sysctlValue } from './sysctl';

/** NIC defaults when a property is left out (a common ixgbe/virtio set-up). */
const NIC_DEFAULTS = { rxRing: 256, txRing: 256, irqDelayUs: 0, rateBps: 0 };

export function checkHost(ctx: CheckContext, s: Statement): void {
  const { positional, props } = ctx.split(s, 1, 'host');
  const nameArg = positional[0];
  if (!nameArg || nameArg.kind !== 'name' || nameArg.partCount !== 1 || nameArg.headIndex) {
    ctx.error(nameArg?.range ?? s.keyword.range, 'missing-name', "'host' needs a name, e.g. 'host server {'");
    return;
  }
  const name = nameArg.text;
  // One range object for the model and the outline alike (nodes build a new one per call).
  const range = s.range;
  const def = new NodeDefinition(name, name, 'host', range, nameArg);
  ctx.symbols.definitions.push(def);
  if (ctx.hosts.has(name)) {
    ctx.error(nameArg.range, 'duplicate-host', `host '${name}' is already defined`);
    return;
  }
  const host: HostModel = { name, addresses: [], sysctls: defaultSysctls(ctx.kernel), overridden: [], nics: [], apps: [], range };
  ctx.hosts.set(name, host);
  for (const p of props) {
    switch (p.word) {
      case 'address':
        address(ctx, host, p);
        break;
      case 'sysctl':
        sysctl(ctx, host, p);
        break;
      case 'nic':
        nic(ctx, host, def, p);
        break;
      case 'app':
        checkApp(ctx, host, def, p);
        break;
    }
  }
}

function address(ctx: CheckContext, host: HostModel, p: Item): void {
  const a = p.args[0];
  if (!a || a.kind !== 'address') {
    ctx.error(a?.range ?? p.keyword.range, 'value-type', "'address' needs an IPv4 address, e.g. 'address 10.0.0.2'");
    return;
  }
  ctx.noMoreArgs(p.args, 1, 'address');
  if (!validIpv4(a.text)) {
    ctx.error(a.range, 'value-range', `${a.text} is not an IPv4 address: each part must be 0 to 255`);
    return;
  }
  const owner = ctx.addressOwner.get(a.text);
  if (owner) {
    ctx.error(a.range, 'duplicate-address', owner === host.name ? `${a.text} is already an address of this host` : `${a.text} is already the address of host '${owner}'`);
    return;
  }
  ctx.addressOwner.set(a.text, host.name);
  host.addresses = added(host.addresses, a.text);
}

/** Dotted parts of 1 to 3 digits, each at most 255 (read by hand: this runs for every address). */
export function validIpv4(text: string): boolean {
  let digits = 0;
  let part = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || digits > 3 || part > 255) return false;
      digits = 0;
      part = 0;
    } else if (c >= 48 && c <= 57) {
      digits++;
      part = part * 10 + (c - 48);
    } else return false;
  }
  return true;
}

function sysctl(ctx: CheckContext, host: HostModel, p: Item): void {
  const args = p.args;
  const spec = resolveSysctl(ctx, args[0], p.keyword, p);
  if (!spec || args[0].kind !== 'name') return;
  const value = sysctlValue(ctx, spec, args[0], args, 1);
  if (value === null) return;
  if (host.overridden.includes(spec.name)) ctx.warn(args[0].range, 'duplicate-property', `${spec.name} is set again; the last value wins`);
  else host.overridden = added(host.overridden, spec.name);
  host.sysctls[spec.name] = value;
}

function nic(ctx: CheckContext, host: HostModel, def: SymbolDefinition, p: Item): void {
  const { positional, props } = ctx.split(p, 1, 'nic');
  const nameArg = positional[0];
  if (!nameArg || nameArg.kind !== 'name') {
    ctx.error(nameArg?.range ?? p.keyword.range, 'missing-name', "'nic' needs an interface name, e.g. 'nic eth0 rx-ring 256'");
    return;
  }
  if (host.nics.some((n) => n.name === nameArg.text)) {
    ctx.error(nameArg.range, 'duplicate-nic', `nic '${nameArg.text}' is already defined on host '${host.name}'`);
    return;
  }
  const range = p.range;
  const model: NicModel = { name: nameArg.text, ...NIC_DEFAULTS, range };
  const ring = (key: string) => {
    const it = ctx.single(props, key);
    return it ? ctx.integer(firstArg(it), key, it.keyword, 1, 65536) : null;
  };
  model.rxRing = ring('rx-ring') ?? model.rxRing;
  model.txRing = ring('tx-ring') ?? model.txRing;
  const irq = ctx.single(props, 'irq-delay');
  if (irq) model.irqDelayUs = ctx.timeUs(firstArg(irq), 'irq-delay', irq.keyword) ?? model.irqDelayUs;
  const rate = ctx.single(props, 'rate');
  if (rate) model.rateBps = ctx.lineRate(firstArg(rate), 'rate', rate.keyword) ?? model.rateBps;
  for (const it of props) ctx.noMoreArgsOf(it, 1, it.word);
  host.nics = added(host.nics, model);
  def.children = added(def.children, new NodeDefinition(model.name, `${host.name}.${model.name}`, 'nic', range, nameArg));
}
