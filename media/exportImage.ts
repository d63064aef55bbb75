// Chart export: PNG stacks the charts' canvases; SVG redraws every visible series as vector paths
// from the data the charts hold, so it scales and stays editable.
import type uPlot from 'uplot';
import type { Charts } from './charts';
import { fmtTime, fmtValue } from './format';

const TITLE_H = 22;

function visiblePlots(charts: Charts): Charts['plots'] {
  return charts.plots.filter((p) => !p.wrap.hidden);
}

export function chartsPng(charts: Charts, background: string, foreground: string): string {
  const plots = visiblePlots(charts);
  const ratio = devicePixelRatio;
  const width = Math.max(1, ...plots.map((p) => p.u.ctx.canvas.width));
  const height = plots.reduce((h, p) => h + p.u.ctx.canvas.height + TITLE_H * ratio, 0) || 1;
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  let y = 0;
  for (const p of plots) {
    ctx.fillStyle = foreground;
    ctx.font = `${12 * ratio}px sans-serif`;
    ctx.fillText(p.group.title, 4 * ratio, y + 15 * ratio);
    y += TITLE_H * ratio;
    ctx.drawImage(p.u.ctx.canvas, 0, y);
    y += p.u.ctx.canvas.height;
  }
  return out.toDataURL('image/png');
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function chartsSvg(charts: Charts, background: string, foreground: string): string {
  const parts: string[] = [];
  let y = 0;
  let width = 0;
  for (const p of visiblePlots(charts)) {
    const u = p.u;
    const { left, top, width: w, height: h } = cssBox(u);
    width = Math.max(width, u.width);
    parts.push(`<g transform="translate(0,${y})">`);
    parts.push(`<text x="4" y="15" fill="${esc(foreground)}" font-size="12">${esc(p.group.title)}</text>`);
    const oy = TITLE_H + top;
    parts.push(`<rect x="${left}" y="${oy}" width="${w}" height="${h}" fill="none" stroke="${esc(foreground)}" stroke-opacity="0.3"/>`);
    const [xmin, xmax] = [u.scales.x.min ?? 0, u.scales.x.max ?? 0];
    parts.push(`<text x="${left}" y="${oy + h + 14}" fill="${esc(foreground)}" font-size="10">${esc(fmtTime(xmin))}</text>`);
    parts.push(`<text x="${left + w}" y="${oy + h + 14}" fill="${esc(foreground)}" font-size="10" text-anchor="end">${esc(fmtTime(xmax))}</text>`);
    parts.push(`<text x="${left - 4}" y="${oy + 10}" fill="${esc(foreground)}" font-size="10" text-anchor="end">${esc(fmtValue(u.scales.y.max))}</text>`);
    u.series.forEach((s, i) => {
      if (i === 0 || !s.show) return;
      const d = seriesPath(u, i, left, oy);
      const stroke = typeof s.stroke === 'function' ? s.stroke(u, i) : s.stroke;
      if (d) parts.push(`<path d="${d}" fill="none" stroke="${esc(String(stroke))}" stroke-width="1.5"><title>${esc(String(s.label ?? ''))}</title></path>`);
    });
    parts.push('</g>');
    y += TITLE_H + u.height + 20;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}">` +
    `<rect width="100%" height="100%" fill="${esc(background)}"/>${parts.join('')}</svg>`;
}

function cssBox(u: uPlot): { left: number; top: number; width: number; height: number } {
  const r = devicePixelRatio;
  return { left: u.bbox.left / r, top: u.bbox.top / r, width: u.bbox.width / r, height: u.bbox.height / r };
}

function seriesPath(u: uPlot, i: number, ox: number, oy: number): string {
  const xs = u.data[0];
  const ys = u.data[i];
  const [xmin, xmax] = [u.scales.x.min ?? -Infinity, u.scales.x.max ?? Infinity];
  const out: string[] = [];
  for (let k = 0; k < xs.length; k++) {
    const v = ys[k];
    if (v == null || xs[k] < xmin || xs[k] > xmax) continue;
    const px = ox + u.valToPos(xs[k], 'x');
    const py = oy + u.valToPos(v, 'y');
    out.push(`${out.length ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`);
  }
  return out.join('');
}
