// The UI layer of `npm run test:vscode`: Playwright on the code-server workbench page, with the
// .vsix installed as users install it. Each check records a result and a screenshot; a failed
// check does not stop the later ones, and each opens the file it works on itself.
import { join } from 'node:path';

const EXAMPLE = 'somaxconn-nc.netscenario';
const STEP_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 60_000;

/**
 * @param {import('playwright-core').Page} page
 * @param {{ url: string, workspace: string, output: string }} ctx
 * @param {(r: { title: string, state: 'passed'|'failed', durationMs: number, error?: string }) => void} record
 */
export async function runUiChecks(page, ctx, record) {
  const shot = (name) => page.screenshot({ path: join(ctx.output, `ui-${name}.png`) }).catch(() => undefined);
  const check = async (title, name, fn) => {
    const start = Date.now();
    try {
      await fn();
      record({ title, state: 'passed', durationMs: Date.now() - start });
    } catch (err) {
      record({ title, state: 'failed', durationMs: Date.now() - start, error: err.stack ?? String(err) });
    }
    await shot(name);
  };

  await check('the workbench loads with the workspace in the explorer', '1-workbench', async () => {
    await page.goto(ctx.url, { timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: STEP_TIMEOUT_MS });
    await explorerRow(page, EXAMPLE).waitFor({ timeout: STEP_TIMEOUT_MS });
  });

  await check(`opening ${EXAMPLE} from the explorer shows it highlighted`, '2-highlighting', async () => {
    await explorerRow(page, EXAMPLE).click();
    const editor = activeEditor(page);
    await editor.locator('.view-line', { hasText: 'listen tcp 8080' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await expectEventually('a keyword coloured differently from plain text', async () => {
      const colours = await tokenColours(editor);
      const keyword = colours.get('listen');
      const plain = await editor.locator('.view-lines').evaluate((el) => getComputedStyle(el).color);
      return keyword && keyword !== plain ? true : `listen=${keyword}, plain=${plain}, tokens=${JSON.stringify([...colours].slice(0, 12))}`;
    });
  });

  await check('"NetScenario: Run Scenario" from the palette shows charts in the results webview', '3-run-webview', async () => {
    await explorerRow(page, EXAMPLE).click();
    await runPaletteCommand(page, 'NetScenario: Run Scenario');
    const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const canvas = webview.locator('canvas').first();
    try {
      await canvas.waitFor({ timeout: RUN_TIMEOUT_MS });
    } catch (err) {
      const text = await webview.locator('body').innerText({ timeout: 1_000 }).catch(() => '(no webview body)');
      throw new Error(`${err.message}\nwebview text: ${text.slice(0, 500)}`);
    }
    await canvas.scrollIntoViewIfNeeded();
    await expectEventually('a chart drawn on the canvas', async () => {
      const drawn = await canvas.evaluate((c) => {
        if (c.width === 0 || c.height === 0) return 0;
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
        return painted;
      });
      return drawn > 500 ? true : `${drawn} painted pixels`;
    });
  });

  await check('the Testing view runs scenarios as tests: the example passes, a false expect fails', '4-testing', async () => {
    await page.locator('.activitybar .action-item a[aria-label^="Testing"]').click({ timeout: STEP_TIMEOUT_MS });
    for (const [file, state] of [[EXAMPLE, 'passed'], ['false-expect.netscenario', 'failed']]) {
      const row = page.locator('.test-explorer .monaco-list-row', { hasText: file }).first();
      await row.hover({ timeout: STEP_TIMEOUT_MS });
      await row.locator('.action-label[aria-label^="Run Test"]').click({ timeout: STEP_TIMEOUT_MS });
      await row.locator(`.codicon-testing-${state}-icon`).waitFor({ timeout: RUN_TIMEOUT_MS });
    }
  });

  await check('a line naming an unknown host shows a squiggle and a Problems row', '5-problems', async () => {
    await runPaletteCommand(page, 'View: Show Explorer');
    await explorerRow(page, EXAMPLE).click();
    const editor = activeEditor(page);
    await editor.locator('.view-line', { hasText: 'listen tcp 8080' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    // Keyboard focus stays in the explorer after a click there; move it to the editor.
    await runPaletteCommand(page, 'View: Focus Active Editor Group');
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('link client <-> nowhere latency 1ms', { delay: 10 });
    await editor.locator('.squiggly-error').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await runPaletteCommand(page, 'View: Focus Problems');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: "unknown host: 'nowhere'" }).first();
    await row.click({ timeout: STEP_TIMEOUT_MS });
    // Opening the row reveals the squiggle in the (now smaller) editor.
    await editor.locator('.squiggly-error').first().waitFor({ timeout: STEP_TIMEOUT_MS });
  });
}

function explorerRow(page, name) {
  return page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).first();
}

function activeEditor(page) {
  return page.locator('.editor-group-container.active .monaco-editor').first();
}

/** Computed colour of each token text in the visible lines of `editor`. */
function tokenColours(editor) {
  return editor.locator('.view-lines').evaluate((root) => {
    const map = {};
    for (const span of root.querySelectorAll('.view-line > span > span')) {
      const text = span.textContent.trim();
      if (text && !(text in map)) map[text] = getComputedStyle(span).color;
    }
    return map;
  }).then((m) => new Map(Object.entries(m)));
}

/** Opens the palette with F1 and clicks the row (pressing Enter right after typing races the filter). */
async function runPaletteCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ timeout: STEP_TIMEOUT_MS });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click({ timeout: STEP_TIMEOUT_MS });
}

async function expectEventually(what, probe, timeoutMs = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last === true) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}: ${last}`);
}
