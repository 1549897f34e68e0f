import { loadOpenCv, type CvMat, type OpenCv } from './opencv.js';
import { farnebackParamsSchema, type FarnebackParams } from './params.js';
import { checkFrame, registerFlowMethod, type FlowEstimator, type GreyFrame } from './registry.js';

/**
 * Farneback dense flow through opencv.js (OpenCV's tested `calcOpticalFlowFarneback` in WASM).
 * Input: two grey frames H x W (uint8 or float, 0..255). Output: Float32Array H x W x 2 (u, v),
 * pixels per frame. The estimator owns three Mats (prev, next, flow) reused for every pair, so a
 * clip costs no allocation per frame; `dispose()` frees them.
 */
export class FarnebackEstimator implements FlowEstimator {
  private mats: { u8: [CvMat, CvMat] | null; f32: [CvMat, CvMat] | null; flow: CvMat };
  private disposed = false;

  constructor(private readonly cv: OpenCv, readonly width: number, readonly height: number, private readonly params: FarnebackParams) {
    this.mats = { u8: null, f32: null, flow: new cv.Mat(height, width, cv.CV_32FC2) };
  }

  /** Flow from `prev` to `next`: Float32Array H x W x 2, pixels per frame. */
  compute(prev: GreyFrame, next: GreyFrame): Float32Array {
    if (this.disposed) throw new Error('Farneback estimator used after dispose()');
    checkFrame(prev, this.width, this.height, 'Farneback prev');
    checkFrame(next, this.width, this.height, 'Farneback next');
    const [a, b] = this.inputs(prev instanceof Float32Array || next instanceof Float32Array);
    this.fill(a, prev);
    this.fill(b, next);
    const p = this.params;
    const flags = p.gaussianWindow ? this.cv.OPTFLOW_FARNEBACK_GAUSSIAN : 0;
    this.cv.calcOpticalFlowFarneback(a, b, this.mats.flow, p.pyrScale, p.levels, p.winsize, p.iterations, p.polyN, p.polySigma, flags);
    return this.mats.flow.data32F.slice(0, this.width * this.height * 2); // copy out of the WASM heap
  }

  /** Frees the Mats (idempotent). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const m of [...(this.mats.u8 ?? []), ...(this.mats.f32 ?? []), this.mats.flow]) m.delete();
  }

  /** Copies a frame into a Mat of the same element type (uint8 -> CV_8U, float -> CV_32F). */
  private fill(mat: CvMat, frame: GreyFrame): void {
    if (mat.type() === this.cv.CV_32FC1) mat.data32F.set(frame);
    else mat.data.set(frame);
  }

  private inputs(float: boolean): [CvMat, CvMat] {
    const { cv, width: w, height: h } = this;
    if (float) return (this.mats.f32 ??= [new cv.Mat(h, w, cv.CV_32FC1), new cv.Mat(h, w, cv.CV_32FC1)]);
    return (this.mats.u8 ??= [new cv.Mat(h, w, cv.CV_8UC1), new cv.Mat(h, w, cv.CV_8UC1)]);
  }
}

/** Makes a Farneback estimator for width x height frames (loads opencv.js once per thread). */
export async function createFarneback(width: number, height: number, params: Partial<FarnebackParams> = {}): Promise<FarnebackEstimator> {
  const { cv } = await loadOpenCv();
  return new FarnebackEstimator(cv, width, height, farnebackParamsSchema.parse(params));
}

/** One-shot Farneback flow of a pair: Float32Array H x W x 2, pixels per frame. */
export async function farneback(prev: GreyFrame, next: GreyFrame, width: number, height: number, params: Partial<FarnebackParams> = {}): Promise<Float32Array> {
  const est = await createFarneback(width, height, params);
  try {
    return est.compute(prev, next);
  } finally {
    est.dispose();
  }
}

/** Registers Farneback as flow method `farneback`. */
export const farnebackMethod = registerFlowMethod<FarnebackParams>({
  id: 'farneback',
  schema: farnebackParamsSchema,
  describe: (p) => `Farneback (levels ${p.levels}, winsize ${p.winsize}, iterations ${p.iterations})`,
  create: (w, h, p) => createFarneback(w, h, p),
});
