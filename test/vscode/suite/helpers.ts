/// <reference types="mocha" />
// Shared helpers of the VS Code suite. Everything here goes through the public `vscode` API of
// the real extension host; nothing is mocked.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The repository under test; set by both runners (scripts/vscode-test.mjs, runElectron.mjs). */
export const REPO = requiredEnv('NETSCENARIO_REPO');

export interface Manifest {
  name: string;
  publisher: string;
  contributes?: { commands?: { command: string; title: string; category?: string }[] };
}
export const manifest: Manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
export const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this extension host`);
  return ext;
}

/** A file in the workspace folder the runner prepared (copies of examples/ and test/vscode/fixtures/). */
export function workspaceUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the runner must open a workspace folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function openScenario(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(name));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Position of the first occurrence of `needle` in the document (plus `offset` characters). */
export function positionOf(doc: vscode.TextDocument, needle: string, offset = 0): vscode.Position {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `"${needle}" not found in ${doc.uri.fsPath}`);
  return doc.positionAt(at + offset);
}

/** Resolves once `check` returns a value other than undefined, polling and on `events`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 20_000,
  events: vscode.Event<unknown>[] = [],
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let wake: () => void = () => undefined;
  const subs = events.map((e) => e(() => wake()));
  try {
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 100);
      });
    }
  } finally {
    subs.forEach((s) => s.dispose());
  }
}

/** Waits for the diagnostics of `uri` to satisfy `accept`, woken by onDidChangeDiagnostics. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  accept: (diags: vscode.Diagnostic[]) => boolean,
  timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
  return waitFor(
    `${what} (now: ${describe(vscode.languages.getDiagnostics(uri))})`,
    () => {
      const diags = vscode.languages.getDiagnostics(uri);
      return accept(diags) ? diags : undefined;
    },
    timeoutMs,
    [vscode.languages.onDidChangeDiagnostics],
  );
}

export function describe(diags: readonly vscode.Diagnostic[]): string {
  if (diags.length === 0) return 'no diagnostics';
  return diags.map((d) => `${d.source ?? '?'}@${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`).join('; ');
}

/** Marks the running test as skipped, with a reason the runner prints. */
export function skipWith(ctx: Mocha.Context, reason: string): never {
  if (ctx.test) (ctx.test as Mocha.Runnable & { skipReason?: string }).skipReason = reason;
  ctx.skip();
}

/** Reverts the scenarios tests edited and closes every editor, so the next test starts from the files on disk. */
export async function closeAllEditors(): Promise<void> {
  // Only scenarios: the workbench itself may hold other documents (it edits settings.json through one).
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && doc.languageId === 'netscenario') {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite with npm run test:vscode or test:vscode:electron`);
  return value;
}
