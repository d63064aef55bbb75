// Markdown for hover and completion documentation, built from the one catalogue and the keyword
// table, so a sysctl reads the same whether the cursor rests on it or it is being completed.
import { findCounter, incrementSitesOn, sysctlDefault, sysctlRange, type CounterSpec, type SysctlSpec } from '../dsl/catalogue';
import type { KeywordDoc } from '../dsl/keywords';
import type { WordDoc } from '../dsl/words';
import { KERNEL_PROFILES, type AppModel, type HostModel, type KernelProfile } from '../dsl/model';

const UNIT_WORDS: Record<SysctlSpec['unit'], string> = {
  count: '',
  bytes: 'bytes',
  pages: 'pages',
  packets: 'packets',
  seconds: 's',
  milliseconds: 'ms',
  microseconds: 'µs',
  jiffies: 'jiffies',
  boolean: '',
  mode: '',
};

function scalar(v: number, spec: SysctlSpec): string {
  const unit = UNIT_WORDS[spec.unit];
  let text = unit ? `${v} ${unit}` : String(v);
  if (spec.unit === 'bytes' && v >= 4096) text += ` (${humanBytes(v)})`;
  const meaning = spec.values?.[v];
  if (meaning) text += ` — ${meaning}`;
  return text;
}

function humanBytes(v: number): string {
  const units = ['KiB', 'MiB', 'GiB'];
  let x = v;
  let u = -1;
  while (x >= 1024 && u < units.length - 1) {
    x /= 1024;
    u++;
  }
  return `${Number.isInteger(x) ? x : x.toFixed(1)} ${units[u]}`;
}

export function formatSysctlValue(v: number | number[] | undefined, spec: SysctlSpec): string {
  if (v === undefined) return 'does not exist';
  if (Array.isArray(v)) return v.join(' ') + (spec.unit === 'count' || spec.unit === 'mode' ? '' : ` (${UNIT_WORDS[spec.unit] || spec.unit})`);
  return scalar(v, spec);
}

function code(s: string): string {
  return '`' + s.replace(/`/g, "'") + '`';
}

/** Hover for a sysctl: meaning, unit, default on the file's kernel, effective value on the host, counters, history. */
export function sysctlMarkdown(spec: SysctlSpec, kernel: KernelProfile, host?: HostModel): string {
  const lines: string[] = [];
  lines.push(`**${spec.name}** — sysctl, ${spec.arity > 1 ? `${spec.arity} values, ` : ''}${spec.unit}`, '', spec.doc, '');
  const onKernel = sysctlDefault(spec.name, kernel);
  lines.push(`- default on **${kernel}**: ${formatSysctlValue(onKernel, spec)}`);
  if (host && host.sysctls[spec.name] !== undefined) {
    const set = host.overridden.includes(spec.name);
    lines.push(`- effective on host ${code(host.name)}: ${formatSysctlValue(host.sysctls[spec.name], spec)}${set ? ' (set in this file)' : ' (default)'}`);
  }
  const others = KERNEL_PROFILES.filter((k) => k !== kernel).map((k) => `${k}: ${formatSysctlValue(sysctlDefault(spec.name, k), spec)}`);
  lines.push(`- other profiles: ${others.join('; ')}`);
  const r = sysctlRange(spec, kernel);
  lines.push(`- accepted range on ${kernel}: ${r.min} … ${r.max}`);
  if (spec.values) {
    lines.push(`- values: ${Object.entries(spec.values).map(([k, v]) => `${code(k)} ${v}`).join('; ')}`);
  }
  if (spec.counters.length) {
    lines.push(`- related counters: ${spec.counters.map((c) => (findCounter(c) ? code(c) : c)).join(', ')}`);
  }
  if (spec.history) lines.push('', `*History:* ${spec.history}`);
  return lines.join('\n');
}

/** Hover for a counter: what increments it, where in the kernel, where to read it. */
export function counterMarkdown(spec: CounterSpec, kernel: KernelProfile): string {
  const lines: string[] = [];
  lines.push(`**${spec.name}** — counter in ${code(spec.source)} (${code(`${spec.section}: ${spec.field}`)})`, '', spec.doc, '');
  const sites = incrementSitesOn(spec, kernel);
  if (sites.length) {
    lines.push(`Incremented on **${kernel}** in:`);
    for (const s of sites) lines.push(`- ${code(s.fn)} (${code(s.file)}): ${s.when}`);
  } else {
    lines.push(`Not incremented on ${kernel}.`);
  }
  if (spec.netstatText) lines.push('', `\`netstat -s\`: *${spec.netstatText}*`);
  if (spec.kernels) lines.push('', `Exists on: ${spec.kernels.join(', ')}`);
  return lines.join('\n');
}

/** An app metric, connection field, errno, socket state, outcome or kernel profile. */
export function wordMarkdown(w: WordDoc): string {
  return [`**${w.name}** — ${w.kind}`, '', w.doc, '', 'Example:', '```netscenario', w.example, '```'].join('\n');
}

export function keywordMarkdown(k: KeywordDoc): string {
  const parts = ['```netscenario', k.syntax, '```', '', k.doc];
  if (k.values?.length) parts.push('', `Values: ${k.values.map(code).join(', ')}`);
  parts.push('', 'Example:', '```netscenario', k.example, '```');
  return parts.join('\n');
}

/** One line per socket the app opens. */
export function appSockets(app: AppModel): string[] {
  const out: string[] = [];
  for (const l of app.listens) out.push(`listen tcp ${l.port} backlog ${l.backlog}`);
  for (const c of app.connects) out.push(`connect tcp ${c.targetHost ?? c.address}:${c.port} × ${c.count}`);
  for (const u of app.udpBinds) out.push(`udp bind ${u.port}${u.rcvbuf !== null ? ` rcvbuf ${u.rcvbuf} B` : ''}`);
  for (const u of app.udpSends) out.push(`udp send ${u.targetHost ?? u.address}:${u.port}`);
  return out;
}

export function hostMarkdown(host: HostModel): string {
  const lines = [`**host ${host.name}** — ${host.addresses.join(', ') || 'no address'}`];
  if (host.overridden.length) lines.push('', 'Sysctls set: ' + host.overridden.map((n) => code(`${n} = ${[host.sysctls[n]].flat().join(' ')}`)).join(', '));
  if (host.nics.length) lines.push('', 'NICs: ' + host.nics.map((n) => code(`${n.name} rx-ring ${n.rxRing} tx-ring ${n.txRing}`)).join(', '));
  if (host.apps.length) {
    lines.push('', 'Apps:');
    for (const a of host.apps) lines.push(`- ${code(a.name)}${appSockets(a).length ? ': ' + appSockets(a).join('; ') : ''}`);
  }
  return lines.join('\n');
}

export function appMarkdown(app: AppModel): string {
  const lines = [`**app ${app.host}.${app.name}**`];
  if (app.nofile) lines.push('', `nofile ${app.nofile.limit} (${app.nofile.used} already open)`);
  const sockets = appSockets(app);
  if (sockets.length) lines.push('', ...sockets.map((s) => `- ${code(s)}`));
  const accept = app.accept.mode === 'off' ? 'accept off' : `accept every ${app.accept.intervalUs} µs`;
  const read = app.read.mode === 'rate' ? `read ${app.read.bytesPerSec} B/s` : `read ${app.read.mode}`;
  if (app.listens.length) lines.push('', `${accept}; ${read}`);
  return lines.join('\n');
}
