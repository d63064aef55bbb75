// The results panel's entry point: receives a run, wires charts, tables, ladder and exports,
// and keeps the view state (zoom, cursor, hidden series, ladder choice) across reloads.
import 'uplot/dist/uPlot.min.css';
import './panel.css';
import type { HostToWebview, RunMeta } from '../src/shared/webviewMessages';
import { Charts } from './charts';
import { chartsPng, chartsSvg } from './exportImage';
import { el, fmtTime, fmtTimeExact } from './format';
import { Host } from './host';
import { ladderChoices, renderLadder } from './ladder';
import { renderTable, SocketModel, UDP_COLUMNS } from './sockets';

interface ViewState {
  file?: string;
  hidden: string[];
  hiddenHosts: string[];
  view: [number, number] | null;
  cursor: number | null;
  ladder: string | null;
}

/** Rows of the socket table at most: the DOM stays small whatever the run's size. */
const MAX_TABLE_ROWS = 500;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const state: ViewState = { hidden: [], hiddenHosts: [], view: null, cursor: null, ladder: null };
let runId = -1;
let meta: RunMeta | undefined;
let charts: Charts | undefined;
let sockets: SocketModel | undefined;
let lastWindow: { x: Float64Array; y: Float32Array[] } | undefined;
let sampleSeq = 0;
let redrawLadder = (): void => undefined;
/** Columns the data on screen was reduced for (the width it was requested at). */
let dataColumns = 0;

const host = new Host(onMessage);
Object.assign(state, host.getState<ViewState>() ?? {});

function save(): void {
  if (charts) Object.assign(state, { view: charts.range, cursor: charts.cursor });
  host.setState(state);
}

function onMessage(m: HostToWebview): void {
  if (m.type === 'run') void loadRun(m.runId, m.meta, m.window);
  else if (m.type === 'running') $('summary').textContent = `Running ${m.file}…`;
  else if (m.type === 'status') $('summary').textContent = m.text;
}

async function loadRun(id: number, m: RunMeta, whole?: { x: Float64Array; y: Float32Array[] }): Promise<void> {
  // A different file starts from a fresh view; a re-run of the same file keeps zoom and cursor.
  if (state.file !== m.file) Object.assign(state, { file: m.file, view: null, cursor: null, ladder: null });
  runId = id;
  meta = m;
  sockets = new SocketModel(m);
  renderSummary(m);
  renderExpectations(m);
  const view = clampView(state.view, m);
  // The run usually arrives with its whole range reduced for this width; a restored zoom asks for its own.
  const useWhole = whole !== undefined && view[0] === m.t0 && view[1] === m.t1;
  dataColumns = useWhole ? readyColumns : columnsGuess();
  const w = useWhole ? whole
    : await host.request<'window'>({ type: 'requestWindow', runId: id, t0: view[0], t1: view[1], columns: dataColumns });
  if (id !== runId) return;
  lastWindow = w;
  buildCharts({ ...state, view });
  renderToggles();
  renderLadderPicker(m);
  save();
  document.dispatchEvent(new CustomEvent('netscenario:rendered', { detail: { runId: id } }));
}

function clampView(v: [number, number] | null, m: RunMeta): [number, number] {
  if (!v || !(v[1] > v[0]) || v[1] < m.t0 || v[0] > m.t1) return [m.t0, m.t1];
  return [Math.max(m.t0, v[0]), Math.min(m.t1, v[1])];
}

function columnsGuess(): number {
  return Math.max(64, Math.min(8192, Math.round(($('charts').clientWidth || 800) * devicePixelRatio)));
}

function buildCharts(ui: Pick<ViewState, 'view' | 'cursor' | 'hidden'>): void {
  if (!meta || !lastWindow) return;
  charts?.destroy();
  const hidden = new Set(ui.hidden);
  charts = new Charts($('charts'), meta, lastWindow, { hidden, view: ui.view, cursor: ui.cursor }, {
    onView: (t0, t1) => void fetchWindow(t0, t1),
    onCursor: () => { save(); void updateTables(); },
    onSeriesShown: (id, shown) => {
      state.hidden = shown ? state.hidden.filter((x) => x !== id) : [...new Set([...state.hidden, id])];
      save();
    },
  });
  for (const h of state.hiddenHosts) charts.setHostShown(h, false);
  void updateTables();
}

async function fetchWindow(t0: number, t1: number): Promise<void> {
  if (!charts) return;
  save();
  const id = runId;
  dataColumns = charts.columns();
  const w = await host.request<'window'>({ type: 'requestWindow', runId: id, t0, t1, columns: dataColumns });
  const [a, b] = charts.range;
  // Only the newest view's data is drawn; replies to superseded zooms are dropped.
  if (id !== runId || w.t0 !== a || w.t1 !== b) return;
  lastWindow = w;
  charts.setWindow(w);
}

async function updateTables(): Promise<void> {
  if (!charts || !sockets || !meta) return;
  const seq = ++sampleSeq;
  const t = charts.cursor;
  const s = await host.request<'sample'>({ type: 'requestSample', runId, t });
  if (seq !== sampleSeq || !sockets) return;
  const at = `at ${fmtTimeExact(t)}`;
  renderTable($('listen-table'), sockets.listeners(t, s.values), `Listeners ${at}`);
  renderTable($('udp-table'), sockets.udp(t, s.values), `UDP sockets ${at}`, UDP_COLUMNS);
  const rows = sockets.sockets(t, s.values);
  const more = meta.connectionsTotal > meta.connections.length ? ` (of the first ${meta.connections.length} of ${meta.connectionsTotal} connections)` : '';
  const shown = rows.length > MAX_TABLE_ROWS ? ` — first ${MAX_TABLE_ROWS} of ${rows.length}` : '';
  renderTable($('socket-table'), rows.slice(0, MAX_TABLE_ROWS), `TCP sockets ${at}${more}${shown}`);
}

function renderSummary(m: RunMeta): void {
  const failed = m.expectations.filter((e) => !e.passed).length;
  $('title').textContent = m.scenario;
  $('summary').textContent = `${m.kernel} · seed ${m.seed} · ${fmtTime(m.durationMs)}${m.aborted ? ' (cancelled)' : ''} · ${m.connectionsTotal} connections · ` +
    (m.expectations.length ? `${m.expectations.length - failed}/${m.expectations.length} expectations passed` : 'no expectations');
}

function renderExpectations(m: RunMeta): void {
  const items = m.expectations.map((e) => {
    const b = el('button', { type: 'button', class: `expect ${e.passed ? 'pass' : 'fail'}`, title: 'Show in editor' },
      el('span', { class: 'mark', 'aria-label': e.passed ? 'passed' : 'failed' }, e.passed ? '✓' : '✗'),
      el('span', { class: 'line' }, `line ${e.line}`), el('code', {}, e.text), el('span', { class: 'actual' }, `actual ${e.actual}`));
    b.addEventListener('click', () => host.post({ type: 'revealLine', line: e.line }));
    return el('li', {}, b);
  });
  $('expect-list').replaceChildren(...(items.length ? items : [el('li', { class: 'empty' }, 'This scenario has no expect statements.')]));
}

function renderToggles(): void {
  const hosts = [...new Set(charts?.plots.map((p) => p.group.host) ?? [])];
  const boxes = hosts.map((h) => {
    const input = el('input', { type: 'checkbox', 'data-host': h });
    input.checked = !state.hiddenHosts.includes(h);
    input.addEventListener('change', () => {
      state.hiddenHosts = input.checked ? state.hiddenHosts.filter((x) => x !== h) : [...state.hiddenHosts, h];
      charts?.setHostShown(h, input.checked);
      save();
    });
    return el('label', { class: 'toggle' }, input, ` ${h}`);
  });
  $('series-toggles').replaceChildren(...boxes);
}

function renderLadderPicker(m: RunMeta): void {
  const select = $<HTMLSelectElement>('ladder-select');
  const choices = ladderChoices(m);
  select.replaceChildren(...choices.map((c) => el('option', { value: c.value }, c.label)));
  const pick = choices.find((c) => c.value === state.ladder) ?? choices.find((c) => c.conns.length === 1) ?? choices[0];
  if (pick) select.value = pick.value;
  const draw = () => {
    const c = choices.find((x) => x.value === select.value);
    state.ladder = c?.value ?? null;
    if (sockets) renderLadder($('ladder'), c?.conns ?? [], sockets, (t) => charts?.setCursor(t));
    save();
  };
  select.onchange = draw;
  redrawLadder = draw;
  draw();
}

function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function exportImage(format: 'png' | 'svg'): void {
  if (!charts || !meta) return;
  const bg = themeColor('--vscode-editor-background', '#1e1e1e');
  const fg = themeColor('--vscode-foreground', '#cccccc');
  const data = format === 'png' ? chartsPng(charts, bg, fg) : chartsSvg(charts, bg, fg);
  const name = `${meta.scenario.replace(/[^\w.-]+/g, '-').slice(0, 80) || 'run'}-timelines.${format}`;
  host.post({ type: 'exportImage', format, name, data });
}

$('export-png').addEventListener('click', () => exportImage('png'));
$('export-svg').addEventListener('click', () => exportImage('svg'));
$('export-json').addEventListener('click', () => host.post({ type: 'exportRun', format: 'json' }));
$('export-csv').addEventListener('click', () => host.post({ type: 'exportRun', format: 'csv' }));
$('zoom-reset').addEventListener('click', () => charts?.resetZoom());
$('charts').addEventListener('keydown', (e) => charts?.handleKey(e));

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
let lastWidth = 0;
// Only width matters: the charts' height grows as they are added, which must not refetch data.
new ResizeObserver((entries) => {
  const width = Math.round(entries[0].contentRect.width);
  if (width === lastWidth) return;
  lastWidth = width;
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (!charts) return;
    charts.resize();
    redrawLadder();
    // Finer data when the charts got wider; a little narrower (a scrollbar appearing) draws fine as it is.
    const cols = charts.columns();
    if (cols > dataColumns || cols < dataColumns * 0.75) void fetchWindow(...charts.range);
  }, 60);
}).observe($('charts'));

// VS Code swaps the body's theme class and CSS variables; canvas colours must be redrawn.
new MutationObserver(() => {
  save();
  buildCharts(state);
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

const readyColumns = columnsGuess();
host.post({ type: 'ready', columns: readyColumns });
