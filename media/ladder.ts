// The packet ladder: an SVG sequence diagram of one connection (or one app's connections)
// between two hosts. One row per packet, in time order; drops end in a cross with their reason.
import type { ConnectionResult, PacketEvent } from '../src/engine/result';
import type { RunMeta } from '../src/shared/webviewMessages';
import { el, fmtTimeExact } from './format';
import { connKey, type SocketModel } from './sockets';

const SVG = 'http://www.w3.org/2000/svg';
export const MAX_ROWS = 400;
/** Connections offered one by one in the picker at most (groups always cover them all). */
const MAX_SINGLE_CHOICES = 2000;
const ROW = 24;
const TOP = 34;

export interface LadderRow {
  t: number;
  from: string;
  to: string;
  label: string;
  retransmit: boolean;
  drop?: { reason: string; counter?: string; atReceiver: boolean };
  conn?: string;
}

export function packetName(flags: string, len: number): string {
  const f = flags.replace('.', '');
  if (flags === 'udp') return `UDP ${len}B`;
  if (f === 'S') return flags.includes('.') ? 'SYN-ACK' : 'SYN';
  if (f.startsWith('R')) return 'RST';
  if (f.startsWith('F')) return len > 0 ? `FIN ${len}B` : 'FIN';
  if (len > 0) return `data ${len}B`;
  return 'ACK';
}

/** Pairs each sent packet with its reception or drop; unmatched drops and receptions get rows too. */
export function ladderRows(events: PacketEvent[], hostOf: (ep: string) => string | undefined): LadderRow[] {
  const rows: LadderRow[] = [];
  const inFlight = new Map<string, LadderRow[]>();
  // A packet can arrive and then be dropped by the stack (e.g. a full accept queue): the drop
  // belongs to the row of the packet that last arrived with the same addresses and flags.
  const arrived = new Map<string, LadderRow>();
  const keyOf = (e: PacketEvent) => `${e.src}>${e.dst}|${e.flags}|${e.len}`;
  const rowOf = (e: PacketEvent, from: string, to: string): LadderRow =>
    ({ t: e.t, from, to, label: packetName(e.flags, e.len), retransmit: !!e.retransmit, conn: e.conn });
  for (const e of events) {
    const k = keyOf(e);
    if (e.kind === 'send') {
      const row = rowOf(e, e.host, hostOf(e.dst) ?? e.dst);
      rows.push(row);
      const q = inFlight.get(k);
      if (q) q.push(row);
      else inFlight.set(k, [row]);
      continue;
    }
    let row = inFlight.get(k)?.shift();
    if (e.kind === 'recv') {
      if (!row) rows.push((row = rowOf(e, hostOf(e.src) ?? e.src, e.host)));
      arrived.set(k, row);
      continue;
    }
    if (!row) {
      row = arrived.get(k);
      arrived.delete(k);
    }
    if (!row) rows.push((row = rowOf(e, hostOf(e.src) ?? e.src, hostOf(e.dst) ?? e.dst)));
    row.drop = { reason: e.reason ?? 'dropped', counter: e.counter, atReceiver: e.host === row.to };
  }
  return rows;
}

export interface LadderChoice {
  value: string;
  label: string;
  conns: ConnectionResult[];
}

export function ladderChoices(meta: RunMeta): LadderChoice[] {
  const groups = new Map<string, ConnectionResult[]>();
  for (const c of meta.connections) {
    const k = `${c.host}/${c.app}`;
    const g = groups.get(k);
    if (g) g.push(c);
    else groups.set(k, [c]);
  }
  const out: LadderChoice[] = [];
  let singles = 0;
  for (const [k, conns] of groups) {
    out.push({ value: `group:${k}`, label: `${k} — all ${conns.length} connections`, conns });
    for (const c of conns) {
      if (singles++ >= MAX_SINGLE_CHOICES) break;
      out.push({ value: connKey(c), label: `${connKey(c)} ${c.local} → ${c.remote} (${c.result})`, conns: [c] });
    }
  }
  return out;
}

export function renderLadder(box: HTMLElement, conns: ConnectionResult[], sockets: SocketModel, onPick: (t: number) => void): LadderRow[] {
  if (!conns.length) {
    box.replaceChildren(el('p', { class: 'empty' }, 'No connections in this run.'));
    return [];
  }
  const events = conns.length === 1 ? sockets.eventsOf(conns[0]) : mergeByTime(conns.map((c) => sockets.eventsOf(c)));
  const all = ladderRows(events, (ep) => sockets.hostOf(ep));
  const rows = all.slice(0, MAX_ROWS);
  const left = conns[0].host;
  const right = sockets.hostOf(conns[0].remote) ?? conns[0].remote;
  const width = Math.max(320, box.clientWidth || 600);
  const xl = 120;
  const xr = width - 40;
  const height = TOP + rows.length * ROW + 16;

  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('role', 'list');
  svg.setAttribute('aria-label', `Packets between ${left} and ${right}`);
  svg.append(
    text(xl, 16, left, 'lane-name', 'middle'), text(xr, 16, right, 'lane-name', 'middle'),
    line(xl, 24, xl, height, 'lane'), line(xr, 24, xr, height, 'lane'),
  );
  rows.forEach((r, i) => {
    const y = TOP + i * ROW + ROW / 2;
    const g = document.createElementNS(SVG, 'g');
    g.setAttribute('class', `packet${r.drop ? ' dropped' : ''}${r.retransmit ? ' retransmit' : ''}`);
    g.setAttribute('role', 'listitem');
    g.setAttribute('tabindex', '0');
    g.setAttribute('data-t', String(r.t));
    const desc = `${fmtTimeExact(r.t)} ${r.from} → ${r.to} ${r.label}${r.retransmit ? ' (retransmission)' : ''}${r.drop ? ` dropped: ${r.drop.reason}${r.drop.counter ? ` (${r.drop.counter})` : ''}` : ''}`;
    g.setAttribute('aria-label', desc);
    const title = document.createElementNS(SVG, 'title');
    title.textContent = desc;
    const hit = document.createElementNS(SVG, 'rect');
    for (const [k, v] of Object.entries({ x: 0, y: y - ROW / 2, width, height: ROW })) hit.setAttribute(k, String(v));
    hit.setAttribute('class', 'hit');
    g.append(hit);
    const x1 = r.from === right ? xr : xl;
    const x2 = x1 === xl ? xr : xl;
    const end = r.drop ? (r.drop.atReceiver ? x2 + (x1 < x2 ? -8 : 8) : (x1 + x2) / 2) : x2;
    const arrow = line(x1, y - 6, end, y + 6, 'arrow');
    // A dropped packet's name sits near its sender, leaving the far end for the drop's reason.
    const labelX = r.drop ? x1 + (end - x1) * 0.2 : (x1 + end) / 2;
    g.append(title, text(6, y + 4, fmtTimeExact(r.t), 'time'), arrow, text(labelX, y - 6, r.label + (r.retransmit ? ' (re)' : ''), 'label', 'middle'));
    if (r.drop) {
      g.append(cross(end, y + 6));
      const tx = end + (x1 < x2 ? -12 : 12);
      g.append(text(tx, y - 6, `✕ ${r.drop.reason}${r.drop.counter ? ` · ${r.drop.counter}` : ''}`, 'drop-label', x1 < x2 ? 'end' : 'start'));
    } else g.append(arrowHead(x1, end, y + 6));
    const pick = () => onPick(r.t);
    g.addEventListener('click', pick);
    g.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); pick(); } });
    svg.append(g);
  });
  const note = all.length > rows.length ? el('p', { class: 'hint' }, `Showing the first ${rows.length} of ${all.length} packets.`) : '';
  box.replaceChildren(svg, note);
  return rows;
}

function mergeByTime(lists: PacketEvent[][]): PacketEvent[] {
  return lists.flat().sort((a, b) => a.t - b.t);
}

function text(x: number, y: number, s: string, cls: string, anchor = 'start'): SVGTextElement {
  const t = document.createElementNS(SVG, 'text');
  t.setAttribute('x', String(x));
  t.setAttribute('y', String(y));
  t.setAttribute('class', cls);
  t.setAttribute('text-anchor', anchor);
  t.textContent = s;
  return t;
}

function line(x1: number, y1: number, x2: number, y2: number, cls: string): SVGLineElement {
  const l = document.createElementNS(SVG, 'line');
  for (const [k, v] of Object.entries({ x1, y1, x2, y2 })) l.setAttribute(k, String(v));
  l.setAttribute('class', cls);
  return l;
}

function arrowHead(x1: number, x2: number, y: number): SVGPolygonElement {
  const d = x2 > x1 ? -7 : 7;
  const p = document.createElementNS(SVG, 'polygon');
  p.setAttribute('points', `${x2},${y} ${x2 + d},${y - 4} ${x2 + d},${y + 4}`);
  p.setAttribute('class', 'head');
  return p;
}

function cross(x: number, y: number): SVGPathElement {
  const p = document.createElementNS(SVG, 'path');
  p.setAttribute('d', `M${x - 5},${y - 5}L${x + 5},${y + 5}M${x - 5},${y + 5}L${x + 5},${y - 5}`);
  p.setAttribute('class', 'cross');
  return p;
}
