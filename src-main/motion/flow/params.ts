import { z } from 'zod';

/**
 * Parameters of the optical-flow methods, validated at the edge (CLI, job specs, IPC) with the
 * published systems' values as defaults, so a run records exactly what it computed.
 */

/** Farneback (OpenCV `calcOpticalFlowFarneback`); defaults are S001's settings. */
export const farnebackParamsSchema = z.object({
  /** Ratio between pyramid levels (< 1; 0.5 halves each level). */
  pyrScale: z.number().gt(0).lt(1).default(0.5),
  /** Pyramid levels including the full-size image. */
  levels: z.number().int().min(1).max(10).default(3),
  /** Averaging window in pixels; larger is smoother and more robust to noise. */
  winsize: z.number().int().min(3).max(63).default(5),
  /** Iterations per pyramid level. */
  iterations: z.number().int().min(1).max(50).default(3),
  /** Neighbourhood of the polynomial expansion (5 or 7 in practice). */
  polyN: z.number().int().min(3).max(11).default(5),
  /** Gaussian sigma of the polynomial expansion (1.1 for polyN 5, 1.5 for polyN 7). */
  polySigma: z.number().gt(0).max(5).default(1.2),
  /** Gaussian instead of box window (OPTFLOW_FARNEBACK_GAUSSIAN); S001 does not use it. */
  gaussianWindow: z.boolean().default(false),
}).strict();

/** Validated Farneback parameters. */
export type FarnebackParams = z.infer<typeof farnebackParamsSchema>;

/**
 * TV-L1 (Zach, Pock & Bischof 2007, as in OpenCV's DualTVL1); defaults are OpenCV's, used by
 * S003/S004, except the median filter: off by default as in OpenCV's CUDA TV-L1 (the one the
 * two-stream flow extractors use, 300 iterations = 10 x 30 here); 5 reproduces CPU OpenCV.
 */
export const tvl1ParamsSchema = z.object({
  /** Time step of the primal-dual scheme (stable for tau <= 0.25). */
  tau: z.number().gt(0).max(0.25).default(0.25),
  /** Weight of the data term (smaller = smoother flow); intensities are 0..255. */
  lambda: z.number().gt(0).default(0.15),
  /** Coupling between the two sub-problems (u and v). */
  theta: z.number().gt(0).default(0.3),
  /** Pyramid scales. */
  scales: z.number().int().min(1).max(10).default(5),
  /** Ratio between scales (OpenCV's scaleStep). */
  scaleStep: z.number().gt(0).lt(1).default(0.8),
  /** Warps (re-linearisations of the data term) per scale. */
  warps: z.number().int().min(1).max(20).default(5),
  /** Stopping threshold: RMS change of the flow per iteration, pixels. */
  epsilon: z.number().gt(0).default(0.01),
  /** Primal-dual iterations between median filterings. */
  innerIterations: z.number().int().min(1).max(500).default(30),
  /** Median filterings (outer iterations) per warp. */
  outerIterations: z.number().int().min(1).max(100).default(10),
  /** Median filter size applied to the flow each outer iteration: 1 = off, 3 or 5 (about 4x slower). */
  medianFiltering: z.union([z.literal(1), z.literal(3), z.literal(5)]).default(1),
}).strict();

/** Validated TV-L1 parameters. */
export type Tvl1Params = z.infer<typeof tvl1ParamsSchema>;

/** A method with its parameters: the typed configuration recorded with every flow result. */
export const flowConfigSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('farneback'), params: farnebackParamsSchema.default(farnebackParamsSchema.parse({})) }),
  z.object({ method: z.literal('tvl1'), params: tvl1ParamsSchema.default(tvl1ParamsSchema.parse({})) }),
]);

/** Validated method + parameters. */
export type FlowConfig = z.infer<typeof flowConfigSchema>;

/** Ids of the flow methods. */
export type FlowMethodId = FlowConfig['method'];

/** How flow is stored on disk: float32, float16, or uint8 over [-bound, bound] pixels. */
export const flowStorageSchema = z.discriminatedUnion('dtype', [
  z.object({ dtype: z.literal('f4') }),
  z.object({ dtype: z.literal('f2') }),
  z.object({ dtype: z.literal('u1'), bound: z.number().gt(0).max(255).default(20) }),
]);

/** Validated storage choice. */
export type FlowStorage = z.infer<typeof flowStorageSchema>;
