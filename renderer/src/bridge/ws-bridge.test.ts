import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CustodianError } from '../contract';
import { FakeWebSocket } from '../testing/fake-websocket';
import { makeDevice } from '../testing/fixtures';
import type { ConnectionState } from './types';
import { createWsBridge, type WsBridgeOptions } from './ws-bridge';

const flush = () => new Promise<void>((r) => queueMicrotask(() => queueMicrotask(r)));
const URL = 'ws://127.0.0.1:4000/api?token=t0k';

function setup(extra: Partial<WsBridgeOptions> = {}) {
  const bridge = createWsBridge({
    url: URL,
    hasToken: true,
    WebSocket: FakeWebSocket,
    backoffMs: [100, 200, 400],
    callTimeoutMs: 5000,
    ...extra,
  });
  const states: ConnectionState[] = [];
  bridge.onConnection((s) => states.push(s));
  return { bridge, states };
}

describe('WebSocket bridge', () => {
  beforeEach(() => {
    FakeWebSocket.reset();
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('connects to the given url and reports connecting, then open', () => {
    const { bridge, states } = setup();
    expect(FakeWebSocket.last.url).toBe(URL);
    expect(bridge.connection()).toEqual({ status: 'connecting', attempt: 1 });
    FakeWebSocket.last.serverOpen();
    expect(bridge.connection()).toEqual({ status: 'open' });
    expect(states.at(-1)).toEqual({ status: 'open' });
  });

  it('queues calls made while connecting and sends them on open', async () => {
    const { bridge } = setup();
    const result = bridge.api['devices:list']();
    expect(FakeWebSocket.last.sent).toHaveLength(0);
    FakeWebSocket.last.serverOpen();
    const [req] = FakeWebSocket.last.requests;
    expect(req).toMatchObject({ verb: 'devices:list' });
    const device = makeDevice();
    FakeWebSocket.last.serverSend({ id: req!.id, ok: true, value: [device] });
    await expect(result).resolves.toEqual([device]);
  });

  it('matches answers to requests by id, whatever their order', async () => {
    const { bridge } = setup();
    const ws = FakeWebSocket.last;
    ws.serverOpen();
    const a = bridge.call('discovery:start', { durationMs: 3000 });
    const b = bridge.api['discovery:stop']();
    const [ra, rb] = ws.requests;
    expect(ra).toMatchObject({ verb: 'discovery:start', input: { durationMs: 3000 } });
    ws.serverSend({ id: rb!.id, ok: true, value: { stopped: true } });
    ws.serverSend({ id: ra!.id, ok: true, value: { scanId: 's1' } });
    await expect(a).resolves.toEqual({ scanId: 's1' });
    await expect(b).resolves.toEqual({ stopped: true });
  });

  it('rejects with a CustodianError carrying the host error code', async () => {
    const { bridge } = setup();
    const ws = FakeWebSocket.last;
    ws.serverOpen();
    const p = bridge.api['device:get']({ id: 'mac:nope' });
    const { id } = ws.requests[0]!;
    ws.serverSend({
      id,
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No such device: mac:nope.', detail: 'mac:nope' },
    });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CustodianError);
    expect(err).toMatchObject({ code: 'NOT_FOUND', detail: 'mac:nope' });
  });

  it('delivers pushed events to subscribers until they unsubscribe', () => {
    const { bridge } = setup();
    const ws = FakeWebSocket.last;
    ws.serverOpen();
    const seen: string[] = [];
    const off = bridge.on('devices:changed', (p) => seen.push(`${p.change}:${p.device.id}`));
    const device = makeDevice();
    ws.serverSend({ event: 'devices:changed', payload: { change: 'added', device } });
    off();
    ws.serverSend({ event: 'devices:changed', payload: { change: 'updated', device } });
    expect(seen).toEqual([`added:${device.id}`]);
  });

  it('ignores garbled frames, unknown events and answers to nobody', () => {
    const { bridge } = setup();
    const ws = FakeWebSocket.last;
    ws.serverOpen();
    const listener = vi.fn();
    bridge.on('discovery:progress', listener);
    expect(() => {
      ws.serverSend('{not json');
      ws.serverSend({ event: 'evil:thing', payload: {} });
      ws.serverSend({ id: 999, ok: true, value: 1 });
      ws.serverSend({ id: -1, ok: false, error: { code: 'INVALID_INPUT', message: 'x' } });
      ws.serverSend('null');
    }).not.toThrow();
    expect(listener).not.toHaveBeenCalled();
  });

  it('keeps delivering to other listeners when one throws', () => {
    const { bridge } = setup();
    const ws = FakeWebSocket.last;
    ws.serverOpen();
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const good = vi.fn();
    bridge.on('discovery:progress', () => {
      throw new Error('boom');
    });
    bridge.on('discovery:progress', good);
    ws.serverSend({ event: 'discovery:progress', payload: { scanId: 'x' } });
    expect(good).toHaveBeenCalledOnce();
    spy.mockRestore();
  });

  it('rejects calls in flight with TRANSPORT_CLOSED when the socket drops', async () => {
    const { bridge, states } = setup();
    const ws = FakeWebSocket.last;
    ws.serverOpen();
    const p = bridge.api['devices:list']();
    ws.serverDrop();
    await expect(p).rejects.toMatchObject({ code: 'TRANSPORT_CLOSED' });
    expect(states.at(-1)).toEqual({
      status: 'closed',
      code: 'TRANSPORT_CLOSED',
      attempt: 0,
      retryInMs: 100,
    });
  });

  it('rejects new calls at once while disconnected', async () => {
    const { bridge } = setup();
    FakeWebSocket.last.serverOpen();
    FakeWebSocket.last.serverDrop();
    await expect(bridge.api['app:info']()).rejects.toMatchObject({ code: 'TRANSPORT_CLOSED' });
  });

  it('reconnects with growing back-off and resets it after a successful open', () => {
    const { bridge } = setup();
    FakeWebSocket.last.serverOpen();
    FakeWebSocket.last.serverDrop();
    expect(FakeWebSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(99);
    expect(FakeWebSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(bridge.connection()).toEqual({ status: 'connecting', attempt: 1 });

    FakeWebSocket.last.serverDrop(); // attempt 1 failed: wait 100
    vi.advanceTimersByTime(100);
    FakeWebSocket.last.serverDrop(); // attempt 2 failed: wait 200
    expect(bridge.connection()).toMatchObject({ status: 'closed', retryInMs: 200 });
    vi.advanceTimersByTime(200);
    FakeWebSocket.last.serverDrop(); // attempt 3: wait 400
    vi.advanceTimersByTime(400);
    FakeWebSocket.last.serverDrop(); // attempt 4: the last step repeats
    expect(bridge.connection()).toMatchObject({ status: 'closed', retryInMs: 400 });
    vi.advanceTimersByTime(400);
    expect(FakeWebSocket.instances).toHaveLength(6);
    FakeWebSocket.last.serverOpen();
    expect(bridge.connection()).toEqual({ status: 'open' });
    FakeWebSocket.last.serverDrop();
    expect(bridge.connection()).toMatchObject({ status: 'closed', retryInMs: 100 });
  });

  it('works again after a reconnect', async () => {
    const { bridge } = setup();
    FakeWebSocket.last.serverOpen();
    FakeWebSocket.last.serverDrop();
    vi.advanceTimersByTime(100);
    const ws = FakeWebSocket.last;
    ws.serverOpen();
    const p = bridge.api['discovery:status']();
    ws.serverSend({ id: ws.requests[0]!.id, ok: true, value: null });
    await expect(p).resolves.toBeNull();
  });

  it('reconnectNow skips the wait', () => {
    const { bridge } = setup({ backoffMs: [60_000] });
    FakeWebSocket.last.serverOpen();
    FakeWebSocket.last.serverDrop();
    bridge.reconnectNow();
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(bridge.connection()).toEqual({ status: 'connecting', attempt: 1 });
  });

  it('ignores a stale socket after a newer one took over', () => {
    const { bridge } = setup();
    const first = FakeWebSocket.last;
    first.serverOpen();
    first.serverDrop();
    bridge.reconnectNow();
    FakeWebSocket.last.serverOpen();
    const listener = vi.fn();
    bridge.on('discovery:progress', listener);
    first.serverSend({ event: 'discovery:progress', payload: {} });
    first.onclose?.({ code: 1006 });
    expect(listener).not.toHaveBeenCalled();
    expect(bridge.connection()).toEqual({ status: 'open' });
  });

  it('times out a call that is never answered', async () => {
    const { bridge } = setup();
    FakeWebSocket.last.serverOpen();
    const p = bridge.api['net:interfaces']();
    vi.advanceTimersByTime(5000);
    await expect(p).rejects.toMatchObject({ code: 'TIMEOUT', detail: 'net:interfaces' });
  });

  it('reports HOST_UNAUTHORIZED when there is no token and the socket never opens', () => {
    const { bridge } = setup({ hasToken: false, url: 'ws://127.0.0.1:4000/api' });
    FakeWebSocket.last.serverDrop();
    expect(bridge.connection()).toMatchObject({ status: 'closed', code: 'HOST_UNAUTHORIZED' });
  });

  it('reports HOST_UNAUTHORIZED when the host is up but refuses the socket (stale token)', async () => {
    const isHostUp = vi.fn(async () => true);
    const { bridge } = setup({ isHostUp });
    FakeWebSocket.last.serverDrop();
    expect(bridge.connection()).toMatchObject({ code: 'TRANSPORT_CLOSED' });
    await flush();
    expect(bridge.connection()).toMatchObject({ code: 'HOST_UNAUTHORIZED' });
    expect(isHostUp).toHaveBeenCalledOnce();
    // Later refusals say the same at once, without another probe.
    vi.advanceTimersByTime(100);
    FakeWebSocket.last.serverDrop();
    expect(bridge.connection()).toMatchObject({ code: 'HOST_UNAUTHORIZED' });
    expect(isHostUp).toHaveBeenCalledOnce();
  });

  it('stays TRANSPORT_CLOSED when the host is down', async () => {
    const isHostUp = vi.fn(async () => false);
    const { bridge } = setup({ isHostUp });
    FakeWebSocket.last.serverDrop();
    await flush();
    expect(bridge.connection()).toMatchObject({ code: 'TRANSPORT_CLOSED' });
  });

  it('close() rejects pending calls and stops reconnecting', async () => {
    const { bridge } = setup();
    FakeWebSocket.last.serverOpen();
    const p = bridge.api['devices:list']();
    bridge.close();
    await expect(p).rejects.toMatchObject({ code: 'TRANSPORT_CLOSED' });
    expect(FakeWebSocket.last.closed).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(bridge.connection()).toMatchObject({ status: 'closed', retryInMs: null });
  });
});
