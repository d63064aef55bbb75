import { describe, expect, it } from 'vitest';
import {
  COUNTERS,
  SYSCTLS,
  counterAt,
  counterExists,
  countersOn,
  findCounter,
  findSysctl,
  incrementSitesOn,
  sysctlDefault,
  sysctlRange,
  sysctlsOn,
  sysctlValueKnown,
} from '../../src/dsl/catalogue';
import { KERNEL_PROFILES, type KernelProfile } from '../../src/dsl/model';

const VERSION: Record<KernelProfile, string> = { 'linux-3.10': '3.10', 'linux-4.19': '4.19', 'linux-6.8': '6.8' };

function versionAtLeast(v: string, min: string): boolean {
  const [a, b] = v.split('.').map(Number);
  const [c, d] = min.split('.').map(Number);
  return a > c || (a === c && b >= d);
}

function asArray(v: number | number[]): number[] {
  return Array.isArray(v) ? v : [v];
}

describe('sysctl table', () => {
  it('has unique names', () => {
    const names = SYSCTLS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('has defaults exactly for the profiles inside introduced..removed', () => {
    for (const s of SYSCTLS) {
      for (const p of KERNEL_PROFILES) {
        const v = VERSION[p];
        const within =
          (s.introduced === undefined || versionAtLeast(v, s.introduced)) &&
          (s.removed === undefined || !versionAtLeast(v, s.removed));
        expect(s.defaults[p] !== undefined, `${s.name} on ${p}`).toBe(within);
      }
      expect(Object.keys(s.defaults).length, s.name).toBeGreaterThan(0);
    }
  });

  it('marks the version-bound sysctls the kernels added or removed', () => {
    expect(sysctlDefault('net.ipv4.tcp_tw_recycle', 'linux-3.10')).toBe(0);
    expect(sysctlDefault('net.ipv4.tcp_tw_recycle', 'linux-4.19')).toBeUndefined();
    expect(sysctlDefault('net.core.netdev_budget_usecs', 'linux-3.10')).toBeUndefined();
    expect(sysctlDefault('net.ipv4.tcp_syn_linear_timeouts', 'linux-6.8')).toBe(4);
    expect(sysctlDefault('net.ipv4.tcp_syn_linear_timeouts', 'linux-4.19')).toBeUndefined();
    expect(sysctlDefault('net.core.somaxconn', 'linux-3.10')).toBe(128);
    expect(sysctlDefault('net.core.somaxconn', 'linux-6.8')).toBe(4096);
    expect(sysctlDefault('net.no.such', 'linux-6.8')).toBeUndefined();
    expect(sysctlsOn('linux-3.10').some((s) => s.name === 'net.ipv4.tcp_tw_recycle')).toBe(true);
    expect(sysctlsOn('linux-6.8').some((s) => s.name === 'net.ipv4.tcp_tw_recycle')).toBe(false);
  });

  it('gives vector defaults of the declared arity, within the bounds of each profile', () => {
    for (const s of SYSCTLS) {
      for (const p of KERNEL_PROFILES) {
        const d = s.defaults[p];
        if (d === undefined) continue;
        const values = asArray(d);
        expect(values.length, `${s.name} arity on ${p}`).toBe(s.arity);
        const { min, max } = sysctlRange(s, p);
        expect(min, `${s.name} bounds on ${p}`).toBeLessThanOrEqual(max);
        for (const v of values) {
          expect(Number.isInteger(v), `${s.name} on ${p}`).toBe(true);
          expect(v, `${s.name} default on ${p}`).toBeGreaterThanOrEqual(min);
          expect(v, `${s.name} default on ${p}`).toBeLessThanOrEqual(max);
        }
      }
    }
  });

  it('documents every value of a mode sysctl, its default included', () => {
    for (const s of SYSCTLS.filter((x) => x.unit === 'mode')) {
      expect(s.values, s.name).toBeDefined();
      for (const text of Object.values(s.values ?? {})) expect(text.length, s.name).toBeGreaterThan(10);
      for (const p of KERNEL_PROFILES) {
        const d = s.defaults[p];
        if (d === undefined) continue;
        expect(sysctlValueKnown(s, d as number, p), `${s.name} default ${d} on ${p}`).toBe(true);
      }
      for (const [value, profiles] of Object.entries(s.valueKernels ?? {})) {
        expect(s.values?.[Number(value)], `${s.name} valueKernels ${value}`).toBeDefined();
        expect(profiles.length).toBeGreaterThan(0);
      }
    }
    for (const s of SYSCTLS.filter((x) => x.unit === 'boolean')) {
      for (const d of Object.values(s.defaults)) expect([0, 1], s.name).toContain(d);
    }
  });

  it('knows which mode values a profile understands', () => {
    const cookies = findSysctl('net.ipv4.tcp_syncookies')!;
    expect(sysctlValueKnown(cookies, 2, 'linux-3.10')).toBe(false);
    expect(sysctlValueKnown(cookies, 2, 'linux-6.8')).toBe(true);
    expect(sysctlValueKnown(cookies, 7, 'linux-6.8')).toBe(false);
    const fastopen = findSysctl('net.ipv4.tcp_fastopen')!;
    expect(sysctlValueKnown(fastopen, 0x403, 'linux-6.8')).toBe(true);
    expect(sysctlValueKnown(fastopen, 0x800, 'linux-6.8')).toBe(false);
    expect(sysctlValueKnown(fastopen, 0x801, 'linux-3.10')).toBe(true);
    expect(sysctlValueKnown(fastopen, 8, 'linux-6.8')).toBe(false);
  });

  it('refers only to catalogue counters', () => {
    for (const s of SYSCTLS) {
      for (const c of s.counters) expect(findCounter(c), `${s.name} -> ${c}`).toBeDefined();
    }
  });

  it('has our own doc and a history for every entry', () => {
    for (const s of SYSCTLS) {
      expect(s.doc.length, s.name).toBeGreaterThan(40);
      expect(s.history, s.name).toBeTruthy();
      expect(s.bounds, s.name).toBeTruthy();
    }
  });

  it('returns copies, so callers cannot change the table', () => {
    const rmem = sysctlDefault('net.ipv4.tcp_rmem', 'linux-6.8') as number[];
    rmem[0] = 1;
    expect((sysctlDefault('net.ipv4.tcp_rmem', 'linux-6.8') as number[])[0]).toBe(4096);
  });
});

describe('counter table', () => {
  it('has unique names and unique /proc locations', () => {
    const names = COUNTERS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    const places = COUNTERS.map((c) => `${c.source} ${c.section} ${c.field}`);
    expect(new Set(places).size).toBe(places.length);
  });

  it('names /proc/net counters as nstat does: section + field', () => {
    for (const c of COUNTERS) {
      if (c.source === '/proc/net/netstat' || c.source === '/proc/net/snmp') {
        expect(c.name, c.name).toBe(c.section + c.field);
      }
      expect(counterAt(c.source, c.section, c.field)).toBe(c);
    }
  });

  it('says where each counter is incremented on every profile that has it', () => {
    for (const c of COUNTERS) {
      expect(c.doc.length, c.name).toBeGreaterThan(20);
      for (const site of c.incrementedIn) {
        for (const k of site.kernels ?? []) expect(counterExists(c, k), `${c.name} site ${site.fn} on ${k}`).toBe(true);
      }
      for (const p of KERNEL_PROFILES) {
        if (!counterExists(c, p)) continue;
        expect(incrementSitesOn(c, p).length, `${c.name} on ${p}`).toBeGreaterThan(0);
      }
    }
  });

  it('keeps counters that some kernels lack off those profiles', () => {
    const on310 = countersOn('linux-3.10').map((c) => c.name);
    const on68 = countersOn('linux-6.8').map((c) => c.name);
    expect(on310).toContain('TcpExtPAWSPassive');
    expect(on68).not.toContain('TcpExtPAWSPassive');
    expect(on310).not.toContain('TcpExtTCPSynRetrans');
    expect(on68).toContain('TcpExtTCPSynRetrans');
  });

  it('gives softnet_stat counters distinct columns', () => {
    const softnet = COUNTERS.filter((c) => c.source === '/proc/net/softnet_stat');
    expect(softnet.map((c) => c.column).sort()).toEqual([0, 1, 2]);
  });
});
