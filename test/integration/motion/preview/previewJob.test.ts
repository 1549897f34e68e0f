import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../../../src-main/jobs/kinds.js';
import { motionHandlers } from '../../../../src-main/ipc/handlers/motionHandlers.js';
import type { MotionManifest } from '../../../../src-main/ipc/contract.js';
import { JobRunner } from '../../../../src-main/jobs/runner.js';
import { flowToRgb } from '../../../../src-main/motion/flow/visualise.js';
import { dvsWindowKey } from '../../../../src-main/motion/preview/dvsWindow.js';
import { arrowGrid, readFlowField } from '../../../../src-main/motion/preview/flowSummary.js';
import { previewDir } from '../../../../src-main/motion/preview/previewStore.js';
import { resolveFileKey } from '../../../../src-main/workspace/files.js';
import { Workspace } from '../../../../src-main/workspace/workspace.js';
import { removeTempDirs, tempDir } from '../../../helpers/coreFixtures.js';
import { ffmpegChildren } from '../../media/mediaTestUtils.js';

/** Decodes the unfiltered 8-bit RGB PNGs `encodePng` writes (enough for our own pictures). */
function decodePng(buf: Buffer): { width: number; height: number; rgb: Uint8Array } {
  let at = 8, width = 0, height = 0;
  const idat: Buffer[] = [];
  while (at < buf.length) {
    const len = buf.readUInt32BE(at), type = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') { width = data.readUInt32BE(0); height = data.readUInt32BE(4); }
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 3 + 1)]).toBe(0); // filter type none
    rgb.set(raw.subarray(y * (width * 3 + 1) + 1, (y + 1) * (width * 3 + 1)), y * width * 3);
  }
  return { width, height, rgb };
}

/** Colour direction of a flow picture pixel: (255 - c) normalised (saturation drops out). */
function chroma(r: number, g: number, b: number): number[] {
  const v = [255 - r, 255 - g, 255 - b];
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

let ws: Workspace;
let runner: JobRunner;
let clipId: number;
let manifest: MotionManifest;

beforeAll(async () => {
  const root = tempDir('mwb-preview-');
  ws = Workspace.open(join(root, 'ws'));
  runner = new JobRunner(ws, { jobChanged: () => undefined, clipsChanged: () => undefined });
  runner.enqueue('demo.generate', { mediaDir: join(root, 'media'), clipsPerClass: 1, size: 48, seconds: 1, fps: 25 });
  await runner.idle();
  clipId = ws.clips.page({ offset: 0, limit: 10, label: 'move_right' }).items[0]!.id;
}, 60_000);

afterAll(async () => {
  await runner.dispose();
  ws.close();
  removeTempDirs();
  expect(ffmpegChildren()).toEqual([]);
});

describe('motion.preview job', () => {
  it('queues one job per clip through motion:preview, then serves the cached manifest', async () => {
    const ctx = { workbench: { workspace: ws, jobs: runner }, host: { mode: 'browser' as const, modeReason: null } } as never;
    const first = await motionHandlers['motion:preview']({ clipId }, ctx);
    const again = await motionHandlers['motion:preview']({ clipId }, ctx);
    expect(first.manifest).toBeNull();
    expect(again.jobId).toBe(first.jobId);
    const info = await runner.wait(first.jobId!);
    expect(info).toMatchObject({ state: 'done', error: null });
    const done = await motionHandlers['motion:preview']({ clipId }, ctx);
    expect(done.jobId).toBeNull();
    manifest = done.manifest!;
    expect(manifest).toMatchObject({ clipId, frames: 25, fps: 25, width: 48, height: 48, truncated: false });
    expect(manifest.flow.pairs).toBe(24);
    expect(manifest.flow.histograms).toHaveLength(24);
    expect(manifest.flow.histograms[0]!.reduce((a, b) => a + b, 0)).toBe(48 * 48);
    expect(manifest.dvs.perFrame).toHaveLength(24);
    expect(manifest.dvs.events).toBeGreaterThan(100);
    expect(manifest.dvs.durationUs).toBe(960_000);
  }, 60_000);

  it('writes pictures reachable only as preview file keys', () => {
    for (const key of [`preview/${clipId}/rgb/0`, `preview/${clipId}/rgb/24`, `preview/${clipId}/flow/23`, `preview/${clipId}/legend`]) {
      expect(resolveFileKey(ws, key), key).toMatchObject({ contentType: 'image/png' });
    }
    expect(resolveFileKey(ws, `preview/${clipId}/flow/24`)).toBeNull(); // 24 frames -> 23 is the last pair
    expect(resolveFileKey(ws, `preview/${clipId}/../../workspace.sqlite`)).toBeNull();
    expect(resolveFileKey(ws, `preview/${clipId}/manifest`)).toBeNull();
    expect(existsSync(join(previewDir(ws, clipId), 'events.npy'))).toBe(true);
  });

  it('colours move_right flow with the hue of rightward motion, and its arrows point right', () => {
    const pic = decodePng(readFileSync(resolveFileKey(ws, `preview/${clipId}/flow/12`)!.path));
    expect([pic.width, pic.height]).toEqual([48, 48]);
    const ref = (u: number, v: number): number[] => { const c = flowToRgb(new Float32Array([u, v]), 1, 1, 1); return chroma(c[0]!, c[1]!, c[2]!); };
    const dirs = { right: ref(1, 0), left: ref(-1, 0), up: ref(0, -1), down: ref(0, 1) };
    const votes: Record<string, number> = { right: 0, left: 0, up: 0, down: 0 };
    for (let i = 0; i < 48 * 48; i++) {
      const [r, g, b] = [pic.rgb[3 * i]!, pic.rgb[3 * i + 1]!, pic.rgb[3 * i + 2]!];
      if (Math.max(r, g, b) - Math.min(r, g, b) < 60) continue; // near white: little motion
      const c = chroma(r, g, b);
      const best = Object.entries(dirs).sort(([, a], [, b2]) => c.reduce((s, x, j) => s + x * b2[j]!, 0) - c.reduce((s, x, j) => s + x * a[j]!, 0))[0]![0];
      votes[best]!++;
    }
    expect(votes.right).toBeGreaterThan(50);
    expect(votes.right).toBeGreaterThan(3 * Math.max(votes.left!, votes.up!, votes.down!));

    const { flow, width, height } = readFlowField(join(previewDir(ws, clipId), 'flow.npy'), 12);
    const arrows = arrowGrid(flow, width, height, 12, 8);
    expect(arrows).toMatchObject({ cols: 8, rows: 8, cell: 6 });
    let su = 0, sv = 0;
    for (let i = 0; i < arrows.vectors.length; i += 2) { su += arrows.vectors[i]!; sv += arrows.vectors[i + 1]!; }
    expect(su).toBeGreaterThan(0.5);
    expect(su).toBeGreaterThan(3 * Math.abs(sv));
  });

  it('renders DVS windows with events, in polarity, binary and 3-frame-stack modes', () => {
    const mid = manifest.dvs.durationUs / 2;
    const pol = dvsWindowKey(ws, clipId, { t0Us: mid - 40_000, t1Us: mid, mode: 'polarity', on: '#ffffff', off: '#3b82f6' });
    expect(pol.key).toBe(`preview/${clipId}/dvs/${mid - 40_000}_${mid}_polarity_ffffff_3b82f6`);
    expect(pol.events).toBeGreaterThan(10);
    const img = decodePng(readFileSync(resolveFileKey(ws, pol.key)!.path));
    let lit = 0;
    for (let i = 0; i < img.rgb.length; i += 3) if (img.rgb[i] === 255 || img.rgb[i + 2] === 246) lit++;
    expect(lit).toBeGreaterThan(10);
    const stack = dvsWindowKey(ws, clipId, { t0Us: mid - 120_000, t1Us: mid, mode: 'stack3' });
    const s3 = decodePng(readFileSync(resolveFileKey(ws, stack.key)!.path));
    const channels = [0, 1, 2].map((c) => { let n = 0; for (let i = c; i < s3.rgb.length; i += 3) if (s3.rgb[i] === 255) n++; return n; });
    expect(channels.every((n) => n > 0)).toBe(true); // every third of the window has events
    const none = dvsWindowKey(ws, clipId, { t0Us: 0, t1Us: 1, mode: 'binary' });
    expect(none.events).toBe(0);
    expect(() => dvsWindowKey(ws, clipId + 1000, { t0Us: 0, t1Us: 10, mode: 'binary' })).toThrow(/no motion preview yet/);
  });
});
