import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFrames } from '../../../../src-main/media/decode.js';
import { readNpy, writeNpy } from '../../../../src-main/media/npy.js';
import { createFarneback } from '../../../../src-main/motion/flow/farneback.js';
import { meanAbsDiff } from '../../../../src-main/motion/flow/metrics.js';
import { removeTempDirs, tempDir } from '../../../helpers/coreFixtures.js';
import { VIDEO_FIXTURES } from '../../../helpers/fixtures.js';

// Optional: Debian's python3-opencv is the reference Farneback (same algorithm, native build).
// Tolerance: mean |ours - OpenCV| < 0.01 px per component over the whole field (measured: < 1e-4).
const PYTHON = '/usr/bin/python3';
const hasCv2 = spawnSync(PYTHON, ['-c', 'import cv2, numpy'], { stdio: 'ignore' }).status === 0;
const W = 160, H = 120, FRAMES = 8;

afterAll(removeTempDirs);

describe.skipIf(!hasCv2)('Farneback agrees with OpenCV-Python on real video', () => {
  for (const file of ['pool_cleaning_340x256.mp4', 'apply_eye_makeup_320x240_mpeg4.avi']) {
    it(file, async () => {
      const frames: Uint8Array[] = [];
      for await (const f of decodeFrames(join(VIDEO_FIXTURES, file), { width: W, height: H, pixFmt: 'gray' })) if (frames.push(f) >= FRAMES) break;
      const dir = tempDir();
      const all = new Uint8Array(FRAMES * W * H);
      frames.forEach((f, i) => all.set(f, i * W * H));
      writeNpy(join(dir, 'frames.npy'), { dtype: 'u1', shape: [FRAMES, H, W], data: all });
      const py = spawnSync(PYTHON, ['-c', `
import sys, cv2, numpy as np
f = np.load(sys.argv[1])
np.save(sys.argv[2], np.stack([cv2.calcOpticalFlowFarneback(f[i], f[i + 1], None, 0.5, 3, 5, 3, 5, 1.2, 0) for i in range(len(f) - 1)]).astype(np.float32))
`, join(dir, 'frames.npy'), join(dir, 'cv.npy')], { encoding: 'utf8' });
      expect(py.status, py.stderr).toBe(0);
      const cv = readNpy(join(dir, 'cv.npy')).data as Float32Array;
      const est = await createFarneback(W, H);
      let motion = 0;
      for (let i = 0; i < FRAMES - 1; i++) {
        const ours = est.compute(frames[i]!, frames[i + 1]!);
        const ref = cv.subarray(i * ours.length, (i + 1) * ours.length);
        expect(meanAbsDiff(ours, ref, W, H)).toBeLessThan(0.01);
        motion += ref.reduce((s, v) => s + Math.abs(v), 0) / ref.length;
      }
      est.dispose();
      expect(motion / (FRAMES - 1)).toBeGreaterThan(0.02); // the comparison is not between two zero fields
    });
  }
});
