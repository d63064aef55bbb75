// Export through a save dialog: the run as JSON or CSV, and chart images the webview rendered.
import { createWriteStream } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { once } from 'node:events';
import * as vscode from 'vscode';
import { runToJson, timelineCsv } from './exportRun';
import type { RunStore } from './runStore';

const FILTERS: Record<string, Record<string, string[]>> = {
  json: { JSON: ['json'] }, csv: { CSV: ['csv'] }, png: { 'PNG image': ['png'] }, svg: { 'SVG image': ['svg'] },
};

async function ask(store: RunStore, name: string, ext: string): Promise<vscode.Uri | undefined> {
  const dir = store.meta.file ? dirname(store.meta.file) : '';
  return vscode.window.showSaveDialog({
    defaultUri: dir ? vscode.Uri.file(join(dir, name)) : undefined,
    filters: FILTERS[ext],
    title: `Export ${ext.toUpperCase()}`,
  });
}

function stem(store: RunStore): string {
  return basename(store.meta.file || 'run').replace(/\.netscenario$/, '');
}

export async function saveRun(store: RunStore, format: 'json' | 'csv'): Promise<void> {
  const uri = await ask(store, `${stem(store)}.run.${format}`, format);
  if (!uri) return;
  if (format === 'json') {
    await vscode.workspace.fs.writeFile(uri, Buffer.from(runToJson(store.result)));
  } else if (uri.scheme === 'file') {
    // Streamed: a million-row timeline would otherwise be one huge string.
    const out = createWriteStream(uri.fsPath);
    for (const chunk of timelineCsv(store.result)) if (!out.write(chunk)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
  } else {
    await vscode.workspace.fs.writeFile(uri, Buffer.from([...timelineCsv(store.result)].join('')));
  }
  void vscode.window.showInformationMessage(`NetScenario: run exported to ${uri.fsPath}`);
}

export async function saveImage(store: RunStore, format: 'png' | 'svg', name: string, data: string): Promise<void> {
  const uri = await ask(store, name, format);
  if (!uri) return;
  const bytes = format === 'png' ? Buffer.from(data.slice(data.indexOf(',') + 1), 'base64') : Buffer.from(data, 'utf8');
  await vscode.workspace.fs.writeFile(uri, bytes);
  void vscode.window.showInformationMessage(`NetScenario: charts exported to ${uri.fsPath}`);
}
