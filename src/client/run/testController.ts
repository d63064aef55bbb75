// Test Explorer: every .netscenario file in the workspace is a test item and each of its `expect`
// statements a child. Running a file runs the engine once and reports each expectation.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { analyze } from '../../dsl/index';
import { analyzeText, type RunService } from './runService';

const GLOB = '**/*.netscenario';

export function registerTestController(service: RunService): vscode.Disposable {
  const ctrl = vscode.tests.createTestController('netscenario', 'NetScenario');
  const disposables: vscode.Disposable[] = [ctrl];

  const fileItem = (uri: vscode.Uri): vscode.TestItem => {
    const existing = ctrl.items.get(uri.toString());
    if (existing) return existing;
    const item = ctrl.createTestItem(uri.toString(), basename(uri.fsPath), uri);
    item.canResolveChildren = true;
    ctrl.items.add(item);
    return item;
  };

  const refreshChildren = (item: vscode.TestItem, text: string): void => {
    const a = analyze(text, item.uri!.fsPath);
    const expects = a.model?.expects ?? [];
    item.children.replace(expects.map((e) => {
      const child = ctrl.createTestItem(`${item.id}#${e.line}`, e.text, item.uri);
      child.range = new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character);
      return child;
    }));
    item.error = a.model ? undefined : 'The scenario has errors; it cannot run.';
  };

  const readItem = async (item: vscode.TestItem): Promise<string> => {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === item.uri!.toString());
    return open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(item.uri!));
  };

  ctrl.resolveHandler = async (item) => {
    if (item) {
      refreshChildren(item, await readItem(item));
      return;
    }
    for (const uri of await vscode.workspace.findFiles(GLOB, '**/node_modules/**')) fileItem(uri);
  };
  ctrl.refreshHandler = async () => {
    ctrl.items.replace([]);
    await ctrl.resolveHandler?.(undefined);
  };

  const watcher = vscode.workspace.createFileSystemWatcher(GLOB);
  disposables.push(
    watcher,
    watcher.onDidCreate((uri) => fileItem(uri)),
    watcher.onDidDelete((uri) => ctrl.items.delete(uri.toString())),
    watcher.onDidChange(async (uri) => {
      const item = ctrl.items.get(uri.toString());
      if (item) refreshChildren(item, await readItem(item));
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      const item = e.document.languageId === 'netscenario' ? ctrl.items.get(e.document.uri.toString()) : undefined;
      if (item) refreshChildren(item, e.document.getText());
    }),
  );

  const runHandler = async (request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> => {
    const run = ctrl.createTestRun(request);
    const files = new Map<string, vscode.TestItem>();
    if (request.include) {
      for (const t of request.include) {
        const file = t.parent ?? t;
        files.set(file.id, file);
      }
    } else {
      await ctrl.resolveHandler?.(undefined);
      ctrl.items.forEach((t) => files.set(t.id, t));
    }
    for (const file of files.values()) {
      if (token.isCancellationRequested) break;
      if (request.exclude?.includes(file)) continue;
      await runFile(file, run, token);
    }
    run.end();
  };

  const runFile = async (file: vscode.TestItem, run: vscode.TestRun, token: vscode.CancellationToken): Promise<void> => {
    const text = await readItem(file);
    refreshChildren(file, text);
    const children: vscode.TestItem[] = [];
    file.children.forEach((c) => children.push(c));
    run.started(file);
    for (const c of children) run.started(c);
    const analysis = analyzeText(text, file.uri!.fsPath);
    if ('errors' in analysis) {
      const msg = new vscode.TestMessage(analysis.errors.join('\n'));
      run.errored(file, msg);
      for (const c of children) run.skipped(c);
      return;
    }
    const started = Date.now();
    let result;
    try {
      result = await service.execute(analysis.model, token);
    } catch (err) {
      run.errored(file, new vscode.TestMessage(err instanceof Error ? err.message : String(err)));
      return;
    }
    if (!result) {
      for (const c of [file, ...children]) run.skipped(c);
      return;
    }
    const duration = Date.now() - started;
    let failed = 0;
    for (const e of result.expectations) {
      const child = children.find((c) => c.id === `${file.id}#${e.line}`);
      if (!child) continue;
      if (e.passed) run.passed(child, duration);
      else {
        failed++;
        const msg = new vscode.TestMessage(`${e.text}\nactual: ${e.actual}`);
        msg.actualOutput = e.actual;
        msg.location = new vscode.Location(file.uri!, child.range ?? new vscode.Position(Math.max(0, e.line - 1), 0));
        run.failed(child, msg, duration);
      }
    }
    if (failed) run.failed(file, new vscode.TestMessage(`${failed} of ${result.expectations.length} expectations failed`), duration);
    else run.passed(file, duration);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.uri!.toString());
    if (open) service.diagnostics.update(open, result);
  };

  ctrl.createRunProfile('Run', vscode.TestRunProfileKind.Run, runHandler, true);
  return vscode.Disposable.from(...disposables);
}
