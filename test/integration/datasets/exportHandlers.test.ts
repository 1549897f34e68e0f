import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../../../src-main/jobs/kinds.js';
import type { ClipPage } from '../../../src-main/ipc/contract.js';
import { clipsHandlers } from '../../../src-main/ipc/handlers/clipsHandlers.js';
import { exportHandlers } from '../../../src-main/ipc/handlers/exportHandlers.js';
import type { HandlerContext } from '../../../src-main/ipc/handlers/types.js';
import { Workbench } from '../../../src-main/workspace/workbench.js';
import { removeTempDirs, tempDir } from '../../helpers/coreFixtures.js';

let workbench: Workbench;
let ctx: HandlerContext;
let dir: string;

beforeEach(async () => {
  dir = tempDir('mwb-export-handlers-');
  workbench = new Workbench(join(dir, 'appdata'));
  await workbench.open(join(dir, 'ws'));
  ctx = { workbench, host: { mode: 'browser', modeReason: null } };
  const ws = workbench.workspace;
  for (let i = 0; i < 3; i++) ws.clips.upsert({ mediaId: ws.media.upsert(join(dir, `v${i}.mp4`)), name: `clip_${i}` });
});

afterEach(async () => {
  await workbench.dispose();
  removeTempDirs();
});

describe('export:start checks the request before queueing', () => {
  const start = (args: Parameters<(typeof exportHandlers)['export:start']>[0]): unknown => exportHandlers['export:start'](args, ctx);

  it('refuses a file as the output folder, a missing split, an unknown split or format, and a bad root', () => {
    const file = join(dir, 'file.txt');
    writeFileSync(file, 'x');
    expect(() => start({ format: 'csv', out: join(file, 'sub') })).toThrow(`${file} is a file, not a folder`);
    expect(() => start({ format: 'csv', out: file })).toThrow(`${file} is a file, not a folder`);
    expect(() => start({ format: 'mmaction2', out: join(dir, 'o') })).toThrow(/needs a split set/);
    expect(() => start({ format: 'ucf101', split: 'nope', out: join(dir, 'o') })).toThrow('No split set named "nope"');
    expect(() => start({ format: 'tfrecord', out: join(dir, 'o') })).toThrow(/Unknown export format "tfrecord"/);
    expect(() => start({ format: 'csv', out: join(dir, 'o'), root: file })).toThrow(/list root .* is not a folder/);
    expect(workbench.workspace.jobs.list()).toEqual([]);
  });

  it('queues a valid request as a dataset.export job', async () => {
    const { jobId } = await start({ format: 'csv', out: join(dir, 'new', 'folder') }) as { jobId: number };
    expect(workbench.workspace.jobs.get(jobId)!.kind).toBe('dataset.export');
    expect((await workbench.jobs.wait(jobId)).state).toBe('done');
    expect(readFileSync(join(dir, 'new', 'folder', 'manifest.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(4);
  });
});

describe('clips:list scrubKey', () => {
  it('names the sprite of the media whose strip exists, and only for probed media', async () => {
    const ws = workbench.workspace;
    const [a, b] = ws.media.list().map((m) => m.id);
    mkdirSync(join(ws.cacheDir, 'scrub'), { recursive: true });
    writeFileSync(join(ws.cacheDir, 'scrub', `${a}.jpg`), 'jpeg');
    writeFileSync(join(ws.cacheDir, 'scrub', `${b}.jpg`), 'jpeg');
    ws.media.setProbe(a!, { status: 'ok', duration: 1, fps: 25, frameCount: 25, width: 32, height: 32, codec: 'h264', rotation: 0, sizeBytes: 1, fingerprint: 'x' });
    const page = await clipsHandlers['clips:list']({ offset: 0, limit: 10 }, ctx) as ClipPage;
    expect(page.items.map((c) => [c.mediaId, c.scrubKey])).toEqual([[a, `scrub/${a}`], [b, null], [page.items[2]!.mediaId, null]]);
  });
});
