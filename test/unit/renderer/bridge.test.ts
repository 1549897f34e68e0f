import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createBridge } from '../../../src-renderer/src/api/bridge';

/** A stand-in for the browser's WebSocket that the test opens, feeds and drops by hand. */
class FakeSocket {
  static all: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  close(): void {
    this.onclose?.();
  }
}

describe('browser-mode bridge', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.useFakeTimers();
    vi.stubGlobal('location', { protocol: 'http:', host: '127.0.0.1:5183' });
    vi.stubGlobal('WebSocket', FakeSocket);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('posts calls with the bearer token and unwraps results and errors', async () => {
    const fetchMock = vi.fn()
      .mockResolvedValueOnce(new Response(JSON.stringify({ ok: true, result: { id: 3 } })))
      .mockResolvedValueOnce(new Response(JSON.stringify({ ok: false, error: { code: 'not_found', message: 'No clip 9' } }), { status: 404 }));
    vi.stubGlobal('fetch', fetchMock);
    const bridge = createBridge('tok/en');
    await expect(bridge.invoke('jobs:cancel', { id: 3 })).resolves.toEqual({ id: 3 });
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/jobs:cancel');
    expect(init.headers).toMatchObject({ authorization: 'Bearer tok/en', 'content-type': 'application/json' });
    expect(init.body).toBe('{"id":3}');
    const err = await bridge.invoke('clips:get', { id: 9 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'not_found', message: 'No clip 9' });
    bridge.dispose();
  });

  it('dispatches events, reconnects with backoff and asks for a refresh after each (re)connect', () => {
    const bridge = createBridge('abc');
    const seen: unknown[] = [];
    const off = bridge.on('clips:changed', (p) => seen.push(p));
    const refresh = vi.fn();
    bridge.onRefresh(refresh);
    expect(FakeSocket.all).toHaveLength(1);
    const first = FakeSocket.all[0]!;
    expect(first.url).toBe('ws://127.0.0.1:5183/api/events?token=abc');
    first.onopen?.();
    expect(refresh).toHaveBeenCalledTimes(1);
    first.onmessage?.({ data: JSON.stringify({ event: 'clips:changed', payload: { reason: 'probe' } }) });
    first.onmessage?.({ data: JSON.stringify({ event: 'jobs:changed', payload: {} }) });
    first.onmessage?.({ data: 'not json' });
    expect(seen).toEqual([{ reason: 'probe' }]);

    first.close();
    vi.advanceTimersByTime(499);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1]!.close(); // still down: the next try waits twice as long
    vi.advanceTimersByTime(999);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(3);
    FakeSocket.all[2]!.onopen?.();
    expect(refresh).toHaveBeenCalledTimes(2);

    off();
    FakeSocket.all[2]!.onmessage?.({ data: JSON.stringify({ event: 'clips:changed', payload: { reason: 'x' } }) });
    expect(seen).toHaveLength(1);
    bridge.dispose();
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(3);
  });
});
