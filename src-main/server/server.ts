import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch, type HostServices } from '../ipc/handlers/index.js';
import { isChannel } from '../ipc/schemas.js';
import type { BridgeError } from '../ipc/contract.js';
import { RENDERER_DIST } from '../paths.js';
import { resolveFileKey } from '../workspace/files.js';
import type { Workbench } from '../workspace/workbench.js';
import { assertLoopbackHost, COOKIE, hostHeaderOk, newToken, requestToken, tokenMatches } from './auth.js';
import { sendFile, sendStatic } from './files.js';

/** Options for browser mode. */
export interface ServerOptions {
  workbench: Workbench;
  /** Loopback address only; anything else is refused. Default 127.0.0.1. */
  host?: string;
  /** 0 = any free port. */
  port?: number;
  token?: string;
  rendererDir?: string;
  /** Why browser mode (shown in the UI's status line). */
  modeReason?: string | null;
}

/** A running bridge server; `close()` is owned by whoever started it. */
export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "media-src 'self' blob:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Browser mode: the same contract as Electron IPC, served over HTTP (`POST /api/<channel>`) and a
 * WebSocket (`/api/events`) on a loopback address, every request checked against a per-launch
 * token, no CORS. Also serves the built renderer and workspace files (`/files/<key>`).
 */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  assertLoopbackHost(host);
  const token = opts.token ?? newToken();
  const rendererDir = opts.rendererDir ?? RENDERER_DIST;
  const hostServices: HostServices = { mode: 'browser', modeReason: opts.modeReason ?? null };
  const ctx = { workbench: opts.workbench, host: hostServices };
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) json(res, 500, { ok: false, error: { code: 'internal', message: String(err?.message ?? err) } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('content-security-policy', CSP);
    if (!hostHeaderOk(req, port)) return void json(res, 403, err('unauthorized', 'Bad Host header'));
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const isApi = url.pathname.startsWith('/api/');
    if (!tokenMatches(requestToken(req, url, !isApi), token)) {
      const message = 'Missing or wrong access token: open the address printed by `npm start` or `mwb serve` (it ends in ?token=…).';
      if (!isApi && (req.headers.accept ?? '').includes('text/html')) {
        res.writeHead(401, { 'content-type': 'text/html; charset=utf-8' })
          .end(`<!doctype html><title>Motion Workbench</title><h1>Motion Workbench</h1><p>${message}</p>`);
        return;
      }
      return void json(res, 401, err('unauthorized', message));
    }
    if (isApi) return apiCall(req, res, url.pathname.slice(5));
    if (req.method !== 'GET' && req.method !== 'HEAD') return void json(res, 405, err('bad_input', 'Method not allowed'));
    if (url.searchParams.has('token')) {
      // Remember the token for asset requests and reloads once the page drops it from its URL.
      res.setHeader('set-cookie', `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
    }
    if (url.pathname.startsWith('/files/')) {
      const file = resolveFileKey(opts.workbench.workspace, decodeURIComponent(url.pathname.slice(7)));
      if (!file) return void json(res, 404, err('not_found', `No such file in this workspace: ${url.pathname.slice(7)}`));
      return sendFile(req, res, file.path, file.contentType);
    }
    sendStatic(req, res, rendererDir, url.pathname);
  }

  async function apiCall(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') return void json(res, 405, err('bad_input', 'Use POST for API calls'));
    if (!isChannel(channel)) return void json(res, 404, err('not_found', `Unknown channel "${channel}"`));
    let body: unknown;
    try {
      const text = await readBody(req);
      body = text.length ? JSON.parse(text) : null;
    } catch (e) {
      return void json(res, 400, err('validation', `Malformed request body for ${channel}: ${(e as Error).message}`));
    }
    const out = await dispatch(channel, body, ctx);
    json(res, out.ok ? 200 : out.error.code === 'validation' ? 400 : out.error.code === 'not_found' ? 404 : 422, out);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const origin = req.headers.origin;
    const originOk = !origin || hostHeaderOk({ headers: { host: origin.replace(/^https?:\/\//, '') } } as IncomingMessage, port);
    if (url.pathname !== '/api/events' || !hostHeaderOk(req, port) || !originOk ||
        !tokenMatches(requestToken(req, url, true), token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
    });
  });
  const unsubscribe = opts.workbench.onEvent((event, payload) => {
    const msg = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(msg);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new Error(e.code === 'EADDRINUSE' ? `Port ${opts.port} on ${host} is already in use; choose another with --port` : e.message)));
    server.listen(opts.port ?? 0, host, resolve);
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function err(code: BridgeError['code'], message: string): { ok: false; error: BridgeError } {
  return { ok: false, error: { code, message } };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error(`body larger than ${MAX_BODY} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
