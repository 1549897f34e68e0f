/**
 * Registers our kernels for the 'wasm' backend: the ones it lacks for training and faster
 * replacements of slow built-ins. Idempotent; call before or after the backend initialises.
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { adamUpdateConfig } from './adamUpdate.js';
import { batchMatMulConfig } from './batchMatMul.js';
import { batchNormTrainConfig, batchNormTrainGradConfig } from './batchNormTrain.js';
import { captureBuiltins } from './builtins.js';
import { conv2DConfig, fusedConv2DConfig } from './conv2D.js';
import { conv2DBackpropFilterConfig } from './conv2DBackpropFilter.js';
import { conv2DBackpropInputConfig } from './conv2DBackpropInput.js';
import { conv3DConfig } from './conv3D.js';
import { conv3DBackpropFilterV2Config } from './conv3DBackpropFilterV2.js';
import { conv3DBackpropInputV2Config } from './conv3DBackpropInputV2.js';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwiseConv2dNativeBackpropFilter.js';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwiseConv2dNativeBackpropInput.js';
import { fusedMatMulConfig } from './fusedMatMul.js';
import { identityConfig } from './identity.js';
import { maxPool3DConfig } from './maxPool3D.js';
import { maxPool3DGradConfig } from './maxPool3DGrad.js';
import { maxPoolGradConfig } from './maxPoolGrad.js';
import { meanConfig } from './mean.js';
import { gradientTransformConfig, momentumUpdateConfig } from './sgdUpdate.js';
import { relu6GradConfig } from './relu6Grad.js';
import { reluGradConfig } from './reluGrad.js';
import { sumConfig } from './sum.js';
import { tileConfig } from './tile.js';
import { unsortedSegmentSumConfig } from './unsortedSegmentSum.js';

/** Kernels tfjs-backend-wasm 4.22 does not have. */
export const ADDED_KERNELS: readonly KernelConfig[] = [
  conv2DBackpropFilterConfig, reluGradConfig, relu6GradConfig, depthwiseConv2dNativeBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig, unsortedSegmentSumConfig,
];

/** Built-in kernels we replace because they are scalar loops, or slow, on shapes our models use. */
export const REPLACED_KERNELS: readonly KernelConfig[] = [
  conv2DBackpropInputConfig, conv3DConfig, conv3DBackpropInputV2Config, conv3DBackpropFilterV2Config, batchMatMulConfig,
  sumConfig, meanConfig, tileConfig, maxPoolGradConfig, maxPool3DConfig, maxPool3DGradConfig, conv2DConfig, fusedConv2DConfig,
  identityConfig, fusedMatMulConfig,
];

/** Our own fused kernels (names tfjs does not have), used where a backend registers them. */
export const FUSED_KERNELS: readonly KernelConfig[] = [adamUpdateConfig, batchNormTrainConfig, batchNormTrainGradConfig, momentumUpdateConfig, gradientTransformConfig];

let registered = false;

/** Registers ADDED_KERNELS, REPLACED_KERNELS and FUSED_KERNELS for 'wasm' (once per process or worker thread). */
export function registerWasmKernels(): void {
  if (registered) return;
  captureBuiltins(REPLACED_KERNELS.map((k) => k.kernelName));
  for (const k of [...ADDED_KERNELS, ...REPLACED_KERNELS, ...FUSED_KERNELS]) {
    if (getKernel(k.kernelName, 'wasm')) unregisterKernel(k.kernelName, 'wasm');
    registerKernel(k);
  }
  registered = true;
}
