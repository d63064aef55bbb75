import { describe, expect, it } from 'vitest';
import { idleCollection } from '../../src/server/idleCollection';

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

  it('does nothing in a server started without the collector', () => {
    expect(() => idleCollection(undefined)()).not.toThrow();
  });
});
