import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromFloat16Bits, readNpy, readNpyHeader, toFloat16Bits, writeNpy } from '../../../src-main/media/npy';
import { removeTempDirs, tempDir } from '../../helpers/coreFixtures';

afterEach(() => removeTempDirs());

const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0);

describe('.npy files', () => {
  it('round-trips every dtype with its shape', () => {
    const dir = tempDir();
    const cases = [
      { dtype: 'u1', shape: [2, 3], data: Uint8Array.from([0, 1, 2, 253, 254, 255]) },
      { dtype: 'f4', shape: [3], data: Float32Array.from([1.5, -2.25, 1e-7]) },
      { dtype: 'i8', shape: [2, 1], data: BigInt64Array.from([-(2n ** 40n), 7n]) },
      { dtype: 'i2', shape: [1, 2, 2], data: Int16Array.from([-32768, 0, 5, 32767]) },
    ] as const;
    for (const c of cases) {
      const p = join(dir, `${c.dtype}.npy`);
      writeNpy(p, { dtype: c.dtype, shape: [...c.shape], data: c.data });
      const back = readNpy(p);
      expect(back.dtype).toBe(c.dtype);
      expect(back.shape).toEqual(c.shape);
      expect(Array.from(back.data as ArrayLike<number | bigint>)).toEqual(Array.from(c.data as ArrayLike<number | bigint>));
      expect(readNpyHeader(p).dataOffset % 64).toBe(0);
    }
  });

  it('converts float16 exactly where representable and rounds to nearest even', () => {
    for (const v of [0, 1, -2, 0.5, 65504, 2 ** -14, 2 ** -24, -0.099975586]) expect(fromFloat16Bits(toFloat16Bits(v))).toBeCloseTo(v, 6);
    expect(fromFloat16Bits(toFloat16Bits(1 + 2 ** -11))).toBe(1); // tie -> even
    expect(fromFloat16Bits(toFloat16Bits(1e6))).toBe(Infinity);
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN)))).toBe(true);
  });

  it('rejects files that are not .npy, naming the file', () => {
    const p = join(tempDir(), 'fake.npy');
    writeFileSync(p, 'hello world, not numpy');
    expect(() => readNpy(p)).toThrow(/fake\.npy is not a NumPy/);
    const q = join(tempDir(), 'short.npy');
    writeNpy(q, { dtype: 'f4', shape: [4], data: new Float32Array(4) });
    writeFileSync(q, readNpyRaw(q).subarray(0, 70));
    expect(() => readNpy(q)).toThrow(/short\.npy: truncated/);
  });

  it.skipIf(!python)('is read by numpy with the same values', () => {
    const p = join(tempDir(), 'flow.npy');
    const data = new Uint16Array(6).map((_, i) => toFloat16Bits(i * 0.5 - 1));
    writeNpy(p, { dtype: 'f2', shape: [1, 3, 2], data });
    const r = spawnSync(python!, ['-c', `import numpy as n; a = n.load(${JSON.stringify(p)}); print(a.dtype, a.shape, a.ravel().tolist())`], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('float16 (1, 3, 2) [-1.0, -0.5, 0.0, 0.5, 1.0, 1.5]');
  });
});

function readNpyRaw(p: string): Buffer {
  return readFileSync(p);
}
