import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { backendBanner, backendRecord, forcedRung, selectBackend } from '../../../src-main/training/backends/ladder.js';
import { RUNG_IDS } from '../../../src-main/training/backends/rungIds.js';
import { RUNGS } from '../../../src-main/training/backends/rungs.js';

/** True where a native rung's package is installed (not on this project's machines or CI). */
function installed(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}
const nativeInstalled = installed('@tensorflow/tfjs-node') || installed('@tensorflow/tfjs-node-gpu');

describe('training backend ladder', () => {
  it('orders the rungs fastest first', () => {
    expect(RUNGS.map((r) => r.id)).toEqual(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']);
    expect(RUNG_IDS).toEqual(RUNGS.map((r) => r.id)); // the tfjs-free list the CLI's help names
    expect(RUNGS[0]!.howToGet).toMatch(/CUDA 11\.2.*cuDNN 8\.1/);
  });

  it.skipIf(nativeInstalled)('falls back past the native rungs where they are not installed, saying why and how to get them', async () => {
    const c = await selectBackend();
    // This project's machines cannot install libtensorflow: the ladder must land on wasm.
    expect(c.rung).toBe('wasm');
    expect(c.device).toMatch(/WebAssembly SIMD, 1 thread/);
    expect(c.threads).toBe(1);
    expect(c.versions['@tensorflow/tfjs-backend-wasm']).toMatch(/^4\./);
    expect(c.skipped.map((s) => s.rung)).toEqual(['tfjs-node-gpu', 'tfjs-node']);
    expect(c.fallbackReason).toMatch(/tfjs-node: not installed/);
    expect(c.howToGetFaster).toHaveLength(2);
    expect(backendBanner(c)).toMatch(/^Training on wasm \(CPU, WebAssembly SIMD, 1 thread\)\./);
    expect(backendRecord(c)).toEqual({ rung: 'wasm', device: c.device, threads: 1, versions: c.versions });
  });

  it.skipIf(nativeInstalled)('a forced rung that cannot load fails with its reason', async () => {
    await expect(selectBackend({ force: 'tfjs-node' })).rejects.toThrow(/tfjs-node: not installed/);
    const cpu = await selectBackend({ force: 'cpu' });
    expect(cpu.rung).toBe('cpu');
    expect(cpu.howToGetFaster.map((h) => h.split(':')[0])).toEqual(['tfjs-node-gpu', 'tfjs-node', 'wasm']);
  });

  it('reads MWB_TRAINING_BACKEND and rejects unknown names', () => {
    expect(forcedRung({ MWB_TRAINING_BACKEND: 'wasm' })).toBe('wasm');
    expect(forcedRung({})).toBeUndefined();
    expect(() => forcedRung({ MWB_TRAINING_BACKEND: 'tpu' })).toThrow(/Unknown backend rung "tpu"/);
  });
});
