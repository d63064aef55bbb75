// Which chart each series goes to, and its legend label. No DOM: the tests use it too.
import type { RunMeta, SeriesInfo } from '../src/shared/webviewMessages';

export interface ChartGroup {
  key: string;
  host: string;
  title: string;
  series: SeriesInfo[];
}

/** Groups series into charts: per host, one per listener, UDP socket and NIC, one per socket queue, two for counters. */
export function groupSeries(meta: RunMeta): ChartGroup[] {
  const groups = new Map<string, ChartGroup>();
  for (const s of meta.series) {
    if (s.kind !== 'value' && !counterMoved(meta, s)) continue;
    // Per-socket series (group `tcp:<local>><peer>`) share one chart per queue, not one each.
    const perSocket = s.group.startsWith('tcp:');
    const what = s.kind === 'total' ? 'counters (total)' : s.kind === 'rate' ? 'counters (per second)'
      : perSocket ? `sockets ${s.name}` : s.group;
    const key = `${s.host}/${what}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, host: s.host, title: `${s.host} · ${what}`, series: [] }));
    g.series.push(s);
  }
  return [...groups.values()];
}

/** Counters that never moved would only bury the ones that did. */
function counterMoved(meta: RunMeta, s: SeriesInfo): boolean {
  const final = meta.hosts[s.host]?.counters[s.name];
  return final === undefined || final !== 0;
}

export function seriesLabel(s: SeriesInfo): string {
  const base = s.kind === 'value' && s.conn ? `${s.conn} ${s.side ?? ''} ${s.name}`
    : s.group.startsWith('tcp:') ? s.group.slice(4).replace('>', ' → ') : s.name;
  return s.limit !== undefined ? `${base.replace(/\s+/g, ' ').trim()} (limit ${s.limit})` : base.replace(/\s+/g, ' ').trim();
}

