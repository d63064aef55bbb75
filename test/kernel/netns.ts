// Network-namespace lab for the real-kernel tests: pairs of namespaces joined by a veth, the
// socket probes (probe.py) run inside them, counters and ss read from inside them.
// Every name carries the test process id; cleanup removes exactly what this lab created and
// kills only the processes it started, by pid.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);
const PROBE = join(dirname(fileURLToPath(import.meta.url)), 'probe.py');

export const CLIENT_IP = '10.77.0.1';
export const SERVER_IP = '10.77.0.2';
export const CLIENT_IF = 'veth0';
export const SERVER_IF = 'veth1';

export interface Pair {
  client: string;
  server: string;
}

export interface Capability {
  ok: boolean;
  reason: string;
}

/** Root, iproute2 with netns, nftables and python3: what these tests need. */
export async function labCapability(): Promise<Capability> {
  if (process.platform !== 'linux') return { ok: false, reason: 'not Linux' };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'not running as root' };
  for (const tool of ['ip', 'nft', 'python3', 'ss']) {
    try {
      await execFileP('which', [tool]);
    } catch {
      return { ok: false, reason: `${tool} is not installed (Debian packages: iproute2, nftables, python3)` };
    }
  }
  const probeNs = `nsk-${process.pid}-cap`;
  try {
    await execFileP('ip', ['netns', 'add', probeNs]);
    await execFileP('ip', ['netns', 'del', probeNs]);
  } catch (e) {
    return { ok: false, reason: `cannot create a network namespace: ${(e as Error).message}` };
  }
  return { ok: true, reason: '' };
}

/** Runs argv inside a namespace and returns stdout. */
export async function nsExec(ns: string, argv: string[], input?: string): Promise<string> {
  if (input === undefined) {
    const { stdout } = await execFileP('ip', ['netns', 'exec', ns, ...argv], { maxBuffer: 16 << 20 });
    return stdout;
  }
  return new Promise((resolve, reject) => {
    const child = execFile('ip', ['netns', 'exec', ns, ...argv], (err, stdout, stderr) =>
      err ? reject(new Error(`${argv.join(' ')} in ${ns}: ${stderr || err.message}`)) : resolve(stdout),
    );
    child.stdin?.on('error', () => undefined); // the error surfaces through the exit status
    child.stdin?.end(input);
  });
}

/** A long-lived probe.py process: JSON lines out, finishes when its stdin is closed. */
export class Probe {
  private lines: unknown[] = [];
  private waiters: Array<(v: unknown) => void> = [];
  private buf = '';
  private stderr = '';
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess, readonly what: string) {
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      this.buf += chunk;
      let i: number;
      while ((i = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 1);
        if (!line.trim()) continue;
        const value = JSON.parse(line) as unknown;
        const w = this.waiters.shift();
        if (w) w(value);
        else this.lines.push(value);
      }
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (c: string) => (this.stderr += c));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  /** The next JSON line (rejects if the probe exits first). */
  next<T>(): Promise<T> {
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued as T);
    return new Promise<T>((resolve, reject) => {
      this.waiters.push(resolve as (v: unknown) => void);
      void this.exited.then((code) => reject(new Error(`${this.what} exited (${code}) before answering: ${this.stderr}`)));
    });
  }

  /** Closes stdin and waits for the last JSON line. */
  async finish<T>(): Promise<T> {
    const last = this.next<T>();
    this.child.stdin!.end();
    return last;
  }
}

export class NetnsLab {
  private namespaces: string[] = [];
  private children: ChildProcess[] = [];
  private seq = 0;

  constructor(private readonly tag: string) {}

  /** Two namespaces, client 10.77.0.1/veth0 and server 10.77.0.2/veth1, loopback up. */
  async pair(): Promise<Pair> {
    const n = this.seq++;
    const client = `nsk-${process.pid}-${this.tag}-${n}c`;
    const server = `nsk-${process.pid}-${this.tag}-${n}s`;
    for (const ns of [client, server]) {
      await execFileP('ip', ['netns', 'add', ns]);
      this.namespaces.push(ns);
    }
    await execFileP('ip', ['link', 'add', CLIENT_IF, 'netns', client, 'type', 'veth', 'peer', 'name', SERVER_IF, 'netns', server]);
    for (const [ns, dev, ip] of [
      [client, CLIENT_IF, CLIENT_IP],
      [server, SERVER_IF, SERVER_IP],
    ] as const) {
      await nsExec(ns, ['ip', 'addr', 'add', `${ip}/24`, 'dev', dev]);
      await nsExec(ns, ['ip', 'link', 'set', dev, 'up']);
      await nsExec(ns, ['ip', 'link', 'set', 'lo', 'up']);
    }
    return { client, server };
  }

  /** Loads an nftables ruleset (text built by the caller from numbers it controls). */
  async nft(ns: string, ruleset: string): Promise<void> {
    await nsExec(ns, ['nft', '-f', '-'], ruleset);
  }

  /** Sets a per-namespace IPv4 sysctl. */
  async sysctl(ns: string, name: string, value: number): Promise<void> {
    if (!name.startsWith('net.ipv4.')) throw new Error(`${name} is not a per-namespace sysctl`);
    await this.probe(ns, ['sysctl', `${name}=${value}`]);
  }

  /** Runs a probe to completion and returns its single JSON answer. */
  async probe<T>(ns: string, args: string[]): Promise<T> {
    const out = await nsExec(ns, ['python3', PROBE, ...args]);
    return JSON.parse(out.trim().split('\n').pop()!) as T;
  }

  /** Starts a long-lived probe. */
  start(ns: string, args: string[]): Probe {
    const child = spawn('ip', ['netns', 'exec', ns, 'python3', PROBE, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.children.push(child);
    return new Probe(child, `probe ${args[0]} in ${ns}`);
  }

  async cleanup(): Promise<void> {
    for (const child of this.children) {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
    for (const ns of this.namespaces.reverse()) {
      if (existsSync(`/run/netns/${ns}`)) await execFileP('ip', ['netns', 'del', ns]).catch(() => undefined);
    }
    this.namespaces = [];
    this.children = [];
  }
}

/** nstat-style counters of a namespace: TcpExt*, IpExt*, Tcp*, Udp*, Ip* … from /proc/net. */
export async function readCounters(ns: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const file of ['/proc/net/snmp', '/proc/net/netstat']) {
    const lines = (await nsExec(ns, ['cat', file])).trim().split('\n');
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const [prefix, ...names] = lines[i].split(/\s+/);
      const values = lines[i + 1].split(/\s+/).slice(1);
      const group = prefix.replace(/:$/, '');
      names.forEach((name, k) => (out[group + name] = Number(values[k])));
    }
  }
  return out;
}

export interface SsRow {
  state: string;
  recvQ: number;
  sendQ: number;
  local: string;
  peer: string;
  rest: string;
}

/** `ss -Hn <args>` rows inside a namespace. */
export async function ss(ns: string, args: string[]): Promise<SsRow[]> {
  const out = await nsExec(ns, ['ss', '-Hn', ...args]);
  return out
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const [state, recvQ, sendQ, local, peer, ...rest] = l.trim().split(/\s+/);
      return { state, recvQ: Number(recvQ), sendQ: Number(sendQ), local, peer, rest: rest.join(' ') };
    });
}

/** Fails under CI when the capability is missing; elsewhere explains the skip once. */
export function requireOrSkip(cap: Capability, what: string): boolean {
  if (cap.ok) return true;
  if (process.env.CI === 'true') return true; // let the tests run and fail loudly
  console.warn(`[test/kernel] skipping ${what}: ${cap.reason}`);
  return false;
}
