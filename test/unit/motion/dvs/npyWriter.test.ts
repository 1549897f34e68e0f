import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readNpy } from '../../../../src-main/media/npy.js';
import { writeEventsNpy } from '../../../../src-main/motion/dvs/index.js';
import { removeTempDirs, tempDir } from '../../../helpers/coreFixtures.js';
import { eventsOf, randomEvents, type Events } from './synth.js';

afterEach(removeTempDirs);

async function* batchesOf(ev: Events, size: number) {
  for (let i = 0; i < ev.length; i += size) {
    const n = Math.min(size, ev.length - i);
    yield { t: ev.t.slice(i, i + n), x: ev.x.slice(i, i + n), y: ev.y.slice(i, i + n), p: ev.p.slice(i, i + n), length: n };
  }
}

const numpy = (() => {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('events -> .npy', () => {
  it('writes an N x 4 int64 array [t, x, y, p] across batches, with Unix-µs timestamps exact', async () => {
    const ev = randomEvents(1000, 640, 480, 2, 1_605_537_493_718_345);
    const path = join(tempDir('mwb-npy-'), 'e.npy');
    expect(await writeEventsNpy(path, batchesOf(ev, 300))).toBe(1000);
    const arr = readNpy(path);
    expect([arr.dtype, arr.shape]).toEqual(['i8', [1000, 4]]);
    const d = arr.data as BigInt64Array;
    for (const i of [0, 299, 300, 999]) {
      expect([d[i * 4], d[i * 4 + 1], d[i * 4 + 2], d[i * 4 + 3]]).toEqual([BigInt(ev.t[i]!), BigInt(ev.x[i]!), BigInt(ev.y[i]!), BigInt(ev.p[i]!)]);
    }
  });

  it('writes an empty recording as shape (0, 4)', async () => {
    const path = join(tempDir('mwb-npy-'), 'empty.npy');
    expect(await writeEventsNpy(path, batchesOf(eventsOf([]), 10))).toBe(0);
    expect(readNpy(path).shape).toEqual([0, 4]);
  });

  it.skipIf(!numpy)('is readable by numpy.load', async () => {
    const ev = eventsOf([[1_700_000_000_000_001, 3, 4, 1], [1_700_000_000_000_002, 639, 479, 0]]);
    const path = join(tempDir('mwb-npy-'), 'np.npy');
    await writeEventsNpy(path, batchesOf(ev, 1));
    const out = execFileSync('python3', ['-c', `import numpy as np; a = np.load(${JSON.stringify(path)}); print(a.dtype, a.shape, a.tolist())`]).toString().trim();
    expect(out).toBe('int64 (2, 4) [[1700000000000001, 3, 4, 1], [1700000000000002, 639, 479, 0]]');
  });
});
