// DSL diagnostics to LSP diagnostics, and quick fixes back out of them. The checker's fixes ride
// along in `Diagnostic.data`, so a code action needs no second analysis to find them.
import {
  CodeActionKind,
  DiagnosticSeverity,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic as LspDiagnostic,
} from 'vscode-languageserver/node';
import type { Diagnostic, QuickFix } from '../dsl';
import type { DocumentAnalysis } from './analysis';

const SEVERITY: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

interface FixData {
  fixes: QuickFix[];
}

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    message: d.message,
    source: 'netscenario',
    ...(d.code ? { code: d.code } : {}),
    ...(d.fixes?.length ? { data: { fixes: d.fixes } satisfies FixData } : {}),
  };
}

function sameRange(a: LspDiagnostic['range'], b: LspDiagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** One quick fix per fix the checker named for the diagnostics in the request. */
export function codeActions(a: DocumentAnalysis, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k + '.') || k === CodeActionKind.Empty)) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    let fixes = (diagnostic.data as FixData | undefined)?.fixes;
    // Clients that drop `data` still get the fixes, found again by range and message.
    fixes ??= a.diagnostics.find((d) => d.message === diagnostic.message && sameRange(d.range, diagnostic.range))?.fixes;
    for (const fix of fixes ?? []) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fixes!.length === 1,
        edit: { changes: { [a.uri]: fix.edits } },
      });
    }
  }
  return actions;
}
