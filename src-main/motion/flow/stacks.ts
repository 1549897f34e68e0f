/**
 * Flow inputs of the published two-stream models, built from a clip's flow sequence (N x H x W x 2,
 * u right / v down, pixels per frame, as computed and cached):
 * - S004 (Simonyan & Zisserman): L consecutive flows as one H x W x 2L image, channels
 *   (u_t, v_t, u_t+1, v_t+1, ...), L = 10.
 * - S001: K evenly spaced flows as a K x H x W x 2 volume for a 3D CNN, K = 16.
 * Horizontal flipping (augmentation) mirrors columns and negates every u channel.
 */

/** A clip's flows: `count` fields of height x width x 2, back to back. */
export interface FlowSequence {
  data: Float32Array;
  count: number;
  width: number;
  height: number;
}

/** Checks that a sequence's data length matches its declared shape. */
function checkSequence(seq: FlowSequence): void {
  if (seq.data.length !== seq.count * seq.height * seq.width * 2) {
    throw new Error(`flow sequence: ${seq.count}x${seq.height}x${seq.width}x2 needs ${seq.count * seq.height * seq.width * 2} values, got ${seq.data.length}`);
  }
  if (seq.count < 1) throw new Error('flow sequence is empty: the clip needs at least two frames');
}

/**
 * S004's temporal-stream input: flows start..start+L-1 stacked on the channel axis, Float32Array
 * H x W x 2L. Indices past the end repeat the last flow (short clips), so any start in range works.
 */
export function stackChannels(seq: FlowSequence, start: number, length = 10): Float32Array {
  checkSequence(seq);
  if (!Number.isInteger(start) || start < 0 || start >= seq.count) throw new Error(`stackChannels: start ${start} is outside 0..${seq.count - 1}`);
  const px = seq.width * seq.height, c = 2 * length;
  const out = new Float32Array(px * c);
  for (let l = 0; l < length; l++) {
    const src = Math.min(start + l, seq.count - 1) * px * 2;
    for (let p = 0; p < px; p++) {
      out[p * c + 2 * l] = seq.data[src + 2 * p]!;
      out[p * c + 2 * l + 1] = seq.data[src + 2 * p + 1]!;
    }
  }
  return out;
}

/** K indices spread evenly over 0..n-1 (first and last included; repeats when n < K). */
export function evenlySpaced(n: number, k: number): number[] {
  if (n < 1 || k < 1) throw new Error(`evenlySpaced: need n >= 1 and k >= 1, got n=${n}, k=${k}`);
  if (k === 1) return [Math.floor((n - 1) / 2)];
  return Array.from({ length: k }, (_, i) => Math.round((i * (n - 1)) / (k - 1)));
}

/** S001's flow volume: K evenly spaced flows, Float32Array K x H x W x 2 (K = 16). */
export function evenlySpacedVolume(seq: FlowSequence, k = 16): Float32Array {
  checkSequence(seq);
  const field = seq.width * seq.height * 2;
  const out = new Float32Array(k * field);
  evenlySpaced(seq.count, k).forEach((idx, i) => out.set(seq.data.subarray(idx * field, (idx + 1) * field), i * field));
  return out;
}

/**
 * Mirrors flow images left-right: `data` is any number of H x W x C images with C even and
 * channels (u, v, u, v, ...); columns are reversed and every u negated (motion to the right
 * becomes motion to the left), so a flipped clip's flow equals the flow of the flipped clip.
 */
export function flipHorizontal(data: Float32Array, width: number, height: number, channels = 2): Float32Array {
  if (channels % 2 !== 0) throw new Error(`flipHorizontal: flow images have an even channel count (u, v pairs), got ${channels}`);
  const img = width * height * channels;
  if (data.length % img !== 0) throw new Error(`flipHorizontal: ${data.length} values are not whole ${height}x${width}x${channels} images`);
  const out = new Float32Array(data.length);
  for (let base = 0; base < data.length; base += img) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const src = base + (y * width + x) * channels, dst = base + (y * width + (width - 1 - x)) * channels;
        for (let c = 0; c < channels; c += 2) {
          out[dst + c] = 0 - data[src + c]!; // 0 - x, not -x: no negative zeros
          out[dst + c + 1] = data[src + c + 1]!;
        }
      }
    }
  }
  return out;
}
