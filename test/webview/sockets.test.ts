// Socket states and packet rows the panel derives from a real run (somaxconn seed case).
import { describe, expect, it } from 'vitest';
import { ladderRows } from '../../media/ladder';
import { connKey, SocketModel } from '../../media/sockets';
import { RunStore } from '../../src/client/run/runStore';
import { resolve } from 'node:path';
import { panelFixture } from './panelFixture';

const { result, file } = panelFixture();
const meta = new RunStore(1, result, file).meta;
const model = new SocketModel(meta);
const last = result.connections.at(-1)!;

describe('SocketModel', () => {
  it('shows each socket as ss does at the end of the run', () => {
    for (const c of result.connections) {
      expect(model.state(c, 'client', meta.t1)).toBe(c.clientState);
      expect(model.state(c, 'server', meta.t1)).toBe(c.serverState);
    }
    const listeners = model.listeners(meta.t1, null);
    expect(listeners).toEqual(result.listeners.map((l) => expect.objectContaining({
      state: 'LISTEN', recvQ: String(l.acceptQueue), sendQ: String(l.limit), local: `0.0.0.0:${l.port}`,
    })));
  });

  it('follows a connection through its handshake at earlier times', () => {
    const syn = last.synSentMs[0];
    expect(model.state(last, 'client', syn - 1)).toBe('none');
    expect(model.state(last, 'client', syn)).toBe('SYN-SENT');
    expect(model.state(last, 'client', last.connectMs!)).toBe('ESTAB');
    const events = model.eventsOf(last);
    const synArrives = events.find((e) => e.kind === 'recv' && e.flags === 'S')!;
    expect(model.state(last, 'server', synArrives.t)).toBe('SYN-RECV');
    // Its final ACK is dropped by the full accept queue: the server side stays a request.
    const ackDropped = events.find((e) => e.kind === 'drop' && e.flags === '.')!;
    expect(model.state(last, 'server', ackDropped.t)).toBe('SYN-RECV');
  });

  it('reads queue sizes at the cursor from the per-socket series (server side, by 4-tuple)', () => {
    // The engine names per-socket series by their 4-tuple, `tcp:<local>><peer>`, on the socket's host.
    const c = result.connections.find((x) => meta.series.some((s) => s.group === `tcp:${x.remote}>${x.local}` && s.name === 'recvQ'))!;
    expect(c, 'a connection with a server-side socket series').toBeDefined();
    const info = meta.series.find((s) => s.group === `tcp:${c.remote}>${c.local}` && s.name === 'recvQ')!;
    const values = new Float64Array(meta.series.length);
    values[info.index] = 7;
    const t = (c.connectMs ?? 0) + 100;
    const row = model.sockets(t, values).find((r) => r.local === c.remote && r.peer === c.local);
    expect(row?.recvQ).toBe('7');
  });
});

describe('SocketModel UDP sockets (ss -uanm)', () => {
  const udp = panelFixture(resolve('examples/udp-small-rcvbuf.netscenario'));
  const store = new RunStore(2, udp.result, udp.file);
  const udpModel = new SocketModel(store.meta);
  const sampleAt = (t: number) => {
    const reply = store.answer({ type: 'requestSample', runId: 2, requestId: 1, t });
    if (reply?.type !== 'sample') throw new Error('no sample');
    return reply;
  };

  it('shows each bound socket with its final queue, drops and doubled rcvbuf at the end', () => {
    expect(udp.result.udp.length).toBeGreaterThan(0);
    const rows = udpModel.udp(store.meta.t1, sampleAt(store.meta.t1).values);
    expect(rows).toEqual(udp.result.udp.map((u) => ({
      state: 'UNCONN', recvQ: String(u.queued), sendQ: '0', local: `0.0.0.0:${u.port}`, peer: '0.0.0.0:*',
      process: `users:(("${u.app}"))`, drops: String(u.drops), rcvbuf: String(u.rcvbuf),
    })));
    expect(rows[0].rcvbuf).toBe('131072');
    expect(Number(rows[0].drops)).toBeGreaterThan(0);
  });

  it('reads Recv-Q mid-run from the buffer-occupancy series; drops are unknown there without a drops series', () => {
    const u = udp.result.udp[0];
    const rmem = udp.result.timeline.series.find((s) => s.host === u.host && s.group === `udp:${u.port}` && s.name === 'rmem')!;
    const i = rmem.values.findIndex((v) => v > 0);
    expect(i).toBeGreaterThan(0);
    const t = udp.result.timeline.t[i] + 1;
    const [row] = udpModel.udp(t, sampleAt(t).values);
    expect(row.recvQ).toBe(String(rmem.values[i]));
    const hasDrops = udp.result.timeline.series.some((s) => s.host === u.host && s.group === `udp:${u.port}` && /drop/i.test(s.name));
    if (!hasDrops) expect(row.drops).toBe('–');
    expect(row.rcvbuf).toBe(String(u.rcvbuf));
  });
});

describe('ladderRows', () => {
  it('pairs each packet sent with its arrival or drop, and a drop after arrival with that packet', () => {
    const events = model.eventsOf(last);
    const rows = ladderRows(events, (ep) => model.hostOf(ep));
    expect(rows).toHaveLength(events.filter((e) => e.kind === 'send').length);
    expect(rows.filter((r) => r.drop)).toHaveLength(events.filter((e) => e.kind === 'drop').length);
    for (const r of rows.filter((x) => x.drop)) {
      expect(r.drop!.atReceiver).toBe(true);
      expect(r.to).toBe('server');
      expect(r.drop!.counter).toMatch(/^TcpExt/);
    }
    expect(rows[0]).toMatchObject({ from: 'client', to: 'server', label: 'SYN', t: last.synSentMs[0] });
    expect(rows[0].conn).toBe(connKey(last));
  });
});
