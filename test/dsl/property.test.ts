// Property tests: on any input the parser and checker never throw, every range lies inside the
// document, and formatting is idempotent.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, cursorContext, format, type Range } from '../../src/dsl';

const seeds = [
  readFileSync('test/fixtures/dsl/full.netscenario', 'utf8'),
  readFileSync('test/fixtures/dsl/errors.netscenario', 'utf8'),
  ...readdirSync('examples').filter((f) => f.endsWith('.netscenario')).map((f) => readFileSync(`examples/${f}`, 'utf8')),
];

/** Pieces of the language, so random text often looks almost right. */
const pieces = [
  'scenario', 'host', 'app', 'listen', 'tcp', 'connect', 'expect', 'sysctl', 'net.core.somaxconn', 'link', '<->', 'nat', 'drop', 'syn',
  'at', 'stop', 'server', 'server.nc', 'server:8080', '10.0.0.1', '10.0.0.1:80', '1s', '64KiB', '100/s', '1Gbit/s', '0.5%', '[1..3]',
  '0s..5s', '==', '=', '±', '{', '}', ';', '\n', '\r\n', '\r', '\t', ' ', '  ', '#', '"', '"str\\n"', '\\', '😀', 'é', '.', ':', '[', ']',
  'kernel', 'linux-3.10', 'duration', 'backlog', '-', '->', 'accept', 'every', 'off', 'count', 'client.load[0].errno', 'ETIMEDOUT',
];

const tokenSoup = fc.array(fc.constantFrom(...pieces), { maxLength: 80 }).map((a) => a.join(''));
const unicode = fc.string({ unit: 'binary', maxLength: 200 });
const mutated = fc
  .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.constantFrom('', ...pieces)), { minLength: 1, maxLength: 6 }))
  .map(([text, edits]) => {
    for (const [at, del, ins] of edits) {
      const i = at % (text.length + 1);
      text = text.slice(0, i) + ins + text.slice(i + del);
    }
    return text;
  });
const anyText = fc.oneof(tokenSoup, unicode, mutated);

function assertInside(text: string, r: Range, what: string): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const p of [r.start, r.end]) {
    expect(p.line, what).toBeGreaterThanOrEqual(0);
    expect(p.line, what).toBeLessThan(lines.length);
    expect(p.character, what).toBeGreaterThanOrEqual(0);
    expect(p.character, what).toBeLessThanOrEqual(lines[p.line].length);
  }
  expect(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character), what).toBe(true);
}

describe('properties', () => {
  it('analyze never throws and reports ranges inside the document', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const r = analyze(text, 'p.netscenario');
        expect(r.diagnostics.filter((d) => d.code === 'internal-error')).toEqual([]);
        for (const d of r.diagnostics) {
          assertInside(text, d.range, d.message);
          for (const f of d.fixes ?? []) for (const e of f.edits) if (e.range.start.line < text.split(/\r\n|\r|\n/).length) assertInside(text, { start: e.range.start, end: e.range.start }, f.title);
        }
        for (const ref of r.symbols.references) assertInside(text, ref.range, ref.name);
      }),
      { numRuns: 600 },
    );
  });

  it('format is idempotent and keeps the file free of syntax errors', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = format(text);
        if (once === null) return;
        expect(format(once)).toBe(once);
        // Same meaning: the same diagnostics (by code and message) and the same model.
        const before = analyze(text, 'p');
        const after = analyze(once, 'p');
        const summary = (r: typeof before) => r.diagnostics.map((d) => `${d.code} ${d.message}`).sort();
        expect(summary(after)).toEqual(summary(before));
        const strip = (m: unknown) => JSON.stringify(m, (k, v) => (k === 'range' || k === 'line' || k === 'text' ? undefined : v));
        expect(strip(after.model)).toBe(strip(before.model));
      }),
      { numRuns: 600 },
    );
  });

  it('cursorContext never throws at any position', () => {
    fc.assert(
      fc.property(anyText, fc.nat(), fc.nat(), (text, l, c) => {
        const r = analyze(text, 'p');
        const lines = text.split(/\r\n|\r|\n/);
        const line = l % lines.length;
        const ctx = cursorContext(text, r.ast, { line, character: c % (lines[line].length + 1) });
        assertInside(text, ctx.word.range, 'word');
      }),
      { numRuns: 600 },
    );
  });
});
