import { describe, expect, it } from 'vitest';
import { buildPanelHtml } from '../../src/client/run/panelHtml';

const opts = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://x/dist/webview.js', styleUri: 'https://x/dist/webview.css' };

describe('buildPanelHtml', () => {
  it('uses a fresh nonce on every load, on the one script and the stylesheet', () => {
    const a = buildPanelHtml(opts);
    const b = buildPanelHtml(opts);
    const nonceOf = (h: string) => /script-src 'nonce-([^']+)'/.exec(h)![1];
    expect(nonceOf(a)).not.toBe(nonceOf(b));
    expect(nonceOf(a)).toMatch(/^[A-Za-z0-9]{16,}$/);
    expect(a.match(/<script\b[^>]*>/g)).toEqual([`<script nonce="${nonceOf(a)}" src="https://x/dist/webview.js">`]);
    expect(a).toContain(`<link rel="stylesheet" nonce="${nonceOf(a)}" href="https://x/dist/webview.css">`);
  });

  it('sets the strict policy: nothing by default, only nonce scripts, local styles and images', () => {
    const html = buildPanelHtml({ ...opts, nonce: 'abc123' });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1];
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      "script-src 'nonce-abc123'",
      `style-src ${opts.cspSource} 'nonce-abc123'`,
      `img-src ${opts.cspSource} data: blob:`,
    ]);
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers
    expect(html).not.toMatch(/<(img|iframe|object|embed)\b/); // nothing loads from elsewhere
  });

  it('escapes the URIs it is given', () => {
    const html = buildPanelHtml({ ...opts, scriptUri: 'https://x/a.js?"><script>alert(1)</script>' });
    expect(html).not.toContain('"><script>alert(1)');
  });
});
