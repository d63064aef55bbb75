// The examples in the user reference must be valid: every `netscenario` code block parses
// without syntax errors, and the complete ones check without errors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, parse } from '../../src/dsl';

const doc = readFileSync('docs/language.md', 'utf8');
const blocks = [...doc.matchAll(/```netscenario\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('docs/language.md examples', () => {
  it('has examples', () => expect(blocks.length).toBeGreaterThan(10));
  it('every example parses without syntax errors', () => {
    for (const b of blocks) expect(parse(b).diagnostics, b).toEqual([]);
  });
  it('complete examples (with a header) check without errors', () => {
    for (const b of blocks.filter((x) => x.includes('scenario "') && x.includes('duration'))) {
      expect(analyze(b, 'doc').diagnostics.filter((d) => d.severity === 'error'), b).toEqual([]);
    }
  });
});
