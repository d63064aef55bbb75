// What the value words of the language mean: app metrics, connection fields, errnos, socket
// states, connection outcomes and kernel profiles. Completion and hover both read this table, so
// a word is documented once. The kernel paths named here are the ones the engine follows.
import { APP_METRICS, CONNECTION_FIELDS, ERRNOS, OUTCOMES, SOCKET_STATES } from './keywords';
import { KERNEL_PROFILES } from './model';

export type WordKind = 'app metric' | 'connection field' | 'errno' | 'socket state' | 'outcome' | 'kernel profile';

export interface WordDoc {
  name: string;
  kind: WordKind;
  doc: string;
  /** An `expect` line (or header line) that uses the word. */
  example: string;
}

const METRICS: Record<(typeof APP_METRICS)[number], [string, string]> = {
  accepted: ['Connections the app took off its accept queues with a successful accept().', 'expect server.nc.accepted == 10'],
  accept_errors: ['accept() calls that failed, e.g. with EMFILE when no descriptor was free (the connection stays queued: the descriptor is taken before inet_csk_accept dequeues it).', 'expect server.nc.accept_errors >= 1'],
  bytes_read: ['Bytes the app read from its TCP sockets.', 'expect server.nc.bytes_read == 100'],
  established: ["The app's outgoing connections whose connect() succeeded (outcome `established`).", 'expect client.load.established == 25'],
  refused: ["Outgoing connections refused: a RST answered the SYN, connect() returned ECONNREFUSED.", 'expect client.load.refused == 0'],
  timedout: ['Outgoing connections whose SYN retries ran out (tcp_write_timeout): connect() returned ETIMEDOUT.', 'expect client.load.timedout == 5'],
  reset: ['Outgoing connections reset after the handshake (tcp_reset on an established socket: ECONNRESET).', 'expect client.load.reset == 0'],
  pending: ['Outgoing connections still in connect() at the end of the run (SYN-SENT), or not started.', 'expect client.load.pending == 0'],
  accept_queue: ["Connections waiting in the accept queue of the app's listeners (Recv-Q of a LISTEN socket in `ss -lnt`), at the end or at the `at` time.", 'expect server.nc.accept_queue == 11 at 30s'],
  syn_queue: ['Half-open connections (request sockets in SYN-RECV) of its listeners: the SYN queue that tcp_conn_request fills.', 'expect server.nc.syn_queue <= 128'],
  udp_received: ['Datagrams the app read from its UDP sockets.', 'expect rx.app.udp_received >= 1000'],
  udp_drops: ['Datagrams dropped because the receive queue was full (__udp_enqueue_schedule_skb; counted in UdpRcvbufErrors), as `ss -u` shows in the drops column.', 'expect rx.app.udp_drops == 0'],
  rcvbuf: ['The SO_RCVBUF the UDP socket really has: the requested size capped at net.core.rmem_max and doubled, as getsockopt returns it.', 'expect rx.app.rcvbuf == 131072'],
};

const FIELDS: Record<(typeof CONNECTION_FIELDS)[number], [string, string]> = {
  result: ['How connect() ended: `established`, `refused`, `timedout`, `reset` or `pending`.', 'expect client.load[0..9].result == established'],
  errno: ['The last error a system call on the socket returned (ETIMEDOUT, ECONNREFUSED, ECONNRESET, EPIPE, EMFILE), or `none`.', 'expect client.load[0].errno == ETIMEDOUT'],
  connect_time: ['Time from the first SYN until connect() returned, successfully or with an error.', 'expect client.load[0].connect_time == 127s ± 1s'],
  state: ["The client socket's state as `ss` prints it (ESTAB, SYN-SENT, TIME-WAIT …), or `none` once it is gone.", 'expect client.load[0].state == ESTAB'],
  send_q: ['Bytes written but not yet acknowledged by the peer (Send-Q in `ss`).', 'expect client.load[0].send_q == 0'],
  recv_q: ['Bytes received but not yet read by the app (Recv-Q in `ss`).', 'expect client.load[0].recv_q == 0'],
  server_state: ["The state of the server's side of this connection: a full socket (ESTAB, CLOSE-WAIT …), a request socket (SYN-RECV; 3.10 keeps those off `ss`, so `none` there) or TIME-WAIT.", 'expect client.load[12].server_state == SYN-RECV'],
  accepted: ['1 when the server app accepted this connection, else 0.', 'expect client.load[10..24].accepted == 0'],
  syn_count: ['How many SYNs the client sent: 1, plus one per retransmission (tcp_retransmit_timer).', 'expect client.load[0].syn_count == 7'],
};

const ERRNO_DOCS: Record<(typeof ERRNOS)[number], [string, string]> = {
  ETIMEDOUT: ['"Connection timed out". connect() gave up after its SYN retransmissions (tcp_write_timeout on net.ipv4.tcp_syn_retries), or an established connection after tcp_retries2 retransmissions; tcp_write_err sets it. Typical when a firewall drops SYNs or a full accept queue drops them.', 'expect client.load[0].errno == ETIMEDOUT'],
  ECONNREFUSED: ['"Connection refused". A RST answered the SYN: nothing listens on the port (tcp_v4_send_reset from tcp_v4_rcv), and tcp_reset turns it into ECONNREFUSED in SYN-SENT.', 'expect client.load[0].errno == ECONNREFUSED'],
  ECONNRESET: ['"Connection reset by peer". A RST arrived on an established connection (tcp_reset): the server closed with unread data, was killed, or dropped the final ACK with tcp_abort_on_overflow = 1.', 'expect client.load[0].errno == ECONNRESET'],
  EPIPE: ['"Broken pipe". A write on a socket whose connection is already reset or shut down for writing (sk_stream_error in tcp_sendmsg); the first write after a RST returns ECONNRESET, later ones EPIPE.', 'expect client.load[0].errno == EPIPE'],
  EMFILE: ['"Too many open files". socket() or accept() found no free descriptor under RLIMIT_NOFILE (`nofile`): get_unused_fd_flags fails before anything else, so a failed accept() leaves the connection in the accept queue.', 'expect server.nc.accept_errors >= 1'],
};

const STATE_DOCS: Record<(typeof SOCKET_STATES)[number], string> = {
  ESTAB: 'Established (TCP_ESTABLISHED): the handshake finished; data flows.',
  'SYN-SENT': 'The client sent its SYN and waits for a SYN-ACK (connect() in progress; SYNs are retransmitted).',
  'SYN-RECV': 'The server answered a SYN with a SYN-ACK and waits for the final ACK: a request socket in the SYN queue.',
  'FIN-WAIT-1': 'This side closed and sent a FIN that is not acknowledged yet.',
  'FIN-WAIT-2': 'This side\'s FIN is acknowledged; waiting for the peer\'s FIN (tcp_fin_timeout limits an orphan here).',
  'TIME-WAIT': 'Closed first by this side; the socket lingers 60 s (TCP_TIMEWAIT_LEN) to catch late segments. Counted against tcp_max_tw_buckets.',
  CLOSE: 'Closed: no connection (also a TIME-WAIT socket that was killed early).',
  'CLOSE-WAIT': 'The peer sent a FIN and this app has not closed yet: typically an app that stopped reading or closing.',
  'LAST-ACK': 'The peer closed first, this side then closed and waits for the ACK of its FIN.',
  LISTEN: 'A listening socket: Recv-Q is its accept queue length, Send-Q its backlog limit.',
  CLOSING: 'Both sides sent a FIN at the same time; waiting for the ACK of ours.',
  UNCONN: 'An unconnected UDP socket, as `ss -u` shows a bound receiver.',
};

const OUTCOME_DOCS: Record<(typeof OUTCOMES)[number], string> = {
  established: 'connect() succeeded.',
  refused: 'connect() failed with ECONNREFUSED (a RST answered the SYN).',
  timedout: 'connect() failed with ETIMEDOUT (the SYN retries ran out).',
  reset: 'The connection was established, then reset (ECONNRESET).',
  pending: 'connect() had not returned by the end of the run.',
};

const PROFILE_DOCS: Record<(typeof KERNEL_PROFILES)[number], string> = {
  'linux-3.10': 'CentOS/RHEL 7. connect() gives up on a time budget (127 s for tcp_syn_retries = 6); a SYN to a listener with a full accept queue is still answered unless young requests are waiting; the SYN queue limit comes from a power-of-two table; tcp_tw_recycle exists (per-host PAWS: TcpExtPAWSPassive behind NAT); somaxconn defaults to 128; SYN-RECV requests do not show in `ss`.',
  'linux-4.19': 'Debian 10 era. connect() gives up after a count of SYN retransmissions (still 127 s for 6); a SYN is dropped when the accept queue is full; the SYN queue holds `backlog` requests; tcp_tw_recycle is gone (removed in 4.12); somaxconn defaults to 128.',
  'linux-6.8': 'Ubuntu 24.04 era. Like 4.19, plus tcp_syn_linear_timeouts (the first SYN retries 1 s apart: 131 s and 11 SYNs for tcp_syn_retries = 6), somaxconn defaults to 4096, and every SYN retransmission counts in TcpExtTCPTimeouts.',
};

function table(): Map<string, WordDoc[]> {
  const out = new Map<string, WordDoc[]>();
  const add = (name: string, kind: WordKind, doc: string, example: string) => {
    const list = out.get(name) ?? [];
    list.push({ name, kind, doc, example });
    out.set(name, list);
  };
  for (const [n, [doc, ex]] of Object.entries(METRICS)) add(n, 'app metric', doc, ex);
  for (const [n, [doc, ex]] of Object.entries(FIELDS)) add(n, 'connection field', doc, ex);
  for (const [n, [doc, ex]] of Object.entries(ERRNO_DOCS)) add(n, 'errno', doc, ex);
  for (const [n, doc] of Object.entries(STATE_DOCS)) add(n, 'socket state', doc, `expect client.load[0].state == ${n}`);
  for (const [n, doc] of Object.entries(OUTCOME_DOCS)) add(n, 'outcome', doc, `expect client.load[0].result == ${n}`);
  for (const [n, doc] of Object.entries(PROFILE_DOCS)) add(n, 'kernel profile', `${doc} See docs/kernel-behaviour.md for the differences in detail.`, `kernel ${n}`);
  return out;
}

const WORDS = table();

/** The doc of a value word; `kinds` picks its meaning where a word has several (`accepted`). */
export function wordDoc(name: string, kinds?: readonly WordKind[]): WordDoc | undefined {
  const list = WORDS.get(name);
  if (!list) return undefined;
  return kinds ? list.find((w) => kinds.includes(w.kind)) : list[0];
}
