/// <reference types="mocha" />
// The language server as VS Code sees it: diagnostics, completion, hover and formatting, all
// through the real language client and server process.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, describe, openScenario, positionOf, waitForDiagnostics } from './helpers';

const errors = (diags: vscode.Diagnostic[]) => diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);

suite('language server', () => {
  teardown(closeAllEditors);

  test('a broken scenario gets an error on the unknown sysctl, updated on edit', async () => {
    const { document: doc } = await openScenario('broken.netscenario');
    const badLine = positionOf(doc, 'net.core.somaxconnn').line;
    const first = await waitForDiagnostics(doc.uri, `an error on line ${badLine + 1}`, (d) =>
      errors(d).some((e) => e.range.start.line === badLine),
    );
    assert.ok(first.every((d) => d.message.length > 0), describe(first));

    // Fixing the name clears that error...
    const fix = new vscode.WorkspaceEdit();
    const start = positionOf(doc, 'net.core.somaxconnn', 'net.core.'.length);
    fix.replace(doc.uri, new vscode.Range(start, start.translate(0, 'somaxconnn'.length)), 'somaxconn');
    assert.ok(await vscode.workspace.applyEdit(fix));
    await waitForDiagnostics(doc.uri, `no error on line ${badLine + 1} after the fix`, (d) =>
      !errors(d).some((e) => e.range.start.line === badLine),
    );

    // ...and breaking another line reports that one.
    const breakIt = new vscode.WorkspaceEdit();
    breakIt.insert(doc.uri, new vscode.Position(doc.lineCount, 0), '\nlink server <-> nowhere latency 1ms\n');
    assert.ok(await vscode.workspace.applyEdit(breakIt));
    const linkLine = positionOf(doc, 'nowhere').line;
    await waitForDiagnostics(doc.uri, `an error on the new line ${linkLine + 1} (undefined host)`, (d) =>
      errors(d).some((e) => e.range.start.line === linkLine),
    );
  });

  test('a quick fix replaces the misspelt sysctl with the name it suggests', async () => {
    const { document: doc } = await openScenario('broken.netscenario');
    const bad = positionOf(doc, 'net.core.somaxconnn');
    const diags = await waitForDiagnostics(doc.uri, 'the unknown-sysctl error', (d) => errors(d).some((e) => e.range.start.line === bad.line));
    const range = errors(diags).find((e) => e.range.start.line === bad.line)!.range;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, range);
    const fix = actions.find((a) => a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind) && a.edit);
    assert.ok(fix, `no quick fix with an edit among: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.match(doc.lineAt(bad.line).text, /^\s*sysctl net\.core\.somaxconn = 128$/);
    await waitForDiagnostics(doc.uri, 'the error gone after the quick fix', (d) => !errors(d).some((e) => e.range.start.line === bad.line));
  });

  test('the outline lists hosts and their apps', async () => {
    const { document: doc } = await openScenario('ok.netscenario');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    const names = (list: vscode.DocumentSymbol[]): string[] => list.flatMap((s) => [s.name, ...names(s.children ?? [])]);
    const all = names(symbols ?? []);
    for (const want of ['client', 'server', 'load', 'nc']) {
      assert.ok(all.some((n) => n.split(/\s+/).includes(want)), `no symbol "${want}" in ${JSON.stringify(all)}`);
    }
  });

  test('go to definition on a host name in an endpoint goes to the host', async () => {
    const { document: doc } = await openScenario('ok.netscenario');
    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider', doc.uri, positionOf(doc, 'server:8080', 2),
    );
    const lines = (defs ?? []).map((d) => ('targetRange' in d ? d.targetRange : d.range).start.line);
    assert.ok(lines.includes(positionOf(doc, 'host server').line), `definitions at lines ${lines.map((l) => l + 1)}`);
  });

  test('semantic tokens cover the scenario', async () => {
    const { document: doc } = await openScenario('ok.netscenario');
    const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentSemanticTokensLegend', doc.uri);
    const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', doc.uri);
    assert.ok(legend && legend.tokenTypes.length > 0, 'no semantic token legend');
    // Five integers per token: the scenario names hosts, apps and a sysctl at least.
    assert.ok(tokens && tokens.data.length >= 5 * 4, `only ${(tokens?.data.length ?? 0) / 5} semantic tokens`);
  });

  test('completion offers sysctl names after "sysctl net.core."', async () => {
    const editor = await openScenario('ok.netscenario');
    const doc = editor.document;
    const after = positionOf(doc, 'net.core.', 'net.core.'.length);
    // Cut the line back to "sysctl net.core." so the server completes a partial name.
    const edit = new vscode.WorkspaceEdit();
    edit.delete(doc.uri, new vscode.Range(after, doc.lineAt(after.line).range.end));
    assert.ok(await vscode.workspace.applyEdit(edit));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider', doc.uri, after,
    );
    const words = list.items.map((i) => [typeof i.label === 'string' ? i.label : i.label.label, i.filterText, typeof i.insertText === 'string' ? i.insertText : i.insertText?.value]);
    const names = words.flat().filter((w): w is string => typeof w === 'string');
    assert.ok(
      names.some((n) => n === 'somaxconn' || n === 'net.core.somaxconn'),
      `no somaxconn among ${list.items.length} items: ${names.slice(0, 30).join(', ')}`,
    );
  });

  test('hover on net.core.somaxconn shows its documentation', async () => {
    const { document: doc } = await openScenario('ok.netscenario');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider', doc.uri, positionOf(doc, 'net.core.somaxconn', 12),
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.match(text, /somaxconn/, `hover: ${JSON.stringify(text)}`);
    assert.match(text, /listen|backlog|accept queue/i, `hover does not document the sysctl: ${JSON.stringify(text)}`);
  });

  test('formatting re-indents a messy scenario, changes only whitespace, and is idempotent', async () => {
    const { document: doc } = await openScenario('messy.netscenario');
    const options = { tabSize: 2, insertSpaces: true };
    const before = doc.getText();
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', doc.uri, options);
    assert.ok(edits && edits.length > 0, 'no formatting edits for a messy file');
    const apply = new vscode.WorkspaceEdit();
    apply.set(doc.uri, edits);
    assert.ok(await vscode.workspace.applyEdit(apply));
    const after = doc.getText();
    assert.notEqual(after, before);
    assert.equal(after.replace(/\s+/g, ''), before.replace(/\s+/g, ''), 'formatting changed more than whitespace');
    assert.match(after, /^scenario "vscode suite: formatting" \{$/m);
    // Block depth times tabSize: the sysctl sits in one block, the listen in two.
    assert.match(after, /^ {2}sysctl net\.core\.somaxconn = 128$/m, after);
    assert.match(after, /^ {4}listen tcp 8080 backlog 2$/m, after);
    const again = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', doc.uri, options);
    assert.deepEqual((again ?? []).filter((e) => doc.getText(e.range) !== e.newText), [], 'formatting is not idempotent');
  });
});
