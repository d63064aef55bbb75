// Measured real-kernel facts. Tests record what they measured; with UPDATE_KERNEL_FACTS=1 the
// values are merged into test/kernel/facts/linux-<release>.json (the file the engine's newest
// profile is compared with). Without it nothing is written: a plain test run leaves the tree alone.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Fact {
  what: string;
  how: string;
  value: unknown;
}

const dir = join(dirname(fileURLToPath(import.meta.url)), 'facts');

/** linux-6.18 for 6.18.44-fc-v782. */
export function kernelSeries(): string {
  const m = /^(\d+)\.(\d+)/.exec(release());
  return m ? `linux-${m[1]}.${m[2]}` : `linux-${release()}`;
}

export function factsPath(series = kernelSeries()): string {
  return join(dir, `${series}.json`);
}

export function readFacts(series = kernelSeries()): Record<string, Fact> {
  const p = factsPath(series);
  if (!existsSync(p)) return {};
  return (JSON.parse(readFileSync(p, 'utf8')) as { facts: Record<string, Fact> }).facts;
}

export class FactRecorder {
  private facts: Record<string, Fact> = {};

  record(key: string, fact: Fact): void {
    this.facts[key] = fact;
  }

  /** Merges into the facts file under a lock (several test files may finish together). */
  flush(): void {
    if (process.env.UPDATE_KERNEL_FACTS !== '1' || Object.keys(this.facts).length === 0) return;
    mkdirSync(dir, { recursive: true });
    const lock = factsPath() + '.lock';
    let fd = -1;
    for (let i = 0; i < 200 && fd < 0; i++) {
      try {
        fd = openSync(lock, 'wx');
      } catch {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
      }
    }
    try {
      const merged = { ...readFacts(), ...this.facts };
      const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
      const doc = { kernel: release(), measuredBy: 'test/kernel (UPDATE_KERNEL_FACTS=1)', facts: sorted };
      writeFileSync(factsPath(), JSON.stringify(doc, null, 2) + '\n');
    } finally {
      if (fd >= 0) closeSync(fd);
      rmSync(lock, { force: true });
    }
  }
}
