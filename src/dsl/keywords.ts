// Every keyword and property of the language, with where it is valid. The checker derives its
// "unknown keyword / did you mean" checks from this table, and the language server uses it for
// completion and hover, so the two can never disagree.
import { KERNEL_PROFILES } from './model';

/**
 * Where a word may appear: `top` (file level), a container block (`scenario`, `host`, `app`),
 * or the properties of a statement, named after it (`listen` = properties of a listen line).
 */
export type KeywordContext =
  | 'top'
  | 'scenario'
  | 'host'
  | 'app'
  | 'sample'
  | 'nic'
  | 'nofile'
  | 'listen'
  | 'accept'
  | 'close'
  | 'connect'
  | 'send'
  | 'udp-bind'
  | 'udp-send'
  | 'link'
  | 'nat'
  | 'drop'
  | 'at';

export interface KeywordDoc {
  name: string;
  /** One-line syntax, as in the reference. */
  syntax: string;
  doc: string;
  example: string;
  where: KeywordContext[];
  /** Words that may follow it (for completion). */
  values?: string[];
}

export const PACKET_KINDS = ['syn', 'synack', 'ack', 'rst', 'fin', 'data', 'tcp', 'udp', 'all'] as const;
export const APP_METRICS = [
  'accepted',
  'accept_errors',
  'bytes_read',
  'established',
  'refused',
  'timedout',
  'reset',
  'pending',
  'accept_queue',
  'syn_queue',
  'udp_received',
  'udp_drops',
  'rcvbuf',
] as const;
export const CONNECTION_FIELDS = [
  'result',
  'errno',
  'connect_time',
  'state',
  'send_q',
  'recv_q',
  'server_state',
  'accepted',
  'syn_count',
] as const;
export const OUTCOMES = ['established', 'refused', 'timedout', 'reset', 'pending'] as const;
export const ERRNOS = ['ETIMEDOUT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EMFILE'] as const;
/** Socket states as `ss` prints them. */
export const SOCKET_STATES = [
  'ESTAB',
  'SYN-SENT',
  'SYN-RECV',
  'FIN-WAIT-1',
  'FIN-WAIT-2',
  'TIME-WAIT',
  'CLOSE',
  'CLOSE-WAIT',
  'LAST-ACK',
  'LISTEN',
  'CLOSING',
  'UNCONN',
] as const;
export const EVENT_ACTIONS = ['stop', 'continue', 'kill', 'sysctl'] as const;

const K = (
  name: string,
  where: KeywordContext[],
  syntax: string,
  doc: string,
  example: string,
  values?: readonly string[],
): KeywordDoc => ({ name, where, syntax, doc, example, ...(values ? { values: [...values] } : {}) });

export const KEYWORDS: KeywordDoc[] = [
  K('scenario', ['top'], 'scenario "NAME" { … }', 'The header of the file: its name and the settings of the whole run. Exactly one per file.', 'scenario "listen queue overflow" {\n  kernel linux-3.10\n  duration 60s\n}'),
  K('kernel', ['scenario'], 'kernel PROFILE', 'Which kernel to imitate. Defaults of sysctls, which sysctls exist and several code paths differ between profiles.', 'kernel linux-4.19', KERNEL_PROFILES),
  K('duration', ['scenario'], 'duration TIME', 'How long the simulated run lasts, in simulated time.', 'duration 180s'),
  K('seed', ['scenario'], 'seed N', 'Seed of the random generator used for loss, jitter and `chance`. The same scenario and seed always give the same result. Default 1.', 'seed 42'),
  K('sample', ['scenario'], 'sample every TIME', 'How often queue lengths and counters are recorded for the timelines. Default 100ms.', 'sample every 10ms'),
  K('every', ['sample', 'accept', 'connect', 'send'], 'every TIME', 'The interval between repetitions: samples, accept() calls, connection attempts or writes.', 'accept every 100ms'),
  K('host', ['top'], 'host NAME { … }', 'A machine with its own kernel state: addresses, sysctls, NICs and the apps that run on it.', 'host server {\n  address 10.0.0.2\n}'),
  K('address', ['host', 'nat'], 'address A.B.C.D', 'An IPv4 address. On a host it is local to that host (repeat the line for more than one; the first is the primary). On a nat it is the shared public address.', 'address 192.168.0.26'),
  K('sysctl', ['host', 'at'], 'sysctl NAME = VALUE …', 'Sets a kernel parameter by its real dotted name, as `sysctl -w` would. Vector sysctls take several values. Every sysctl you do not set keeps the default of the kernel profile.', 'sysctl net.core.somaxconn = 128'),
  K('nic', ['host'], 'nic NAME rx-ring N tx-ring N irq-delay TIME rate RATE', 'A network interface: ring sizes (as `ethtool -g` shows), interrupt coalescing delay before the NAPI poll and line rate.', 'nic eth0 rx-ring 256 tx-ring 256 irq-delay 20us rate 1Gbit/s'),
  K('rx-ring', ['nic'], 'rx-ring N', 'Receive ring size in descriptors. When a burst fills it, the NIC drops frames (rx_missed_errors / rx_no_buffer_count).', 'rx-ring 256'),
  K('tx-ring', ['nic'], 'tx-ring N', 'Transmit ring size in descriptors.', 'tx-ring 256'),
  K('irq-delay', ['nic'], 'irq-delay TIME', 'Interrupt coalescing delay: how long received frames wait before the softirq polls the ring.', 'irq-delay 50us'),
  K('rate', ['nic', 'link', 'udp-send'], 'rate RATE', 'On a nic or link: the line rate (`1Gbit/s`; 0 means unlimited). On `udp send`: datagrams per second (`20000/s`).', 'rate 1Gbit/s'),
  K('app', ['host'], 'app NAME { … }', 'A process on the host: its file descriptor limit and the sockets it opens.', 'app nc {\n  listen tcp 8080 backlog 10\n}'),
  K('nofile', ['app'], 'nofile LIMIT used N', 'The process\'s RLIMIT_NOFILE (`ulimit -n`) and how many descriptors are already open when it starts. When none are left, accept() and socket() fail with EMFILE.', 'nofile 9 used 5'),
  K('used', ['nofile'], 'used N', 'Descriptors the process already holds at start (stdin, stdout, stderr, files …).', 'nofile 1024 used 3'),
  K('listen', ['app'], 'listen tcp PORT backlog N', 'Opens a TCP socket, binds it to PORT on every address of the host and calls listen(2) with the backlog. The kernel caps the backlog at net.core.somaxconn.', 'listen tcp 8080 backlog 10'),
  K('backlog', ['listen'], 'backlog N', 'The backlog argument of listen(2). Default 128.', 'backlog 511'),
  K('accept', ['app'], 'accept every TIME | accept off', 'How the app drains the accept queue: one accept() per interval (`every 0s` = as fast as possible, the default) or never (`off`).', 'accept every 100ms', ['every', 'off']),
  K('read', ['app', 'udp-bind'], 'read all | read RATE | read off', 'How the app reads its sockets: everything as it arrives, at a rate (`1KiB/s` for TCP, `1000/s` datagrams for UDP) or never, letting the receive queue fill.', 'read off', ['all', 'off']),
  K('close', ['app'], 'close after TIME', 'Close each connection this long after it was accepted or connected.', 'close after 2s'),
  K('after', ['close'], 'after TIME', 'Delay before the close.', 'close after 500ms'),
  K('connect', ['app'], 'connect tcp ENDPOINT count N every TIME start TIME', 'Opens COUNT TCP connections to ENDPOINT (`host:port` or `address:port`), one per interval, the first at START. Each is one socket and one descriptor.', 'connect tcp server:8080 count 25 every 1s start 1s', ['tcp']),
  K('count', ['connect', 'send', 'udp-send'], 'count N', 'How many times: connections to open, writes per connection, or datagrams to send. Default 1 (udp send: until the end).', 'count 25'),
  K('start', ['connect', 'udp-send'], 'start TIME', 'When the first attempt happens. Default 0s.', 'start 1s'),
  K('send', ['app'], 'send SIZE every TIME count N', 'Data written on each connected socket once connect() returns; with `every` and `count`, repeated writes.', 'send 100B every 1s count 10'),
  K('udp', ['app'], 'udp bind PORT rcvbuf SIZE read RATE | udp send ENDPOINT rate RATE size SIZE count N start TIME', 'A UDP socket: `bind` receives on PORT (with an optional SO_RCVBUF and read rate); `send` sends datagrams to ENDPOINT.', 'udp bind 5000 rcvbuf 64KiB read 1000/s', ['bind', 'send']),
  K('rcvbuf', ['udp-bind'], 'rcvbuf SIZE', 'SO_RCVBUF passed to setsockopt(2). The kernel caps it at net.core.rmem_max and doubles it. Without it the socket gets net.core.rmem_default.', 'rcvbuf 64KiB'),
  K('size', ['udp-send'], 'size SIZE', 'Payload bytes in each datagram.', 'size 1400B'),
  K('link', ['top'], 'link HOST <-> HOST latency TIME jitter TIME loss PERCENT rate RATE', 'The network between two hosts, the same in both directions. Hosts without a link reach each other with no delay.', 'link client <-> server latency 500us loss 0.1%'),
  K('latency', ['link'], 'latency TIME', 'One-way delay added to every packet on the link, in each direction.', 'latency 1ms'),
  K('jitter', ['link'], 'jitter TIME', 'Random extra delay, up to this much, per packet.', 'jitter 50us'),
  K('loss', ['link'], 'loss PERCENT', 'Chance that a packet is lost, in each direction.', 'loss 0.5%'),
  K('nat', ['top'], 'nat NAME address A.B.C.D hosts HOST …', 'Several hosts whose outgoing connections appear to come from one address (source NAT), as clients behind an office router.', 'nat office address 203.0.113.7 hosts c1 c2 c3'),
  K('hosts', ['nat'], 'hosts HOST …', 'The hosts behind the NAT.', 'hosts c1 c2'),
  K('drop', ['top'], 'drop WHAT from ENDPOINT to ENDPOINT between TIME and TIME chance PERCENT', 'A firewall rule that silently drops matching packets. WHAT is a packet kind; every part after it is optional.', 'drop syn to server:8080', PACKET_KINDS),
  K('from', ['drop'], 'from ENDPOINT', 'Match packets sent from this host, address or port.', 'from client'),
  K('to', ['drop'], 'to ENDPOINT', 'Match packets sent to this host, address or port.', 'to 10.0.0.99'),
  K('between', ['drop'], 'between TIME and TIME', 'The rule holds only in this window of simulated time.', 'between 0s and 30s'),
  K('chance', ['drop'], 'chance PERCENT', 'Drop only this share of the matching packets. Default 100%.', 'chance 50%'),
  K('at', ['top'], 'at TIME ACTION', 'A timed event: `stop HOST.APP` (SIGSTOP), `continue HOST.APP` (SIGCONT), `kill HOST.APP` (the process exits and its sockets close) or `sysctl HOST NAME = VALUE`.', 'at 30s stop server.nc', EVENT_ACTIONS),
  K('stop', ['at'], 'stop HOST.APP', 'Freeze the app as SIGSTOP does: it makes no more system calls, the kernel keeps handling its sockets.', 'at 30s stop server.nc'),
  K('continue', ['at'], 'continue HOST.APP', 'Resume a stopped app (SIGCONT).', 'at 60s continue server.nc'),
  K('kill', ['at'], 'kill HOST.APP', 'The app exits: its descriptors are closed, established connections get a FIN (or RST with unread data).', 'at 90s kill server.nc'),
  K('expect', ['top'], 'expect SUBJECT OP VALUE [± TOLERANCE] [at TIME]', 'A check evaluated after the run (or at a time): a counter `HOST.Counter`, an app metric `HOST.APP.metric`, or a field of connections `HOST.APP[i].field` / `HOST.APP[i..j].field`.', 'expect server.TcpExtListenOverflows >= 10'),
];

const byContext = new Map<KeywordContext, Map<string, KeywordDoc>>();
for (const k of KEYWORDS) {
  for (const w of k.where) {
    if (!byContext.has(w)) byContext.set(w, new Map());
    byContext.get(w)!.set(k.name, k);
  }
}

/** Keywords valid as statements or properties in a context. */
export function keywordsIn(context: KeywordContext): KeywordDoc[] {
  return [...(byContext.get(context)?.values() ?? [])];
}

export function keywordNamesIn(context: KeywordContext): string[] {
  return [...(byContext.get(context)?.keys() ?? [])];
}

/**
 * The contexts of each word as a bit set (one bit per context), so the checker's test "is this
 * argument a property here?", made for every argument of every statement, is one lookup and an
 * `&`. `contextBit` is looked up once per statement.
 */
const contextBits = new Map<KeywordContext, number>();
const wordContexts = new Map<string, number>();
for (const k of KEYWORDS) {
  for (const w of k.where) {
    if (!contextBits.has(w)) {
      // One bit per context in a 32-bit integer: a 32nd context would need a wider set.
      if (contextBits.size === 31) throw new Error('keywords.ts: more than 31 keyword contexts');
      contextBits.set(w, 1 << contextBits.size);
    }
    wordContexts.set(k.name, (wordContexts.get(k.name) ?? 0) | contextBits.get(w)!);
  }
}

export function contextBit(context: KeywordContext): number {
  return contextBits.get(context) ?? 0;
}

/** The contexts where `name` is a keyword, as a bit set of `contextBit`s (0 for other words). */
export function keywordContextSet(name: string): number {
  return wordContexts.get(name) ?? 0;
}

/** Whether `name` is a keyword valid in `context`. */
export function isKeywordIn(name: string, context: KeywordContext): boolean {
  return (keywordContextSet(name) & contextBit(context)) !== 0;
}

/** The doc of a keyword, preferring its meaning in `context` when it has several. */
export function keywordDoc(name: string, context?: KeywordContext): KeywordDoc | undefined {
  if (context) {
    const hit = byContext.get(context)?.get(name);
    if (hit) return hit;
  }
  return KEYWORDS.find((k) => k.name === name);
}
