import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch } from '../../../src-main/ipc/handlers/index';
import { Workbench } from '../../../src-main/workspace/workbench';

// `training:backend` through the shared dispatcher, as Electron IPC and the browser bridge call it.
// tfjs-node cannot install here (no network for libtensorflow), so the ladder lands on wasm.
describe('training:backend channel', () => {
  let dir: string;
  let workbench: Workbench;
  let ctx: Parameters<typeof dispatch>[2];
  const saved = process.env.MWB_TRAINING_BACKEND;

  beforeAll(() => {
    delete process.env.MWB_TRAINING_BACKEND;
    dir = mkdtempSync(join(tmpdir(), 'mwb-backend-'));
    workbench = new Workbench(dir);
    ctx = { workbench, host: { mode: 'browser', modeReason: null } };
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.MWB_TRAINING_BACKEND;
    else process.env.MWB_TRAINING_BACKEND = saved;
  });
  afterAll(async () => {
    await workbench.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the wasm rung with every rung, why the native ones are missing and how to get them', async () => {
    const res = await dispatch('training:backend', undefined, ctx);
    if (!res.ok) throw new Error(res.error.message);
    const info = res.result;
    expect(info).toMatchObject({
      rung: 'wasm', native: false, threads: 1, forced: null,
      device: expect.stringMatching(/WebAssembly/),
      label: expect.stringMatching(/^WebAssembly \((SIMD, )?1 thread\)$/),
      versions: { '@tensorflow/tfjs-backend-wasm': expect.any(String), '@tensorflow/tfjs': expect.any(String) },
      fallbackReason: expect.stringMatching(/tfjs-node-gpu: .*; tfjs-node: /),
      slowdown: expect.stringMatching(/slower/),
      banner: expect.stringMatching(/^Training on wasm \(CPU, WebAssembly.*Faster: tfjs-node-gpu/),
    });
    expect(info.howToGetFaster).toHaveLength(2);
    expect(info.howToGetFaster.join(' ')).toMatch(/CUDA 11\.2 and cuDNN 8\.1/);
    expect(info.rungs.map((r) => [r.id, r.status])).toEqual([
      ['tfjs-node-gpu', 'missing'], ['tfjs-node', 'missing'], ['wasm', 'in-use'], ['cpu', 'not-checked'],
    ]);
    expect(info.rungs[0]).toMatchObject({ native: true, detail: 'not installed', speed: expect.stringMatching(/GPU/) });
    expect(info.rungs[2]!.detail).toBeNull();
    expect(info.rungs[3]!.detail).toMatch(/wasm rung loaded/);
    for (const r of info.rungs) expect(r.speed.length).toBeGreaterThan(10);
  });

  it('checks once per process: a second call returns the cached answer', async () => {
    const first = await dispatch('training:backend', undefined, ctx);
    const second = await dispatch('training:backend', null, ctx);
    expect(second).toEqual(first); // checkMs included: a second check would have measured its own time
  });

  it('never loads tfjs in the calling process (the ladder climbs in a worker thread, so the event loop never blocks)', async () => {
    process.env.MWB_TRAINING_BACKEND = 'wasm'; // another cache key: a fresh check
    expect((globalThis as { _tfengine?: unknown })._tfengine).toBeUndefined();
    const res = await dispatch('training:backend', undefined, ctx);
    expect(res).toMatchObject({ ok: true, result: { rung: 'wasm', forced: 'wasm' } });
    // tfjs-core registers its engine on the global object when it loads: it never did here
    expect((globalThis as { _tfengine?: unknown })._tfengine).toBeUndefined();
  });

  it('MWB_TRAINING_BACKEND=cpu forces the cpu rung and says the faster ones were not tried', async () => {
    process.env.MWB_TRAINING_BACKEND = 'cpu';
    const res = await dispatch('training:backend', undefined, ctx);
    if (!res.ok) throw new Error(res.error.message);
    expect(res.result).toMatchObject({ rung: 'cpu', forced: 'cpu', label: 'Plain JavaScript (1 thread)', fallbackReason: null, slowdown: expect.stringMatching(/1000x/) });
    expect(res.result.howToGetFaster).toHaveLength(3);
    expect(res.result.rungs.map((r) => r.status)).toEqual(['not-checked', 'not-checked', 'not-checked', 'in-use']);
    expect(res.result.rungs[0]!.detail).toMatch(/MWB_TRAINING_BACKEND=cpu/);
  });

  it('rejects an unknown forced rung and any payload', async () => {
    process.env.MWB_TRAINING_BACKEND = 'quantum';
    const bad = await dispatch('training:backend', undefined, ctx);
    expect(bad).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Unknown backend rung "quantum"/) } });
    const payload = await dispatch('training:backend', { rung: 'cpu' }, ctx);
    expect(payload).toMatchObject({ ok: false, error: { code: 'validation' } });
  });
});
