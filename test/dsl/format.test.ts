import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, format } from '../../src/dsl';

describe('format', () => {
  it('normalises indentation, spacing and one statement per line, keeping comments', () => {
    const messy = [
      '# header comment',
      'scenario   "x"{ kernel linux-3.10 ;duration 60s }',
      '',
      '',
      '',
      'host a   {   # the server',
      '\t\taddress 10.0.0.1',
      '   app nc { listen tcp 80 backlog 10 ; accept every 0s }   # inline',
      '  # before the end',
      '}',
      'link a <-> a latency 1ms   # trailing',
      'expect a.nc[0..3].errno==ETIMEDOUT',
      'expect a.nc[2..2].state == ESTAB',
    ].join('\n');
    expect(format(messy)).toBe(
      [
        '# header comment',
        'scenario "x" {',
        '  kernel linux-3.10',
        '  duration 60s',
        '}',
        '',
        'host a {  # the server',
        '  address 10.0.0.1',
        '  app nc {',
        '    listen tcp 80 backlog 10',
        '    accept every 0s  # inline',
        '  }',
        '  # before the end',
        '}',
        'link a <-> a latency 1ms  # trailing',
        'expect a.nc[0..3].errno == ETIMEDOUT',
        'expect a.nc[2].state == ESTAB',
        '',
      ].join('\n'),
    );
  });

  it('is idempotent and keeps the meaning', () => {
    const text = readFileSync('test/fixtures/dsl/full.netscenario', 'utf8');
    const once = format(text)!;
    expect(format(once)).toBe(once);
    expect(analyze(once, 'f').model).toEqual(expect.objectContaining({ name: analyze(text, 'f').model!.name }));
  });

  it('handles CRLF input and empty blocks', () => {
    expect(format('host a {\r\n}\r\nhost b {}\r\n')).toBe('host a {}\nhost b {}\n');
    expect(format('')).toBe('');
    expect(format('# only\n\n\n# comments')).toBe('# only\n\n# comments\n');
  });

  it('returns null when the text has syntax errors', () => {
    expect(format('host a {')).toBeNull();
    expect(format('host "x')).toBeNull();
  });

  it('leaves every example unchanged in meaning and stable', () => {
    for (const f of readdirSync('examples').filter((n) => n.endsWith('.netscenario'))) {
      const text = readFileSync(`examples/${f}`, 'utf8');
      const once = format(text);
      expect(once, f).not.toBeNull();
      expect(format(once!), f).toBe(once);
      const strip = (m: unknown) => JSON.stringify(m, (k, v) => (k === 'range' || k === 'line' || k === 'text' ? undefined : v));
      expect(strip(analyze(once!, f).model), f).toBe(strip(analyze(text, f).model));
    }
  });
});
