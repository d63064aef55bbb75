// Every provider answers on any text at any position without throwing: half-typed lines, cut
// files and random characters are what an editor sends most of the time.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/server/analysis';
import { complete } from '../../src/server/completion';
import { hover } from '../../src/server/hover';
import { definition, prepareRename, references } from '../../src/server/navigation';
import { documentSymbols, foldingRanges } from '../../src/server/outline';
import { semanticTokens } from '../../src/server/semanticTokens';

const dir = join(__dirname, '..', '..', 'examples');
const examples = readdirSync(dir).filter((f) => f.endsWith('.netscenario')).map((f) => readFileSync(join(dir, f), 'utf8'));

function everyProvider(text: string, positions: { line: number; character: number }[]): void {
  const a = analyzeText('file:///fuzz.netscenario', 1, text);
  semanticTokens(a);
  documentSymbols(a);
  foldingRanges(a);
  for (const p of positions) {
    complete(a, p, { snippets: true });
    hover(a, p);
    definition(a, p);
    references(a, p, true);
    prepareRename(a, p);
  }
}

const ALPHABET = ['a', 'z', '.', ':', '[', ']', '{', '}', '"', '\\', '#', ' ', '\n', '\r\n', '\t', '1', '5s', '==', '<->', '±', 'µ', '😀', 'expect ', 'host ', 'sysctl net.'];

describe('providers never throw', () => {
  it('on every example, cut at a random point, with random insertions, at random positions', () => {
    expect(examples.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(
        fc.constantFrom(...examples),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...ALPHABET)), { maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(60), fc.nat(80)), { minLength: 1, maxLength: 8 }),
        (example, cut, inserts, points) => {
          let text = example.slice(0, cut % (example.length + 1));
          for (const [at, s] of inserts) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + s + text.slice(i);
          }
          everyProvider(text, points.map(([line, character]) => ({ line, character })));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('at every position of every example', () => {
    for (const text of examples) {
      const lines = text.split('\n');
      const positions = lines.flatMap((l, line) => Array.from({ length: l.length + 1 }, (_, character) => ({ line, character })));
      everyProvider(text, positions);
    }
  });
});
