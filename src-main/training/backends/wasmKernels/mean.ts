/**
 * Mean for wasm, replacing the built-in where it is slow: means over all axes but channels
 * (BatchNorm moments in training), which it runs as a scalar transpose plus a reduce.
 */
import { Mean, type KernelConfig } from '@tensorflow/tfjs-core';
import { reduceKernel } from './reduceAxes.js';

/** x: any shape -> the mean of x over `axis` (keepDims honoured); float32 fast path, else the built-in. */
export const meanConfig: KernelConfig = reduceKernel(Mean, true);
