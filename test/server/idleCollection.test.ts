import { describe, expect, it } from 'vitest';
import { idleCollection, type Collector } from '../../src/server/idleCollection';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('idle-time collection', () => {
  it('runs one minor collection once the analyses have stopped for the delay', async () => {
    const calls: { type: string }[] = [];
    const collectWhenIdle = idleCollection((o) => calls.push(o), 30);
    collectWhenIdle();
    await sleep(10);
    collectWhenIdle();
    collectWhenIdle();
    expect(calls).toEqual([]);
    await sleep(80);
    expect(calls).toEqual([{ type: 'minor' }]);
  });

  it('drives the real V8 collector when the process exposes it', async () => {
    // vitest's workers run without --expose-gc; take the collector from a child context.
    const { runInNewContext } = await import('node:vm');
    const { setFlagsFromString } = await import('node:v8');
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as Collector;
    let ran = false;
    const collectWhenIdle = idleCollection((o) => {
      gc(o);
      ran = true;
    }, 1);
    collectWhenIdle();
    await sleep(30);
    expect(ran).toBe(true);
  });

  it('does nothing in a server started without the collector', () => {
    expect(() => idleCollection(undefined)()).not.toThrow();
  });
});
