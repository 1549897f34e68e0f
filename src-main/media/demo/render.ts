import { DEMO_CLASSES, MOTION_RANGE, type DemoMotion } from './classes.js';
import { mulberry32 } from '../sampling/rng.js';

export { mulberry32 };

/** What to render: one clip of one class; the same spec always gives the same bytes. */
export interface ClipSpec {
  /** Frame width and height, pixels. */
  size: number;
  frames: number;
  seed: number;
  classIndex: number;
  /** 0-based index of the clip within its class. */
  clipIndex: number;
}

/** Where the patch is in one frame: centre (px), angle (rad, clockwise on screen), half side (px). */
export interface PatchPose {
  cx: number;
  cy: number;
  angle: number;
  half: number;
}

/** Side of the square patch texture, texels. */
const TEX = 32;

/** A 32-bit seed for one clip, so each clip is reproducible whatever order clips are made in. */
export function clipSeed(seed: number, classIndex: number, clipIndex: number): number {
  let h = 0x9e3779b9 ^ seed;
  for (const v of [classIndex, clipIndex]) {
    h = Math.imul(h ^ (v + 0x7f4a7c15), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}


/**
 * Renders one clip: a textured square patch moving over a static textured background.
 * Returns rgb24 frames, `Uint8Array` of frames x size x size x 3 (row-major, interleaved RGB).
 * The patch is sampled bilinearly with an anti-aliased edge, so sub-pixel motion is smooth.
 */
export function renderClip(spec: ClipSpec): Uint8Array {
  const { size, frames } = spec;
  const cls = DEMO_CLASSES[spec.classIndex];
  if (!cls) throw new Error(`No demo class with index ${spec.classIndex}`);
  const rnd = mulberry32(clipSeed(spec.seed, spec.classIndex, spec.clipIndex));
  const bg = background(rnd, size);
  const tex = patchTexture(rnd);
  const poses = clipPoses(cls.motion, rnd, size, frames);
  const out = new Uint8Array(frames * size * size * 3);
  for (let f = 0; f < frames; f++) drawFrame(out.subarray(f * size * size * 3, (f + 1) * size * size * 3), bg, tex, poses[f]!, size);
  return out;
}

/**
 * The patch pose in every frame. Each of the four pose offsets (x, y, angle, log-scale) is uniform
 * over the same range for every class: the class's own motion sweeps it through that range over
 * the clip; the others are a random constant drawn from the same range. So the pose in a random
 * frame is distributed identically for all classes and only its change over time tells them apart.
 */
export function clipPoses(motion: DemoMotion, rnd: () => number, size: number, frames: number): PatchPose[] {
  const cx0 = size * (0.5 + (rnd() - 0.5) * 0.16);
  const cy0 = size * (0.5 + (rnd() - 0.5) * 0.16);
  const angle0 = rnd() * 2 * Math.PI;
  const logScale0 = Math.log(0.85) + rnd() * Math.log(1.15 / 0.85);
  const amp = 0.85 + 0.3 * rnd();
  const fixed = { x: rnd() - 0.5, y: rnd() - 0.5, a: rnd() - 0.5, z: rnd() - 0.5 };
  const poses: PatchPose[] = [];
  for (let f = 0; f < frames; f++) {
    const s = frames > 1 ? f / (frames - 1) - 0.5 : 0; // -0.5 .. 0.5 over the clip
    const o = { ...fixed };
    if (motion.kind === 'translate') {
      if (motion.dx) o.x = motion.dx * s;
      if (motion.dy) o.y = motion.dy * s;
    } else if (motion.kind === 'rotate') o.a = motion.dir * s;
    else o.z = motion.dir * s;
    poses.push({
      cx: cx0 + o.x * MOTION_RANGE.translate * size * amp,
      cy: cy0 + o.y * MOTION_RANGE.translate * size * amp,
      angle: angle0 + o.a * MOTION_RANGE.rotate * amp,
      half: 0.2 * size * Math.exp(logScale0 + o.z * MOTION_RANGE.zoom * amp),
    });
  }
  return poses;
}

/** Smooth value noise in [0, 1]: a random (cells+1)^2 grid, smoothstep-interpolated to w x w. */
function valueNoise(rnd: () => number, w: number, cells: number): Float32Array {
  const g = cells + 1;
  const grid = Float32Array.from({ length: g * g }, () => rnd());
  const out = new Float32Array(w * w);
  for (let y = 0; y < w; y++) {
    const gy = (y / w) * cells, y0 = Math.floor(gy), ty = smooth(gy - y0);
    for (let x = 0; x < w; x++) {
      const gx = (x / w) * cells, x0 = Math.floor(gx), tx = smooth(gx - x0);
      const a = grid[y0 * g + x0]!, b = grid[y0 * g + x0 + 1]!;
      const c = grid[(y0 + 1) * g + x0]!, d = grid[(y0 + 1) * g + x0 + 1]!;
      out[y * w + x] = (a + (b - a) * tx) * (1 - ty) + (c + (d - c) * tx) * ty;
    }
  }
  return out;
}

/** Blotchy background, lower contrast than the patch,, Float32Array size x size x 3 in 0..255. */
function background(rnd: () => number, size: number): Float32Array {
  const base = [0, 0, 0].map(() => 60 + rnd() * 135);
  const other = base.map((v) => v + (rnd() - 0.5) * 110);
  const n1 = valueNoise(rnd, size, 4);
  const n2 = valueNoise(rnd, size, 12);
  const out = new Float32Array(size * size * 3);
  for (let i = 0; i < size * size; i++) {
    const n = 0.6 * n1[i]! + 0.4 * n2[i]!;
    for (let c = 0; c < 3; c++) out[i * 3 + c] = base[c]! + (other[c]! - base[c]!) * n;
  }
  return out;
}

/** High-contrast patch texture (stripes + blobs in two opposed colours), TEX x TEX x 3, 0..255. */
function patchTexture(rnd: () => number): Float32Array {
  const a = [0, 0, 0].map(() => rnd() * 255);
  const b = a.map((v) => Math.min(255, Math.max(0, 255 - v + (rnd() - 0.5) * 60)));
  const phi = rnd() * Math.PI, cycles = 1.5 + rnd() * 1.5, phase = rnd() * 2 * Math.PI;
  const blobs = valueNoise(rnd, TEX, 4);
  const out = new Float32Array(TEX * TEX * 3);
  for (let y = 0; y < TEX; y++) {
    for (let x = 0; x < TEX; x++) {
      const u = x / TEX, v = y / TEX;
      const stripe = 0.5 + 0.5 * Math.sin(2 * Math.PI * cycles * (u * Math.cos(phi) + v * Math.sin(phi)) + phase);
      const t = Math.min(1, Math.max(0, 0.6 * stripe + 0.4 * blobs[y * TEX + x]!));
      for (let c = 0; c < 3; c++) out[(y * TEX + x) * 3 + c] = a[c]! + (b[c]! - a[c]!) * t;
    }
  }
  return out;
}

/** Composites the patch at `pose` over the background into one rgb24 frame (size x size x 3). */
function drawFrame(frame: Uint8Array, bg: Float32Array, tex: Float32Array, pose: PatchPose, size: number): void {
  for (let i = 0; i < frame.length; i++) frame[i] = Math.round(bg[i]!);
  const cos = Math.cos(pose.angle), sin = Math.sin(pose.angle), S = pose.half;
  const r = S * Math.SQRT2 + 2;
  const x0 = Math.max(0, Math.floor(pose.cx - r)), x1 = Math.min(size - 1, Math.ceil(pose.cx + r));
  const y0 = Math.max(0, Math.floor(pose.cy - r)), y1 = Math.min(size - 1, Math.ceil(pose.cy + r));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - pose.cx, dy = y + 0.5 - pose.cy;
      const u = (cos * dx + sin * dy) / S, v = (-sin * dx + cos * dy) / S; // patch coords, -1..1 inside
      const alpha = Math.min(1, Math.max(0, (1 - Math.max(Math.abs(u), Math.abs(v))) * S + 0.5));
      if (alpha <= 0) continue;
      // Bilinear sample of the texture at texel coordinates, clamped at the border.
      const tx = Math.min(TEX - 1, Math.max(0, (u + 1) * 0.5 * TEX - 0.5));
      const ty = Math.min(TEX - 1, Math.max(0, (v + 1) * 0.5 * TEX - 0.5));
      const xa = Math.min(TEX - 2, Math.floor(tx)), ya = Math.min(TEX - 2, Math.floor(ty));
      const fx = tx - xa, fy = ty - ya;
      const t00 = (ya * TEX + xa) * 3, t01 = t00 + 3, t10 = t00 + TEX * 3, t11 = t10 + 3;
      const i = (y * size + x) * 3;
      for (let c = 0; c < 3; c++) {
        const top = tex[t00 + c]! + (tex[t01 + c]! - tex[t00 + c]!) * fx;
        const bot = tex[t10 + c]! + (tex[t11 + c]! - tex[t10 + c]!) * fx;
        const px = top + (bot - top) * fy;
        frame[i + c] = Math.round(bg[i + c]! * (1 - alpha) + px * alpha);
      }
    }
  }
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}
