import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { Workbench } from '../../../src-main/workspace/workbench';
import { startServer, type RunningServer } from '../../../src-main/server/server';
import { FIXTURES } from '../../helpers/fixtures';

let dir: string;
let workbench: Workbench;
let server: RunningServer;
let base: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mwb-server-'));
  const ui = join(dir, 'ui');
  mkdirSync(join(ui, 'assets'), { recursive: true });
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>ui</title>');
  writeFileSync(join(ui, 'assets', 'app.js'), 'console.log(1)');
  workbench = new Workbench(join(dir, 'appdata'));
  server = await startServer({ workbench, rendererDir: ui });
  base = `http://127.0.0.1:${server.port}`;
});

afterEach(async () => {
  await server.close();
  await workbench.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const call = (channel: string, body: string, token = server.token): Promise<Response> =>
  fetch(`${base}/api/${channel}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });

describe('browser-mode bridge security', () => {
  it('refuses to bind anything but a loopback address', async () => {
    await expect(startServer({ workbench, host: '0.0.0.0' })).rejects.toThrow(/loopback/);
    await expect(startServer({ workbench, host: '192.168.1.10' })).rejects.toThrow(/loopback/);
  });

  it('answers 401 without the token or with a wrong one, on API, files and pages', async () => {
    expect((await fetch(`${base}/api/workspace:current`, { method: 'POST', body: 'null' })).status).toBe(401);
    expect((await call('workspace:current', 'null', 'not-the-token')).status).toBe(401);
    expect((await call('workspace:current', 'null', server.token.slice(0, -1))).status).toBe(401);
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/files/media/1`)).status).toBe(401);
    // A token in the query string or cookie is not enough for the API (no ambient credentials).
    expect((await fetch(`${base}/api/workspace:current?token=${server.token}`, { method: 'POST', body: 'null' })).status).toBe(401);
  });

  it('accepts the right token and sets no CORS headers', async () => {
    const res = await call('workspace:current', 'null');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const body = await res.json();
    expect(body.ok).toBe(true);
    expect(body.result.path).toBe(join(dir, 'appdata', 'default-workspace'));
  });

  it('rejects a foreign Host header (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: server.port, path: `/?token=${server.token}`, headers: { host: 'evil.example:80' } },
        (res) => { res.resume(); resolve(res.statusCode ?? 0); });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('turns malformed payloads into validation errors, not crashes', async () => {
    const bad = await call('clips:list', '{not json');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('validation');
    const invalid = await call('clips:list', JSON.stringify({ offset: -1, limit: 10 }));
    expect(invalid.status).toBe(400);
    const err = (await invalid.json()).error;
    expect(err.code).toBe('validation');
    expect(err.message).toMatch(/offset/);
    const extra = await call('jobs:cancel', JSON.stringify({ id: 1, sneaky: true }));
    expect(extra.status).toBe(400);
    expect((await call('no:such', 'null')).status).toBe(404);
    // The server is still fine afterwards.
    expect((await call('clips:list', JSON.stringify({ offset: 0, limit: 10 }))).status).toBe(200);
  });

  it('serves the UI with the token once, then by cookie', async () => {
    const first = await fetch(`${base}/?token=${server.token}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const asset = await fetch(`${base}/assets/app.js`, { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('console.log(1)');
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(401);
  });

  it('serves only files the workspace knows, with HTTP ranges for video seeking', async () => {
    const video = join(FIXTURES, 'video', 'pool_cleaning_1s.mp4');
    const id = workbench.workspace.media.upsert(video);
    const auth = { authorization: `Bearer ${server.token}` };
    const part = await fetch(`${base}/files/media/${id}`, { headers: { ...auth, range: 'bytes=0-99' } });
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
    expect(part.headers.get('content-type')).toBe('video/mp4');
    expect((await fetch(`${base}/files/media/${id + 1}`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${base}/files/..%2F..%2Fetc%2Fpasswd`, { headers: auth })).status).toBe(404);
  });

  it('pushes events over the WebSocket only to clients with the token', async () => {
    const wsUrl = `ws://127.0.0.1:${server.port}/api/events`;
    const refused = new WebSocket(wsUrl);
    await expect(new Promise((res, rej) => { refused.on('open', res); refused.on('error', rej); })).rejects.toThrow(/401/);
    const ws = new WebSocket(`${wsUrl}?token=${server.token}`);
    await new Promise((res, rej) => { ws.on('open', res); ws.on('error', rej); });
    const got = new Promise<{ event: string; payload: { path: string } }>((res) => ws.once('message', (m) => res(JSON.parse(String(m)))));
    const other = join(dir, 'other-ws');
    expect((await call('workspace:open', JSON.stringify({ path: other }))).status).toBe(200);
    const msg = await got;
    expect(msg.event).toBe('workspace:changed');
    expect(msg.payload.path).toBe(other);
    ws.close();
  });
});
