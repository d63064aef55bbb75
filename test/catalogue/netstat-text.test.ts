// The `netstatText` of each counter must be wording the installed net-tools `netstat -s` can print.
// Sentences live in netstat's string table; fields it has no sentence for print as "Field: N".
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COUNTERS } from '../../src/dsl/catalogue';

const netstat = ['/usr/bin/netstat', '/bin/netstat'].find((p) => existsSync(p));
const required = process.env.CI === 'true';

describe('netstat -s wording', () => {
  it.runIf(netstat !== undefined || required)('matches the installed net-tools netstat', () => {
    if (!netstat) throw new Error('net-tools netstat is missing (apt-get install net-tools)');
    const binary = readFileSync(netstat).toString('latin1');
    const withText = COUNTERS.filter((c) => c.netstatText !== undefined);
    expect(withText.length).toBeGreaterThan(30);
    for (const c of withText) {
      const text = c.netstatText!;
      if (text === `${c.field}: N`) continue;
      expect(text.startsWith('N '), `${c.name}: ${text}`).toBe(true);
      expect(binary.includes(`%llu ${text.slice(2)}`), `${c.name}: ${text}`).toBe(true);
    }
  });
});
