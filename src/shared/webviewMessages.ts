// Messages between the extension and the results webview: typed once here and checked on
// receipt on both sides (a webview is a separate origin; nothing it sends is trusted as-is).
import type {
  ConnectionResult, ExpectationResult, HostResult, ListenerResult, PacketEvent, UdpResult,
} from '../engine/result';

/** A timeline series without its values; values travel in `window` messages. */
export interface SeriesInfo {
  /** Index into every `window.y` and `sample.values`. */
  index: number;
  id: string;
  host: string;
  group: string;
  name: string;
  unit: string;
  /** `total` = the value as sampled; `rate` = per-second rate derived from a counter total. */
  kind: 'value' | 'total' | 'rate';
  limit?: number;
  conn?: string;
  side?: 'client' | 'server';
}

/** Everything about a run except the sampled values. */
export interface RunMeta {
  scenario: string;
  file: string;
  kernel: string;
  seed: number;
  durationMs: number;
  /** The run was cancelled; it shows the simulation up to durationMs. */
  aborted: boolean;
  hosts: Record<string, HostResult>;
  /** The first connections of the run (see connectionsTotal). */
  connections: ConnectionResult[];
  connectionsTotal: number;
  listeners: ListenerResult[];
  udp: UdpResult[];
  expectations: ExpectationResult[];
  events: PacketEvent[];
  eventsDropped: number;
  series: SeriesInfo[];
  samples: number;
  /** First and last sample time (ms). */
  t0: number;
  t1: number;
}

export type HostToWebview =
  /** A run; `window` is its whole time range already reduced for the panel's width, saving a round trip. */
  | { type: 'run'; runId: number; meta: RunMeta; window?: { x: Float64Array; y: Float32Array[] } }
  | { type: 'running'; file: string }
  | { type: 'window'; runId: number; requestId: number; t0: number; t1: number; x: Float64Array; y: Float32Array[]; raw: boolean }
  | { type: 'sample'; runId: number; requestId: number; t: number; index: number; values: Float64Array }
  | { type: 'status'; text: string };

export type WebviewToHost =
  /** The panel loaded; `columns` is its charts' width in device pixels. */
  | { type: 'ready'; columns?: number }
  | { type: 'requestWindow'; runId: number; requestId: number; t0: number; t1: number; columns: number }
  | { type: 'requestSample'; runId: number; requestId: number; t: number }
  | { type: 'revealLine'; line: number }
  | { type: 'exportRun'; format: 'json' | 'csv' }
  | { type: 'exportImage'; format: 'png' | 'svg'; name: string; data: string };

/** Limits on what the webview may ask for, so a bad message cannot make the host allocate wildly. */
export const MAX_COLUMNS = 8192;
export const MAX_IMAGE_CHARS = 64 * 1024 * 1024;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isArr = (v: unknown, item: (x: unknown) => boolean): boolean => Array.isArray(v) && v.every(item);
const isNumOrNull = (v: unknown): boolean => v === null || isNum(v);
const has = (o: Obj, spec: Record<string, (v: unknown) => boolean>): boolean =>
  Object.entries(spec).every(([k, f]) => f(o[k]));
const optional = (f: (v: unknown) => boolean) => (v: unknown): boolean => v === undefined || f(v);

const isHost = (v: unknown): boolean =>
  isObj(v) && isObj(v.counters) && Object.values(v.counters).every(isNum) && isObj(v.sysctls) &&
  isArr(v.addresses, isStr);

const isStateChange = (v: unknown): boolean =>
  isObj(v) && has(v, { t: isNum, side: (s) => s === 'client' || s === 'server', state: isStr });

const isConnection = (v: unknown): boolean =>
  isObj(v) && has(v, {
    host: isStr, app: isStr, index: isInt, local: isStr, remote: isStr, result: isStr,
    errno: (e) => e === null || isStr(e), connectMs: isNumOrNull, synSentMs: (a) => isArr(a, isNum),
    clientState: isStr, sendQ: isNum, recvQ: isNum, serverState: isStr, accepted: (b) => typeof b === 'boolean',
    transitions: optional((a) => isArr(a, isStateChange)),
  });

const isListener = (v: unknown): boolean =>
  isObj(v) && has(v, { host: isStr, port: isInt, backlog: isNum, limit: isNum, acceptQueue: isNum, synQueue: isNum });

const isUdp = (v: unknown): boolean =>
  isObj(v) && has(v, { host: isStr, port: isInt, rcvbuf: isNum, received: isNum, drops: isNum });

const isExpectation = (v: unknown): boolean =>
  isObj(v) && has(v, { line: isInt, text: isStr, passed: (b) => typeof b === 'boolean', actual: isStr });

const isEvent = (v: unknown): boolean =>
  isObj(v) && has(v, {
    t: isNum, kind: (k) => k === 'send' || k === 'recv' || k === 'drop', host: isStr, src: isStr, dst: isStr,
    flags: isStr, len: isNum, conn: optional(isStr), reason: optional(isStr), counter: optional(isStr),
  });

const isSeriesInfo = (v: unknown, i: number): boolean =>
  isObj(v) && v.index === i && has(v, {
    id: isStr, host: isStr, group: isStr, name: isStr, unit: isStr,
    kind: (k) => k === 'value' || k === 'total' || k === 'rate', limit: optional(isNum), conn: optional(isStr),
  });

/** One Float64Array of times and Float32Array columns of the same length. */
function isColumns(x: unknown, y: unknown): boolean {
  return x instanceof Float64Array && Array.isArray(y) && y.every((c) => c instanceof Float32Array && c.length === x.length);
}

export function isRunMeta(v: unknown): v is RunMeta {
  return isObj(v) && has(v, {
    scenario: isStr, file: isStr, kernel: isStr, seed: isNum, durationMs: isNum, samples: isInt, t0: isNum, t1: isNum,
    eventsDropped: isInt, aborted: (b) => typeof b === 'boolean',
    hosts: (h) => isObj(h) && Object.values(h).every(isHost),
    connections: (a) => isArr(a, isConnection), connectionsTotal: isInt,
    listeners: (a) => isArr(a, isListener),
    udp: (a) => isArr(a, isUdp),
    expectations: (a) => isArr(a, isExpectation),
    events: (a) => isArr(a, isEvent),
    series: (a) => Array.isArray(a) && a.every(isSeriesInfo),
  });
}

export function isHostToWebview(v: unknown): v is HostToWebview {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'run':
      return isInt(v.runId) && isRunMeta(v.meta) &&
        (v.window === undefined || (isObj(v.window) && isColumns(v.window.x, v.window.y) && (v.window.y as unknown[]).length === v.meta.series.length));
    case 'running': return isStr(v.file);
    case 'window':
      return has(v, { runId: isInt, requestId: isInt, t0: isNum, t1: isNum }) && typeof v.raw === 'boolean' &&
        isColumns(v.x, v.y);
    case 'sample':
      return has(v, { runId: isInt, requestId: isInt, t: isNum, index: isInt }) && v.values instanceof Float64Array;
    case 'status': return isStr(v.text);
    default: return false;
  }
}

export function isWebviewToHost(v: unknown): v is WebviewToHost {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'ready': return v.columns === undefined || (isInt(v.columns) && v.columns > 0 && v.columns <= MAX_COLUMNS);
    case 'requestWindow':
      return has(v, { runId: isInt, requestId: isInt, t0: isNum, t1: isNum, columns: isInt }) &&
        (v.t1 as number) >= (v.t0 as number) && (v.columns as number) > 0 && (v.columns as number) <= MAX_COLUMNS;
    case 'requestSample': return has(v, { runId: isInt, requestId: isInt, t: isNum });
    case 'revealLine': return isInt(v.line) && (v.line as number) >= 0;
    case 'exportRun': return v.format === 'json' || v.format === 'csv';
    case 'exportImage':
      return (v.format === 'png' || v.format === 'svg') && isStr(v.name) && /^[\w.-]{1,100}$/.test(v.name) &&
        isStr(v.data) && v.data.length <= MAX_IMAGE_CHARS &&
        (v.format === 'svg' ? v.data.startsWith('<svg') : v.data.startsWith('data:image/png;base64,'));
    default: return false;
  }
}
