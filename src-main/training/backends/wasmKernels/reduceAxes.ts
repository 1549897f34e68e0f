/**
 * Sum and Mean over a contiguous run of axes that leaves channels innermost (e.g. [B, H, W, C]
 * over [0, 1, 2]), with native/reduce.ts. Other reductions go to the backend's own kernel, which
 * is already fast when the reduced axes are innermost.
 */
import { util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { builtinSetup, runBuiltin } from './builtins.js';
import { nativeOf, sizeOf } from './kernelUtil.js';

interface ReduceAttrs { axis: number | number[]; keepDims: boolean }

/** [A, R, C] view of x for reducing `axes`, or null when they are not one run with C > 1. */
function midView(shape: number[], axes: number[]): [number, number, number] | null {
  const sorted = [...axes].sort((a, b) => a - b);
  const lo = sorted[0], hi = sorted[sorted.length - 1];
  if (lo === undefined || hi === undefined || hi - lo + 1 !== sorted.length) return null;
  const C = sizeOf(shape.slice(hi + 1));
  if (C <= 1) return null;
  return [sizeOf(shape.slice(0, lo)), sizeOf(shape.slice(lo, hi + 1)), C];
}

/** A Sum or Mean kernel for wasm that falls back to the built-in outside its fast case. */
export function reduceKernel(kernelName: string, mean: boolean): KernelConfig {
  return {
    kernelName,
    backendName: 'wasm',
    setupFunc: builtinSetup(kernelName),
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      const { axis, keepDims } = args.attrs as unknown as ReduceAttrs;
      const axes = util.parseAxisParam(axis, x.shape);
      const view = x.dtype === 'float32' ? midView(x.shape, axes) : null;
      if (!view) return runBuiltin(kernelName, args);
      const [A, R, C] = view;
      const outShape = keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
      const n = nativeOf(args.backend);
      const out = n.output(outShape);
      const tmp = R > 64 ? n.alloc(C) : 0;
      try {
        n.k.reduceMid(n.ptr(x), n.ptr(out), tmp, A, R, C, mean ? 1 / R : 1);
      } finally {
        if (tmp) n.free(tmp);
      }
      return out;
    },
  };
}
