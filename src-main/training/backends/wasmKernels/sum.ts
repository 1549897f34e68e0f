/**
 * Sum for wasm, replacing the built-in where it is slow: reductions over all axes but channels
 * (bias and BatchNorm gradients), which it runs as a scalar transpose plus a reduce.
 */
import { Sum, type KernelConfig } from '@tensorflow/tfjs-core';
import { reduceKernel } from './reduceAxes.js';

/** x: any shape -> x summed over `axis` (keepDims honoured); float32 fast path, else the built-in. */
export const sumConfig: KernelConfig = reduceKernel(Sum, false);
