// The results panel's HTML. No `vscode` import: the extension and the webview test harness both
// call this, so the harness exercises the exact page (and CSP) users get.
import { randomBytes } from 'node:crypto';

export interface PanelHtmlOptions {
  /** `webview.cspSource`: the origin the webview loads local resources from. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce?: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, '');
}

const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function buildPanelHtml(o: PanelHtmlOptions): string {
  const nonce = o.nonce ?? makeNonce();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${o.cspSource} 'nonce-${nonce}'`,
    `img-src ${o.cspSource} data: blob:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${attr(o.styleUri)}">
<title>NetScenario results</title>
</head>
<body>
<header class="toolbar" role="toolbar" aria-label="Run">
  <h1 id="title">NetScenario</h1>
  <span id="summary" class="summary" aria-live="polite">Waiting for a run…</span>
  <span class="spacer"></span>
  <button id="zoom-reset" type="button" title="Show the whole run (0)">Reset zoom</button>
  <button id="export-png" type="button">PNG</button>
  <button id="export-svg" type="button">SVG</button>
  <button id="export-json" type="button">JSON</button>
  <button id="export-csv" type="button">CSV</button>
</header>
<main>
  <section id="expectations" class="card" aria-labelledby="expectations-h"><h2 id="expectations-h">Expectations</h2><ul id="expect-list"></ul></section>
  <section class="card" aria-labelledby="timeline-h">
    <h2 id="timeline-h">Timelines <span id="cursor-time" class="cursor-time" aria-live="polite"></span></h2>
    <p class="hint">Drag to zoom, double-click or <kbd>0</kbd> to reset, <kbd>←</kbd>/<kbd>→</kbd> move the cursor (<kbd>Shift</kbd> ×10), <kbd>+</kbd>/<kbd>-</kbd> zoom around it.</p>
    <div id="series-toggles" class="toggles" role="group" aria-label="Series"></div>
    <div id="charts" class="charts" tabindex="0" role="application" aria-label="Timelines; arrow keys move the time cursor"></div>
  </section>
  <section class="card" aria-labelledby="sockets-h">
    <h2 id="sockets-h">Sockets at the cursor</h2>
    <h3>ss -ltn</h3><div class="table-wrap"><table id="listen-table" class="ss"></table></div>
    <h3>ss -tan</h3><div class="table-wrap"><table id="socket-table" class="ss"></table></div>
    <h3>ss -uanm</h3><div class="table-wrap"><table id="udp-table" class="ss udp"></table></div>
  </section>
  <section class="card" aria-labelledby="ladder-h">
    <h2 id="ladder-h">Packet ladder</h2>
    <label>Connection <select id="ladder-select"></select></label>
    <div id="ladder" class="ladder"></div>
  </section>
</main>
<script nonce="${nonce}" src="${attr(o.scriptUri)}"></script>
</body>
</html>`;
}
