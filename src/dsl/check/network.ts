// `link A <-> B …`, `nat NAME address … hosts …` and `drop WHAT …` rules.
import type { Statement } from '../ast';
import { PACKET_KINDS } from '../keywords';
import type { DropRule, LinkModel, NatModel, PacketKind, Scenario } from '../model';
import { NodeDefinition } from '../symbols';
import { added, type CheckContext, describeArg, firstArg } from './context';
import { endpoint } from './endpoints';
import { validIpv4 } from './hosts';

export function checkLink(ctx: CheckContext, s: Statement, out: Scenario): void {
  const { positional, props } = ctx.split(s, 3, 'link');
  const [a, arrow, b] = positional;
  if (!a || a.kind !== 'name' || arrow?.kind !== 'op' || arrow.text !== '<->' || !b || b.kind !== 'name') {
    ctx.error(s.keyword.range, 'link-syntax', "write a link as 'link HOST <-> HOST latency 1ms …'");
    return;
  }
  const range = s.range;
  const link: LinkModel = { a: a.text, b: b.text, latencyUs: 0, jitterUs: 0, loss: 0, rateBps: 0, range };
  const lat = ctx.single(props, 'latency');
  const jit = ctx.single(props, 'jitter');
  const loss = ctx.single(props, 'loss');
  const rate = ctx.single(props, 'rate');
  link.latencyUs = (lat && ctx.timeUs(firstArg(lat), 'latency', lat.keyword)) ?? 0;
  link.jitterUs = (jit && ctx.timeUs(firstArg(jit), 'jitter', jit.keyword)) ?? 0;
  link.loss = (loss && ctx.fraction(firstArg(loss), 'loss', loss.keyword)) ?? 0;
  link.rateBps = (rate && ctx.lineRate(firstArg(rate), 'rate', rate.keyword)) ?? 0;
  for (const p of props) ctx.noMoreArgsOf(p, 1, p.word);
  const qualified = `${a.text}<->${b.text}`;
  // Both ends are arguments of the statement, so on its line.
  ctx.symbols.definitions.push(new NodeDefinition(qualified, qualified, 'link', range, { line: a.line, character: a.character, endCharacter: b.endCharacter }));
  ctx.deferred.push(() => {
    const ra = ctx.resolve(a, 'host');
    const rb = ctx.resolve(b, 'host');
    if (!ra || !rb) return;
    if (a.text === b.text) {
      ctx.error(s.keyword.range, 'link-self', `a link joins two different hosts, not '${a.text}' with itself`);
      return;
    }
    const pair = a.text < b.text ? `${a.text}\u0000${b.text}` : `${b.text}\u0000${a.text}`;
    if (ctx.linkPairs.has(pair)) {
      ctx.error(s.keyword.range, 'duplicate-link', `there is already a link between '${a.text}' and '${b.text}'`);
      return;
    }
    ctx.linkPairs.add(pair);
    out.links.push(link);
  });
}

export function checkNat(ctx: CheckContext, s: Statement, out: Scenario): void {
  const { positional, props } = ctx.split(s, 1, 'nat');
  const nameArg = positional[0];
  if (!nameArg || nameArg.kind !== 'name') {
    ctx.error(nameArg?.range ?? s.keyword.range, 'missing-name', "'nat' needs a name, e.g. 'nat office address 203.0.113.7 hosts c1 c2'");
    return;
  }
  const range = s.range;
  ctx.symbols.definitions.push(new NodeDefinition(nameArg.text, nameArg.text, 'nat', range, nameArg));
  const addr = ctx.single(props, 'address');
  const hosts = props.filter((p) => p.word === 'hosts');
  const a = addr && firstArg(addr);
  if (!addr || !a || a.kind !== 'address' || !validIpv4(a.text)) {
    ctx.error(a?.range ?? addr?.keyword.range ?? s.keyword.range, 'missing-property', "'nat' needs a public IPv4 address: 'address 203.0.113.7'");
    return;
  }
  if (ctx.addressOwner.has(a.text) || ctx.natAddresses.has(a.text)) {
    ctx.error(a.range, 'duplicate-address', `${a.text} is already used by ${ctx.addressOwner.has(a.text) ? `host '${ctx.addressOwner.get(a.text)}'` : `nat '${ctx.natAddresses.get(a.text)}'`}`);
    return;
  }
  ctx.natAddresses.set(a.text, nameArg.text);
  const members = hosts.flatMap((h) => h.args);
  if (!members.length) ctx.error(s.keyword.range, 'missing-property', "'nat' needs the hosts behind it: 'hosts c1 c2 c3'");
  const nat: NatModel = { name: nameArg.text, address: a.text, hosts: [], range };
  ctx.deferred.push(() => {
    for (const m of members) {
      if (m.kind !== 'name' || m.partCount !== 1) {
        ctx.error(m.range, 'value-type', `expected a host name, found ${describeArg(m)}`);
        continue;
      }
      if (!ctx.resolve(m, 'host')) continue;
      const other = out.nats.find((n) => n.hosts.includes(m.text));
      if (other || nat.hosts.includes(m.text)) {
        ctx.error(m.range, 'duplicate-nat-host', `host '${m.text}' is already behind nat '${other?.name ?? nat.name}'`);
        continue;
      }
      nat.hosts = added(nat.hosts, m.text);
    }
    out.nats.push(nat);
  });
}

export function checkDrop(ctx: CheckContext, s: Statement, out: Scenario): void {
  const { positional, props } = ctx.split(s, 1, 'drop');
  const what = positional[0];
  if (!what || what.kind !== 'name' || !(PACKET_KINDS as readonly string[]).includes(what.text)) {
    if (what?.kind === 'name') ctx.unknown(what.range, 'unknown-packet-kind', 'packet kind', what.text, PACKET_KINDS);
    else ctx.error(what?.range ?? s.keyword.range, 'missing-value', `'drop' needs a packet kind: ${PACKET_KINDS.join(', ')}`);
    return;
  }
  const rule: DropRule = { what: what.text as PacketKind, from: null, to: null, fromUs: 0, untilUs: ctx.durationUs ?? Infinity, chance: 1, range: s.range };
  const between = ctx.single(props, 'between');
  if (between) {
    const [t1, and, t2] = between.args;
    const window = t1?.kind === 'range' ? [t1.from, t1.to] : and?.kind === 'name' && and.text === 'and' ? [t1, t2] : null;
    if (!window) ctx.error(between.range, 'value-type', "write 'between 0s and 30s'");
    else {
      rule.fromUs = ctx.timeUs(window[0], 'between', between.keyword) ?? 0;
      rule.untilUs = ctx.timeUs(window[1], 'between', between.keyword) ?? rule.untilUs;
      if (rule.untilUs < rule.fromUs) ctx.error(between.range, 'value-range', 'the window ends before it starts');
    }
  }
  const chance = ctx.single(props, 'chance');
  if (chance) rule.chance = ctx.fraction(firstArg(chance), 'chance', chance.keyword) ?? 1;
  // Pushed now to keep source order; the endpoints are filled in once hosts are known.
  out.drops.push(rule);
  for (const dir of ['from', 'to'] as const) {
    const p = ctx.single(props, dir);
    if (!p) continue;
    ctx.noMoreArgsOf(p, 1, dir);
    endpoint(ctx, firstArg(p), false, dir, p.keyword, (ep) => {
      rule[dir] = { address: ep.address, port: ep.port };
    });
  }
}
