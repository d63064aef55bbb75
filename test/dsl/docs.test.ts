// Every `netscenario` example in the user reference must be valid, as `netscenario check` sees
// it. Complete examples are checked as they are; fragments are checked inside the smallest
// scenario that gives them a meaning: scenario properties inside a header, app blocks inside a
// host, and top-level lines after a header and the hosts they name (unless they define them).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, parse } from '../../src/dsl';

const doc = readFileSync('docs/language.md', 'utf8').replace(/\r\n?/g, '\n');
const fences = doc.match(/^```netscenario[^\S\n]*$/gm) ?? [];
const blocks = [...doc.matchAll(/^```netscenario[^\S\n]*\n([\s\S]*?)^```[^\S\n]*$/gm)].map((m) => m[1]);

const HEADER = 'scenario "docs" {\n  kernel linux-3.10\n  duration 180s\n}\n';
/** Hosts the fragments name; one is left out when the fragment defines it. */
const CONTEXT: Record<string, string> = {
  server: 'host server {\n  address 10.0.0.2\n  app nc {\n    listen tcp 8080 backlog 10\n  }\n}\n',
  client: 'host client {\n  app load {\n    connect tcp server:8080 count 25 every 1s\n  }\n}\n',
  receiver: 'host receiver {\n  app rx {\n    udp bind 5000\n  }\n}\n',
  c1: 'host c1 {\n}\n',
  c2: 'host c2 {\n}\n',
  c3: 'host c3 {\n}\n',
};

/** The file `netscenario check` would be given for this example. */
function asScenario(block: string): string {
  const first = parse(block).file.statements[0]?.keyword.text ?? '';
  if (first === 'scenario') return block;
  if (['kernel', 'duration', 'seed', 'sample'].includes(first)) return `scenario "docs" {\n  kernel linux-3.10\n  duration 180s\n${block}}\n`;
  const defined = new Set(parse(block).file.statements.filter((s) => s.keyword.text === 'host').map((s) => (s.args[0]?.kind === 'name' ? s.args[0].text : '')));
  const context = Object.entries(CONTEXT).filter(([name]) => !defined.has(name)).map(([, text]) => text).join('');
  if (first === 'app') return HEADER + context + `host apps {\n${block}}\n`;
  return HEADER + context + block;
}

describe('docs/language.md examples', () => {
  it('finds every netscenario block', () => {
    expect(blocks.length).toBeGreaterThan(10);
    expect(blocks.length).toBe(fences.length);
  });

  it('every example parses without syntax errors', () => {
    for (const b of blocks) expect(parse(b).diagnostics, b).toEqual([]);
  });

  it('every example checks without errors, complete or in its context', () => {
    for (const b of blocks) {
      const errors = analyze(asScenario(b), 'docs.netscenario').diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => `${d.range.start.line + 1}: ${d.code}: ${d.message}`), asScenario(b)).toEqual([]);
    }
  });
});
