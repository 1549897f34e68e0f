import type { Api, ArgsOf, BridgeError, Channel, EventName, Events, ResultOf } from '../../../src-main/ipc/contract';

/** An error returned by the core, carrying the bridge's machine-readable code. */
export class ApiError extends Error {
  constructor(
    readonly code: BridgeError['code'] | 'network',
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type AnyListener = (payload: unknown) => void;
type Envelope = { ok: true; result: unknown } | { ok: false; error: BridgeError };

/** The browser-mode transport: HTTP POST per call, one reconnecting WebSocket for events. */
export interface Bridge extends Api {
  /** Called after the event socket (re)connects, when events may have been missed. */
  onRefresh(listener: () => void): () => void;
  dispose(): void;
}

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 10_000;

/** Creates the loopback bridge for a page served by `mwb serve` with access token `token`. */
export function createBridge(token: string): Bridge {
  const listeners = new Map<EventName, Set<AnyListener>>();
  const refreshers = new Set<() => void>();
  let socket: WebSocket | null = null;
  let backoff = MIN_BACKOFF_MS;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;

  async function invoke<C extends Channel>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
    let res: Response;
    try {
      res = await fetch('/api/' + channel, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
        body: JSON.stringify(args ?? null),
      });
    } catch {
      throw new ApiError('network', 'Cannot reach the Motion Workbench core. Is `mwb serve` still running?');
    }
    let body: Envelope;
    try {
      body = (await res.json()) as Envelope;
    } catch {
      const code = res.status === 401 || res.status === 403 ? 'unauthorized' : 'internal';
      throw new ApiError(code, `The core answered ${channel} with HTTP ${res.status}.`);
    }
    if (!body.ok) throw new ApiError(body.error.code, body.error.message);
    return body.result as ResultOf<C>;
  }

  function connect(): void {
    if (disposed || socket) return;
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${proto}://${location.host}/api/events?token=${encodeURIComponent(token)}`);
    socket = ws;
    ws.onopen = () => {
      backoff = MIN_BACKOFF_MS;
      // Events may have fired before this socket existed: let every store re-fetch.
      for (const r of [...refreshers]) r();
    };
    ws.onmessage = (msg) => dispatch(msg.data);
    ws.onclose = () => {
      socket = null;
      if (disposed) return;
      retry = setTimeout(() => {
        retry = null;
        connect();
      }, backoff);
      backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
    };
  }

  function dispatch(data: unknown): void {
    if (typeof data !== 'string') return;
    let msg: { event?: string; payload?: unknown };
    try {
      msg = JSON.parse(data) as typeof msg;
    } catch {
      return;
    }
    const set = msg.event ? listeners.get(msg.event as EventName) : undefined;
    if (set) for (const l of [...set]) l(msg.payload);
  }

  function on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener as AnyListener);
    connect();
    return () => set.delete(listener as AnyListener);
  }

  return {
    invoke,
    on,
    onRefresh(listener) {
      refreshers.add(listener);
      connect();
      return () => refreshers.delete(listener);
    },
    dispose() {
      disposed = true;
      if (retry) clearTimeout(retry);
      socket?.close();
      listeners.clear();
      refreshers.clear();
    },
  };
}
