import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../../../src-main/server/server.js';
import { Workbench } from '../../../../src-main/workspace/workbench.js';
import { removeTempDirs, tempDir } from '../../../helpers/coreFixtures.js';

let workbench: Workbench;
let server: RunningServer;

beforeEach(async () => {
  const dir = tempDir('mwb-label-bridge-');
  const ui = join(dir, 'ui');
  mkdirSync(ui, { recursive: true });
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>ui</title>');
  workbench = new Workbench(join(dir, 'appdata'));
  await workbench.open(join(dir, 'ws'));
  const ws = workbench.workspace;
  for (const c of ['run', 'walk']) ws.classes.ensure(c);
  for (let i = 0; i < 4; i++) ws.clips.upsert({ mediaId: ws.media.upsert(`/v/${i}.mp4`), name: `clip_${i}` });
  server = await startServer({ workbench, rendererDir: ui });
});

afterEach(async () => {
  await server.close();
  await workbench.dispose();
  removeTempDirs();
});

async function call<T>(channel: string, args: unknown): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/${channel}`, {
    method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: JSON.stringify(args ?? null),
  });
  const body = (await res.json()) as { ok: boolean; result?: T; error?: { code: string; message: string } };
  if (!body.ok) throw Object.assign(new Error(body.error!.message), { code: body.error!.code });
  return body.result as T;
}

describe('labeling over the browser-mode bridge', () => {
  it('commits a label, pushes events, and undoes it from a fresh client (a renderer reload)', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${server.token}`);
    const events: string[] = [];
    socket.on('message', (m: Buffer) => events.push((JSON.parse(m.toString()) as { event: string }).event));
    await new Promise((r) => socket.once('open', r));
    const edit = await call<{ batchId: number; clips: { id: number; label: string }[] }>('clips:update', { ids: [1, 2], patch: { label: 'walk' } });
    expect(edit.clips.map((c) => c.label)).toEqual(['walk', 'walk']);
    await expect.poll(() => events).toEqual(expect.arrayContaining(['clips:changed', 'edits:changed']));
    socket.close();
    // A new page asks the core: the stack is still there.
    expect(await call('edits:state', null)).toMatchObject({ canUndo: true, undoLabel: 'Label "walk" on 2 clips' });
    const undo = await call<{ batchId: number; changed: number; canRedo: boolean }>('edits:undo', null);
    expect(undo).toMatchObject({ batchId: edit.batchId, changed: 2, canRedo: true });
    const page = await call<{ items: { label: string | null }[] }>('clips:list', { offset: 0, limit: 10, label: '__unlabeled__' });
    expect(page.items).toHaveLength(4);
  });

  it('answers bad edits with errors that say what to do', async () => {
    await expect(call('clips:update', { ids: [1], patch: { label: 'swim' } })).rejects.toMatchObject({ code: 'bad_input', message: /no class "swim"/ });
    await expect(call('clips:update', { ids: [], patch: {} })).rejects.toMatchObject({ code: 'validation' });
    await expect(call('clips:trim', { mediaId: 1, start: 1, end: 0.5 })).rejects.toMatchObject({ message: /end mark must come after/ });
    await expect(call('classes:merge', { from: 1, into: 1 })).rejects.toMatchObject({ code: 'validation' });
    await expect(call('clips:history', { id: 999 })).resolves.toEqual([]);
  });
});
