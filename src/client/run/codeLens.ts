// "Run Scenario" and "Show Results" above the `scenario` header of a .netscenario file.
import * as vscode from 'vscode';

const HEADER = /^\s*scenario\b/m;

export class RunCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const m = HEADER.exec(doc.getText());
    if (!m) return [];
    const pos = doc.positionAt(m.index + m[0].length - m[0].trimStart().length);
    const range = new vscode.Range(pos, pos);
    return [
      new vscode.CodeLens(range, { title: '$(play) Run Scenario', command: 'netscenario.runScenario', arguments: [doc.uri] }),
      new vscode.CodeLens(range, { title: '$(graph) Show Results', command: 'netscenario.showResults', arguments: [doc.uri] }),
    ];
  }
}
