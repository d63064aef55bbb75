#!/usr/bin/env python3
"""Socket probes for the real-kernel tests (test/kernel/*.test.ts).

Each subcommand runs inside a network namespace (the caller uses `ip netns exec`), does one
socket experiment and prints one JSON line on stdout. Long-lived probes print {"ready": ...}
first and finish when their stdin is closed. Times are wall-clock seconds (CLOCK_REALTIME) so
that probes in different namespaces can be compared; packet times come from the kernel
(SO_TIMESTAMPNS on an AF_PACKET socket), not from when Python got around to reading them.
"""
import argparse
import errno
import json
import socket
import struct
import sys
import threading
import time

SO_TIMESTAMPNS = 35  # asm-generic/socket.h (SO_TIMESTAMPNS_OLD), x86_64 and arm64
ETH_P_ALL = 0x0003
TCP_SYNCNT = 7
SIOCOUTQ = 0x5411
SIOCINQ = 0x541B


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def set_sysctls(pairs):
    # Only per-namespace IPv4 sysctls: writing a global one from inside a namespace would
    # change the host.
    for pair in pairs or []:
        name, value = pair.split("=", 1)
        if not name.startswith("net.ipv4."):
            raise SystemExit("refusing to set non-namespaced sysctl " + name)
        with open("/proc/sys/" + name.replace(".", "/"), "w") as f:
            f.write(value)


def wait_stdin_closed():
    sys.stdin.buffer.read()


class Sniffer:
    """Records TCP segments seen on one interface (both directions) with kernel timestamps."""

    def __init__(self, iface, port):
        self.port = port
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        self.sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        self.sock.bind((iface, 0))
        self.sock.settimeout(0.1)
        self.segments = []
        self.stop = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop:
            try:
                data, anc, _flags, _addr = self.sock.recvmsg(65535, socket.CMSG_SPACE(16))
            except socket.timeout:
                continue
            t = time.time()
            for level, ctype, cdata in anc:
                if level == socket.SOL_SOCKET and ctype == SO_TIMESTAMPNS and len(cdata) >= 16:
                    sec, nsec = struct.unpack("qq", cdata[:16])
                    t = sec + nsec / 1e9
            seg = parse_tcp(data)
            if seg and self.port in (seg["sport"], seg["dport"]):
                seg["t"] = t
                self.segments.append(seg)

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()
        return self.segments


def parse_tcp(frame):
    if len(frame) < 34 or frame[12:14] != b"\x08\x00":
        return None
    ip = frame[14:]
    ihl = (ip[0] & 0x0F) * 4
    if ip[9] != 6 or len(ip) < ihl + 20:
        return None
    tcp = ip[ihl:]
    sport, dport = struct.unpack("!HH", tcp[:4])
    flags = tcp[13]
    names = "".join(n for bit, n in ((0x02, "S"), (0x10, "A"), (0x04, "R"), (0x01, "F"), (0x08, "P")) if flags & bit)
    total = struct.unpack("!H", ip[2:4])[0]
    tsval = None
    opts, i = tcp[20:(tcp[12] >> 4) * 4], 0
    while i < len(opts):
        kind = opts[i]
        if kind == 0:
            break
        if kind == 1:
            i += 1
            continue
        if i + 1 >= len(opts) or opts[i + 1] < 2:
            break
        if kind == 8 and opts[i + 1] == 10:
            tsval = struct.unpack("!I", opts[i + 2:i + 6])[0]
        i += opts[i + 1]
    payload = total - ihl - (tcp[12] >> 4) * 4
    return {"sport": sport, "dport": dport, "flags": names, "len": payload, "tsval": tsval,
            "src": socket.inet_ntoa(ip[12:16]), "dst": socket.inet_ntoa(ip[16:20])}


def cmd_syn(a):
    """Blocking connect() whose SYNs are dropped: SYN send times and the final error."""
    set_sysctls(a.sysctl)
    sniffer = Sniffer(a.iface, a.port)
    time.sleep(0.05)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if a.syncnt:
        s.setsockopt(socket.IPPROTO_TCP, TCP_SYNCNT, a.syncnt)
    t0 = time.time()
    err = 0
    try:
        s.connect((a.dst, a.port))
    except OSError as e:
        err = e.errno
    t1 = time.time()
    s.close()
    segs = sniffer.close()
    syns = [x["t"] for x in segs if x["flags"] == "S" and x["dport"] == a.port]
    emit({"errno": errno.errorcode.get(err, str(err)) if err else None,
          "connectStart": t0, "elapsedMs": (t1 - t0) * 1000,
          "synMs": [(t - syns[0]) * 1000 for t in syns],
          "firstSynDelayMs": (syns[0] - t0) * 1000 if syns else None})


def cmd_listen(a):
    """A listener that never accepts (or accepts a few first); lives until stdin closes."""
    set_sysctls(a.sysctl)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", a.port))
    s.listen(a.backlog)
    emit({"ready": True, "port": a.port, "backlog": a.backlog})
    wait_stdin_closed()


def tcp_state(s):
    info = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    states = {1: "ESTAB", 2: "SYN-SENT", 3: "SYN-RECV", 7: "CLOSE", 8: "CLOSE-WAIT"}
    return states.get(info[0], str(info[0])), info[2]  # tcpi_state, tcpi_retransmits


def cmd_connect(a):
    """Opens `count` non-blocking connections `interval` ms apart, sends `send` bytes on each
    as soon as it is established, reports after `settle` ms, then holds them open until stdin
    closes and reports their final state and pending error."""
    import fcntl
    socks, sent = [], []

    def send_ready():
        for j, x in enumerate(socks):
            if not sent[j] and a.send and tcp_state(x)[0] == "ESTAB":
                x.send(b"x" * a.send)
                sent[j] = True

    def poll_for(seconds):
        deadline = time.time() + seconds
        while True:
            send_ready()
            left = deadline - time.time()
            if left <= 0:
                return
            time.sleep(min(left, 0.005))

    t0 = time.time()
    for _ in range(a.count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        s.connect_ex((a.dst, a.port))
        socks.append(s)
        sent.append(False)
        poll_for(a.interval / 1000)
    poll_for(a.settle / 1000)
    out = []
    for s in socks:
        state, retrans = tcp_state(s)
        buf = bytearray(4)
        fcntl.ioctl(s.fileno(), SIOCOUTQ, buf)
        out.append({"state": state, "retransmits": retrans, "sendQ": struct.unpack("i", bytes(buf))[0]})
    emit({"ready": True, "start": t0, "sockets": out})
    wait_stdin_closed()
    final = []
    for s in socks:
        err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        final.append({"state": tcp_state(s)[0], "error": errno.errorcode.get(err) if err else None})
    emit({"final": final})


def cmd_refused(a):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    t0 = time.perf_counter()
    err = s.connect_ex((a.dst, a.port))
    t1 = time.perf_counter()
    emit({"errno": errno.errorcode.get(err) if err else None, "elapsedMs": (t1 - t0) * 1000})


def cmd_rcvbuf(a):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    out = {"default": s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF), "set": {}}
    for v in a.values:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, v)
        out["set"][str(v)] = s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
    emit(out)


def cmd_udp_recv(a):
    """Binds with SO_RCVBUF, never reads until stdin closes, then counts what was queued."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if a.rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, a.rcvbuf)
    s.bind(("0.0.0.0", a.port))
    emit({"ready": True, "rcvbuf": s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)})
    wait_stdin_closed()
    s.setblocking(False)
    n = 0
    while True:
        try:
            s.recv(65535)
            n += 1
        except BlockingIOError:
            break
    emit({"queued": n})


def cmd_udp_send(a):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    payload = b"u" * a.size
    for _ in range(a.count):
        s.sendto(payload, (a.dst, a.port))
        if a.gap_us:
            time.sleep(a.gap_us / 1e6)
    emit({"sent": a.count, "size": a.size})


def cmd_accept_close(a):
    """Accepts one connection, lets its data arrive, closes it unread (→ RST), exits."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", a.port))
    s.listen(8)
    emit({"ready": True})
    c, _ = s.accept()
    time.sleep(0.3)
    buf = bytearray(4)
    import fcntl
    fcntl.ioctl(c.fileno(), SIOCINQ, buf)
    c.close()
    emit({"closedWithUnread": struct.unpack("i", bytes(buf))[0]})


def cmd_rst_client(a):
    """Connects, sends 4 bytes, waits for the peer's RST, then calls read/write in the given
    order and reports each call's error."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect((a.dst, a.port))
    s.send(b"data")
    time.sleep(a.wait / 1000)
    calls = []
    for op in a.order.split(","):
        try:
            if op == "read":
                n = len(s.recv(100))
                calls.append({"op": op, "result": n, "error": None})
            else:
                n = s.send(b"more")
                calls.append({"op": op, "result": n, "error": None})
        except OSError as e:
            calls.append({"op": op, "result": -1, "error": errno.errorcode.get(e.errno)})
    emit({"calls": calls})


def cmd_tsval(a):
    """Connects once from each --src address (in order, `gap` ms apart) and reports the TSval
    of each SYN as captured, with its capture time."""
    sniffer = Sniffer(a.iface, a.port)
    time.sleep(0.05)
    socks = []
    for src in a.src:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind((src, 0))
        s.connect((a.dst, a.port))
        socks.append((src, s.getsockname()[1], s))
        time.sleep(a.gap / 1000)
    segs = sniffer.close()
    out = []
    for src, sport, _s in socks:
        syn = next(x for x in segs if x["flags"] == "S" and x["sport"] == sport and x["src"] == src)
        out.append({"src": src, "tsval": syn["tsval"], "t": syn["t"]})
    emit({"syns": out})


def cmd_sniff(a):
    """Records the segments of one port on an interface until stdin closes."""
    sniffer = Sniffer(a.iface, a.port)
    emit({"ready": True})
    wait_stdin_closed()
    emit({"segments": sniffer.close()})


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    x = sub.add_parser("syn"); x.add_argument("--iface", required=True); x.add_argument("--dst", required=True)
    x.add_argument("--port", type=int, required=True); x.add_argument("--syncnt", type=int, default=0)
    x.add_argument("--sysctl", action="append"); x.set_defaults(fn=cmd_syn)
    x = sub.add_parser("listen"); x.add_argument("--port", type=int, required=True)
    x.add_argument("--backlog", type=int, required=True); x.add_argument("--sysctl", action="append")
    x.set_defaults(fn=cmd_listen)
    x = sub.add_parser("connect"); x.add_argument("--dst", required=True); x.add_argument("--port", type=int, required=True)
    x.add_argument("--count", type=int, required=True); x.add_argument("--interval", type=float, default=100)
    x.add_argument("--send", type=int, default=0); x.add_argument("--settle", type=float, default=300)
    x.set_defaults(fn=cmd_connect)
    x = sub.add_parser("refused"); x.add_argument("--dst", required=True); x.add_argument("--port", type=int, required=True)
    x.set_defaults(fn=cmd_refused)
    x = sub.add_parser("rcvbuf"); x.add_argument("values", type=int, nargs="*"); x.set_defaults(fn=cmd_rcvbuf)
    x = sub.add_parser("udp-recv"); x.add_argument("--port", type=int, required=True)
    x.add_argument("--rcvbuf", type=int, default=0); x.set_defaults(fn=cmd_udp_recv)
    x = sub.add_parser("udp-send"); x.add_argument("--dst", required=True); x.add_argument("--port", type=int, required=True)
    x.add_argument("--count", type=int, required=True); x.add_argument("--size", type=int, required=True)
    x.add_argument("--gap-us", type=float, default=0); x.set_defaults(fn=cmd_udp_send)
    x = sub.add_parser("sniff"); x.add_argument("--iface", required=True); x.add_argument("--port", type=int, required=True)
    x.set_defaults(fn=cmd_sniff)
    x = sub.add_parser("sysctl"); x.add_argument("sysctl", nargs="+")
    x.set_defaults(fn=lambda a: (set_sysctls(a.sysctl), emit({"set": a.sysctl})))
    x = sub.add_parser("tsval"); x.add_argument("--iface", required=True); x.add_argument("--dst", required=True)
    x.add_argument("--port", type=int, required=True); x.add_argument("--src", action="append", required=True)
    x.add_argument("--gap", type=float, default=300); x.set_defaults(fn=cmd_tsval)
    x = sub.add_parser("accept-close"); x.add_argument("--port", type=int, required=True)
    x.set_defaults(fn=cmd_accept_close)
    x = sub.add_parser("rst-client"); x.add_argument("--dst", required=True); x.add_argument("--port", type=int, required=True)
    x.add_argument("--order", default="read,write,write"); x.add_argument("--wait", type=float, default=800)
    x.set_defaults(fn=cmd_rst_client)
    a = p.parse_args()
    a.fn(a)


if __name__ == "__main__":
    main()
