import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLASSES, MOTION_RANGE } from '../../../src-main/media/demo/classes.js';
import { mulberry32, renderClip } from '../../../src-main/media/demo/render.js';
import { anovaF, classifyMotion, frameFeatures, motionFeature, nearestMeanAccuracy, toGray } from './motionFeatures.js';

/**
 * The demo dataset's promise: a single frame says nothing about the class, motion says everything.
 * 16 clips per class (128 clips, 32x32, 25 frames) rendered in-process with a fixed seed.
 */
const SIZE = 32, FRAMES = 25, PER_CLASS = 16, SEED = 7;
const N = FRAMES - 1;
const SCALE = { translate: (MOTION_RANGE.translate * SIZE) / N, curl: (2 * MOTION_RANGE.rotate) / N, div: (2 * MOTION_RANGE.zoom) / N };

const labels: string[] = [];
const clips: Float32Array[] = [];

beforeAll(() => {
  DEMO_CLASSES.forEach((cls, classIndex) => {
    for (let clipIndex = 0; clipIndex < PER_CLASS; clipIndex++) {
      labels.push(cls.name);
      clips.push(toGray(renderClip({ size: SIZE, frames: FRAMES, seed: SEED, classIndex, clipIndex })));
    }
  });
});

describe('demo dataset: motion-only classes', () => {
  it('single frames at a random time carry no class information', () => {
    const pick = mulberry32(99);
    const feats = clips.map((g) => frameFeatures(g, SIZE, Math.floor(pick() * FRAMES)));
    // One-way ANOVA per feature (mean, contrast, |d/dx|, |d/dy|, patch centroid x, y): under "no
    // class effect" F ~ F(7, 120), whose 99.9th percentile is about 3.8.
    for (let d = 0; d < feats[0]!.length; d++) {
      expect(anovaF(feats.map((f) => f[d]!), labels), `feature ${d}`).toBeLessThan(3.8);
    }
    // A nearest-class-mean classifier on those features is at chance (1/8 = 0.125).
    expect(nearestMeanAccuracy(feats, labels)).toBeLessThan(0.25);
  });

  it('the same features do see a real appearance difference (positive control)', () => {
    // In the FIRST frame a move_left patch sits right of centre and a move_right patch left of it.
    const pair = labels.map((l, i) => [l, i] as const).filter(([l]) => l === 'move_left' || l === 'move_right');
    const feats = pair.map(([, i]) => frameFeatures(clips[i]!, SIZE, 0));
    const groups = pair.map(([l]) => l);
    expect(anovaF(feats.map((f) => f[4]!), groups)).toBeGreaterThan(20); // centroid x
  });

  it('a simple global-motion feature separates every class', () => {
    const motion = clips.map((g) => motionFeature(g, SIZE, FRAMES));
    const predicted = motion.map((m) => classifyMotion(m, SCALE));
    const wrong = predicted.map((p, i) => (p === labels[i] ? null : `${labels[i]} -> ${p}`)).filter(Boolean);
    expect(wrong).toEqual([]);
    // Translation classes by the sign of the dominant shift alone.
    motion.forEach((m, i) => {
      const want = { move_left: [-1, 0], move_right: [1, 0], move_up: [0, -1], move_down: [0, 1] }[labels[i]!];
      if (!want) return;
      const horizontal = Math.abs(m.vx) > Math.abs(m.vy);
      expect(horizontal ? [Math.sign(m.vx), 0] : [0, Math.sign(m.vy)]).toEqual(want);
    });
    for (const key of ['vx', 'vy', 'curl', 'div'] as const) {
      expect(anovaF(motion.map((m) => m[key]), labels), key).toBeGreaterThan(100);
    }
  });
});
