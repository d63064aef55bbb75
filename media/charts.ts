// Timelines: one uPlot chart per (host, group), all sharing the x scale (zoom), the hover cursor
// (uPlot sync) and a pinned time cursor that the socket table follows.
import uPlot from 'uplot';
import type { RunMeta, SeriesInfo } from '../src/shared/webviewMessages';
import { el, fmtTick, fmtTime, fmtTimeExact, fmtValue } from './format';
import { groupSeries, type ChartGroup, seriesLabel } from './series';

export interface ChartCallbacks {
  /** The visible time range changed (zoom, reset, pan): fetch data for it. */
  onView(t0: number, t1: number): void;
  /** The pinned cursor moved. */
  onCursor(t: number): void;
  onSeriesShown(id: string, shown: boolean): void;
}

const SYNC_KEY = 'netscenario-timeline';
const PALETTE = ['blue', 'orange', 'green', 'red', 'purple', 'yellow'];
const FALLBACK = ['#3794ff', '#d18616', '#388a34', '#f14c4c', '#b180d7', '#cca700'];
const CHART_HEIGHT = 170;
const MANY_SERIES = 8;
const stepAfter = uPlot.paths.stepped!({ align: 1 });
const stepBefore = uPlot.paths.stepped!({ align: -1 });

export class Charts {
  readonly plots: { group: ChartGroup; u: uPlot; wrap: HTMLElement; pin: HTMLElement }[] = [];
  private view: [number, number];
  private pinned: number;
  private syncing = false;
  private viewTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly container: HTMLElement,
    private readonly meta: RunMeta,
    data: { x: Float64Array; y: Float32Array[] },
    ui: { hidden: Set<string>; view: [number, number] | null; cursor: number | null },
    private readonly cb: ChartCallbacks,
  ) {
    this.view = ui.view ?? [meta.t0, meta.t1];
    this.pinned = ui.cursor ?? meta.t1;
    container.replaceChildren();
    const colors = themeColors();
    const width = this.width();
    const groups = groupSeries(meta);
    if (!groups.length) container.append(el('p', { class: 'empty' }, 'This run has no timeline samples.'));
    for (const group of groups) {
      const wrap = el('figure', { class: 'chart', 'data-key': group.key, 'data-host': group.host });
      wrap.append(el('figcaption', {}, group.title));
      container.append(wrap);
      const u = new uPlot(this.options(group, ui.hidden, colors, width), this.alignedData(group, data), wrap);
      const pin = el('div', { class: 'pin', 'aria-hidden': 'true' });
      u.over.append(pin);
      // A click pins the cursor; the click that ends a drag-to-zoom does not.
      let downX = 0;
      u.over.addEventListener('mousedown', (e) => { downX = e.clientX; });
      u.over.addEventListener('click', (e) => {
        if (Math.abs(e.clientX - downX) <= 3) this.setCursor(u.posToVal(e.offsetX, 'x'));
      });
      this.plots.push({ group, u, wrap, pin });
      keyboardLegend(u);
    }
    // The data already covers the initial view: setting it must not trigger a refetch.
    this.syncing = true;
    for (const p of this.plots) p.u.setScale('x', { min: this.view[0], max: this.view[1] });
    this.syncing = false;
    this.setCursor(this.pinned, false);
  }

  get cursor(): number {
    return this.pinned;
  }

  get range(): [number, number] {
    return this.view;
  }

  /** Width in pixels the charts' plotting area spans (for the data request). */
  columns(): number {
    return Math.max(50, Math.round(this.plots[0]?.u.bbox.width ?? this.width() * devicePixelRatio));
  }

  setWindow(data: { x: Float64Array; y: Float32Array[] }): void {
    for (const p of this.plots) p.u.setData(this.alignedData(p.group, data), false);
    this.placeCursor();
  }

  setCursor(t: number, notify = true): void {
    const [lo, hi] = [this.meta.t0, this.meta.t1];
    this.pinned = Math.min(hi, Math.max(lo, t));
    if (this.pinned < this.view[0] || this.pinned > this.view[1]) {
      const w = this.view[1] - this.view[0];
      const a = Math.min(Math.max(lo, this.pinned - w / 2), hi - w);
      this.zoom(a, a + w);
    }
    this.placeCursor();
    if (notify) this.cb.onCursor(this.pinned);
  }

  zoom(t0: number, t1: number): void {
    const lo = Math.max(this.meta.t0, t0);
    const hi = Math.min(this.meta.t1, t1);
    if (!(hi > lo)) return;
    this.plots[0]?.u.setScale('x', { min: lo, max: hi });
  }

  resetZoom(): void {
    this.zoom(this.meta.t0, this.meta.t1);
  }

  setHostShown(host: string, shown: boolean): void {
    for (const p of this.plots) if (p.group.host === host) p.wrap.hidden = !shown;
  }

  resize(): void {
    const width = this.width();
    // A new size re-fires uPlot's setScale with the same range: not a zoom, so no refetch.
    this.syncing = true;
    for (const p of this.plots) p.u.setSize({ width, height: CHART_HEIGHT });
    this.syncing = false;
    this.placeCursor();
  }

  destroy(): void {
    for (const p of this.plots) p.u.destroy();
    this.plots.length = 0;
  }

  private width(): number {
    return Math.max(240, this.container.clientWidth - 4);
  }

  private alignedData(group: ChartGroup, data: { x: Float64Array; y: Float32Array[] }): uPlot.AlignedData {
    return [data.x, ...group.series.map((s) => data.y[s.index])];
  }

  private placeCursor(): void {
    for (const { u, pin } of this.plots) {
      const left = u.valToPos(this.pinned, 'x');
      // Outside the zoomed range the pin is hidden rather than pushed past the chart's edge.
      pin.hidden = !(left >= 0 && left <= u.bbox.width / devicePixelRatio);
      pin.style.transform = `translateX(${Math.round(left)}px)`;
      // Every chart is placed here, so the move is not published to the sync group (3rd arg).
      // The top comes from uPlot's own box: reading layout here would force a reflow per chart.
      (u.setCursor as (o: { left: number; top: number }, fire?: boolean, pub?: boolean) => void)(
        { left, top: u.bbox.height / devicePixelRatio / 2 }, true, false);
    }
    const label = document.getElementById('cursor-time');
    if (label) label.textContent = `cursor ${fmtTimeExact(this.pinned)}`;
  }

  /** Keyboard control of the cursor and zoom (the charts container has focus). */
  handleKey(e: KeyboardEvent): void {
    const [a, b] = this.view;
    const step = ((b - a) / Math.max(1, this.columns() / devicePixelRatio)) * (e.shiftKey ? 10 : 1);
    const handled: Record<string, () => void> = {
      ArrowRight: () => this.setCursor(this.pinned + step),
      ArrowLeft: () => this.setCursor(this.pinned - step),
      Home: () => this.setCursor(a),
      End: () => this.setCursor(b),
      '+': () => this.zoomAround(0.5),
      '=': () => this.zoomAround(0.5),
      '-': () => this.zoomAround(2),
      '0': () => this.resetZoom(),
    };
    const f = handled[e.key];
    if (f) {
      e.preventDefault();
      f();
    }
  }

  private zoomAround(factor: number): void {
    const [a, b] = this.view;
    const w = (b - a) * factor;
    const frac = (this.pinned - a) / (b - a || 1);
    const lo = Math.max(this.meta.t0, this.pinned - w * frac);
    this.zoom(lo, Math.min(this.meta.t1, lo + w));
  }

  private onScale(u: uPlot): void {
    if (this.syncing) return;
    const min = u.scales.x.min ?? this.meta.t0;
    const max = u.scales.x.max ?? this.meta.t1;
    // uPlot also reports the unchanged range (first draw, resize): only a real change is a zoom.
    if (min === this.view[0] && max === this.view[1]) return;
    this.syncing = true;
    for (const p of this.plots) if (p.u !== u) p.u.setScale('x', { min, max });
    this.syncing = false;
    this.view = [min, max];
    this.placeCursor();
    clearTimeout(this.viewTimer);
    this.viewTimer = setTimeout(() => this.cb.onView(min, max), 40);
  }

  private options(group: ChartGroup, hidden: Set<string>, colors: string[], width: number): uPlot.Options {
    const limits = group.series.map((s) => s.limit).filter((v): v is number => v !== undefined);
    const maxLimit = limits.length ? Math.max(...limits) : 0;
    const fg = cssVar('--vscode-foreground', '#ccc');
    const grid = cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)');
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    // Leaving a chart hides uPlot's hover cursor; put it back on the pinned time instead.
    const keepOnLeave = (_u: uPlot, targ: HTMLElement, handler: (e: MouseEvent) => null) => (e: MouseEvent) => {
      if (e.target !== targ) return;
      handler(e);
      requestAnimationFrame(() => this.placeCursor());
    };
    return {
      width,
      height: CHART_HEIGHT,
      scales: {
        x: { time: false },
        y: { range: (_u, _min, max) => [0, Math.max(max, maxLimit) * 1.08 || 1] },
      },
      axes: [
        { ...axis, values: (_u, ticks) => ticks.map(fmtTime) },
        { ...axis, size: 56, values: (_u, ticks) => ticks.map(fmtTick) },
      ],
      series: [
        { label: 'time', value: (_u, v) => (v == null ? '–' : fmtTime(v)) },
        ...group.series.map((s, i) => ({
          label: seriesLabel(s),
          show: !hidden.has(s.id),
          stroke: colors[i % colors.length],
          width: 1,
          // Queues and counters change in steps; a rate belongs to the interval that ends at its sample.
          paths: s.kind === 'rate' ? stepBefore : stepAfter,
          value: (_u: uPlot, v: number | null) => fmtValue(v),
        })),
      ],
      legend: { live: true },
      cursor: {
        sync: { key: SYNC_KEY, setSeries: false },
        y: false,
        // One hover dot per series is a composited layer each; with many series they cost more than they tell.
        points: { show: group.series.length <= MANY_SERIES },
        drag: { x: true, y: false, setScale: true },
        bind: {
          mouseleave: keepOnLeave as never,
          dblclick: (() => () => { this.resetZoom(); return null; }) as never,
        },
      },
      hooks: {
        setScale: [(u, key) => { if (key === 'x') this.onScale(u); }],
        setSeries: [(_u, i, opts) => {
          if (i != null && i > 0 && opts.show !== undefined) this.cb.onSeriesShown(group.series[i - 1].id, opts.show);
        }],
        draw: [(u) => drawLimits(u, group.series, colors)],
      },
    };
  }
}

/** Legend rows toggle their series on click; make them reachable and usable from the keyboard too. */
function keyboardLegend(u: uPlot): void {
  u.root.querySelectorAll<HTMLElement>('.u-legend .u-series').forEach((row, i) => {
    if (i === 0) return; // the time column
    row.tabIndex = 0;
    row.setAttribute('role', 'switch');
    const sync = () => row.setAttribute('aria-checked', String(u.series[i].show !== false));
    sync();
    row.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      u.setSeries(i, { show: u.series[i].show === false });
      sync();
    });
    row.addEventListener('click', () => requestAnimationFrame(sync));
  });
}

/** Dashed horizontal lines at each visible series' limit, in the series' colour. */
function drawLimits(u: uPlot, series: SeriesInfo[], colors: string[]): void {
  const ctx = u.ctx;
  ctx.save();
  ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
  ctx.lineWidth = devicePixelRatio;
  series.forEach((s, i) => {
    if (s.limit === undefined || !u.series[i + 1].show) return;
    const y = Math.round(u.valToPos(s.limit, 'y', true));
    ctx.strokeStyle = colors[i % colors.length];
    ctx.beginPath();
    ctx.moveTo(u.bbox.left, y);
    ctx.lineTo(u.bbox.left + u.bbox.width, y);
    ctx.stroke();
  });
  ctx.restore();
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** Series colours from the theme's chart palette (so they follow dark, light and high contrast). */
export function themeColors(): string[] {
  return PALETTE.map((c, i) => cssVar(`--vscode-charts-${c}`, FALLBACK[i]));
}
