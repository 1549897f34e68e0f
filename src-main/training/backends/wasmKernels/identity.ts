/**
 * Identity (what `clone()` runs) for wasm without a copy: the backend's own copies the data,
 * where the cpu and WebGL backends share it (tensors are immutable; the buffer is reference
 * counted, as Reshape already does on wasm). Copies mattered because the engine clones every
 * input a gradient saves: S004's full6 weights (411 MB) were duplicated from the forward pass
 * to the end of the backward pass.
 */
import { Identity, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { runBuiltin } from './builtins.js';
import { nativeOf } from './kernelUtil.js';

/** x -> x, sharing its memory. */
export const identityConfig: KernelConfig = {
  kernelName: Identity,
  backendName: 'wasm',
  kernelFunc: (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === 'string') return runBuiltin(Identity, args);
    nativeOf(args.backend).backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  },
};
