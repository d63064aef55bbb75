// Loads syntaxes/netscenario.tmLanguage.json into the real TextMate engine VS Code uses
// (vscode-textmate on the Oniguruma WebAssembly build) and tokenises text line by line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const root = join(__dirname, '..', '..');
export const GRAMMAR_PATH = join(root, 'syntaxes', 'netscenario.tmLanguage.json');

export interface ScopedToken {
  line: number;
  text: string;
  scopes: string[];
}

let grammar: Promise<vsctm.IGrammar> | undefined;

export function loadGrammar(): Promise<vsctm.IGrammar> {
  grammar ??= (async () => {
    const wasm = readFileSync(join(root, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName) => {
        if (scopeName !== 'source.netscenario') return null;
        return vsctm.parseRawGrammar(readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH);
      },
    });
    const g = await registry.loadGrammar('source.netscenario');
    if (!g) throw new Error('grammar source.netscenario did not load');
    return g;
  })();
  return grammar;
}

export async function tokenize(text: string): Promise<ScopedToken[]> {
  const g = await loadGrammar();
  const out: ScopedToken[] = [];
  let state = vsctm.INITIAL;
  text.split(/\r\n|\r|\n/).forEach((lineText, line) => {
    const r = g.tokenizeLine(lineText, state);
    for (const t of r.tokens) {
      out.push({ line, text: lineText.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    }
    state = r.ruleStack;
  });
  return out;
}

/** The innermost scope of the first token whose text is exactly `text` (after `skip` earlier ones). */
export function scopeOf(tokens: ScopedToken[], text: string, skip = 0): string {
  const hits = tokens.filter((t) => t.text === text);
  const hit = hits[skip];
  if (!hit) throw new Error(`no token '${text}' in: ${tokens.map((t) => JSON.stringify(t.text)).join(' ')}`);
  return hit.scopes[hit.scopes.length - 1];
}
