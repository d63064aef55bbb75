// Every example scenario checks without errors (the engine helper writes them; the language
// must accept them all).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/dsl';

const files = readdirSync('examples').filter((f) => f.endsWith('.netscenario'));

describe('examples', () => {
  it('exist', () => expect(files.length).toBeGreaterThan(0));
  for (const f of files) {
    it(`${f} checks without errors and builds a model`, () => {
      const r = analyze(readFileSync(`examples/${f}`, 'utf8'), f);
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(r.model).not.toBeNull();
    });
  }
});
