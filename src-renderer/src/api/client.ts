import type { Api, ArgsOf, Channel, EventName, Events, ResultOf } from '../../../src-main/ipc/contract';
import { ApiError, createBridge, type Bridge } from './bridge';

const TOKEN_KEY = 'mwb.token';

/**
 * Reads the browser-mode access token: from `?token=` on first load (then stored in
 * sessionStorage and removed from the address bar), from sessionStorage after a reload.
 */
function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

const preload: Api | undefined = window.api;
const token: string | null = preload ? null : takeToken();
const bridge: Bridge | null = !preload && token ? createBridge(token) : null;

/** False in browser mode when the page was opened without its access token. */
export const hasAccess: boolean = Boolean(preload || token);

/** Stand-in used when there is no token: every call fails with a clear `unauthorized` error. */
const noAccess: Api = {
  invoke<C extends Channel>(channel: C, _args: ArgsOf<C>): Promise<ResultOf<C>> {
    return Promise.reject(new ApiError('unauthorized', `No access token for ${channel}.`));
  },
  on<E extends EventName>(_event: E, _listener: (payload: Events[E]) => void): () => void {
    return () => {};
  },
};

/** The one way views and stores talk to the core: Electron's preload or the loopback bridge. */
export const api: Api = preload ?? bridge ?? noAccess;

/** Registers a callback run after the event stream reconnects (stores re-fetch); never in Electron. */
export function onRefresh(listener: () => void): () => void {
  return bridge ? bridge.onRefresh(listener) : () => {};
}

/** URL the UI can put in `<img src>` / `<video src>` for a file key handed out by the core. */
export function fileUrl(key: string): string {
  const path = key.split('/').map(encodeURIComponent).join('/');
  if (preload) return 'mwb://files/' + path;
  return '/files/' + path + '?token=' + encodeURIComponent(token ?? '');
}
