/** _FusedMatMul for wasm: the backend's own, with large weights' packed copies released early while training (packedWeights.ts). */
import { _FusedMatMul, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { builtinSetup, runBuiltin } from './builtins.js';
import { notePackedWeights, releasePackedWeights } from './packedWeights.js';
import { outputBytes } from './batchMatMul.js';

/** Same inputs and attributes as the built-in. */
export const fusedMatMulConfig: KernelConfig = {
  kernelName: _FusedMatMul,
  backendName: 'wasm',
  setupFunc: builtinSetup(_FusedMatMul),
  kernelFunc: (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    releasePackedWeights(outputBytes(a.shape, b.shape, transposeA, transposeB));
    const out = runBuiltin(_FusedMatMul, args);
    notePackedWeights(args.backend, b);
    return out;
  },
};
