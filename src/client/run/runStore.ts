// One run held on the extension side: its series as typed columns, the metadata posted to the
// webview, and the answers to the webview's window and sample requests. No `vscode` import, so
// the webview test harness serves the panel with this very code.
import type { RunResult } from '../../engine/result';
import type { HostToWebview, RunMeta, SeriesInfo, WebviewToHost } from '../../shared/webviewMessages';
import { downsampleMinMax, upperBound } from './downsample';

/** Packet events posted to the webview at most (the ladder shows a few hundred at a time). */
export const MAX_POSTED_EVENTS = 20_000;
/** Connections posted at most: a 100,000-client run would otherwise post tens of megabytes. */
export const MAX_POSTED_CONNECTIONS = 5_000;

export class RunStore {
  readonly meta: RunMeta;
  readonly t: Float64Array;
  readonly columns: Float64Array[];

  constructor(readonly runId: number, readonly result: RunResult, file: string) {
    this.t = Float64Array.from(result.timeline.t);
    const series: SeriesInfo[] = [];
    this.columns = [];
    for (const s of result.timeline.series) {
      const values = Float64Array.from(s.values);
      const isCounter = s.group === 'counters';
      const base = { id: s.id, host: s.host, group: s.group, name: s.name, unit: s.unit };
      const extra = {
        ...(s.limit !== undefined ? { limit: s.limit } : {}),
        ...(s.conn !== undefined ? { conn: s.conn } : {}),
        ...(s.side !== undefined ? { side: s.side } : {}),
      };
      series.push({ index: series.length, ...base, ...extra, kind: isCounter ? 'total' : 'value' });
      this.columns.push(values);
      if (isCounter) {
        series.push({ index: series.length, ...base, id: `${s.id}/rate`, unit: `${s.unit}/s`, kind: 'rate' });
        this.columns.push(ratePerSecond(this.t, values));
      }
    }
    const events = result.events.length > MAX_POSTED_EVENTS ? result.events.slice(0, MAX_POSTED_EVENTS) : result.events;
    this.meta = {
      scenario: result.scenario, file, kernel: result.kernel, seed: result.seed, durationMs: result.durationMs, aborted: result.aborted === true,
      hosts: result.hosts, connections: result.connections.slice(0, MAX_POSTED_CONNECTIONS),
      connectionsTotal: result.connections.length, listeners: result.listeners, udp: result.udp,
      expectations: result.expectations, events,
      eventsDropped: result.eventsDropped + (result.events.length - events.length),
      series, samples: this.t.length,
      t0: this.t.length ? this.t[0] : 0,
      t1: this.t.length ? this.t[this.t.length - 1] : result.durationMs,
    };
  }

  /** The run for the panel; given the panel's width, with the whole range already reduced for it. */
  runMessage(columns?: number): HostToWebview {
    if (!columns) return { type: 'run', runId: this.runId, meta: this.meta };
    const { x, y } = downsampleMinMax(this.t, this.columns, this.meta.t0, this.meta.t1, columns);
    return { type: 'run', runId: this.runId, meta: this.meta, window: { x, y } };
  }

  /** The reply to a webview request about this run, or undefined when it is about another run. */
  answer(msg: WebviewToHost): HostToWebview | undefined {
    if (msg.type === 'requestWindow' && msg.runId === this.runId) {
      const w = downsampleMinMax(this.t, this.columns, msg.t0, msg.t1, msg.columns);
      return { type: 'window', runId: this.runId, requestId: msg.requestId, t0: msg.t0, t1: msg.t1, ...w };
    }
    if (msg.type === 'requestSample' && msg.runId === this.runId) {
      const index = Math.max(0, upperBound(this.t, msg.t) - 1);
      const values = new Float64Array(this.columns.length);
      for (let i = 0; i < values.length; i++) values[i] = this.columns[i][index] ?? 0;
      return { type: 'sample', runId: this.runId, requestId: msg.requestId, t: msg.t, index, values };
    }
    return undefined;
  }
}

function ratePerSecond(t: Float64Array, v: Float64Array): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 1; i < v.length; i++) {
    const dt = t[i] - t[i - 1];
    out[i] = dt > 0 ? ((v[i] - v[i - 1]) * 1000) / dt : 0;
  }
  return out;
}
