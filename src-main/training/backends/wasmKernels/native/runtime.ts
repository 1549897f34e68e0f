/**
 * The bridge between our hand-written WebAssembly kernels and the tfjs wasm backend: one module,
 * assembled once per backend instance, importing the backend's own memory so kernels read and
 * write tensors in place (no copies), plus the backend's XNNPACK matrix multiply called on raw
 * pointers. Everything here is float32 and single-threaded.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { assembleModule } from '../../wasmAsm/module.js';
import { col2imFunc, im2colFunc } from './convCols.js';
import { im2colTFunc } from './colsT.js';
import { adamFunc } from './adam.js';
import { bnGradSumsFunc, bnInputGradFunc, bnNormalizeFunc, bnSqDevFunc } from './batchNorm.js';
import { depthwiseFilterGradFunc, depthwiseInputGradFunc } from './depthwise.js';
import { addIntoFunc, copyBytesFunc, relu6GradFunc, reluGradFunc, segmentSumFunc } from './elementwise.js';
import { maxPoolFunc, maxPoolGradFunc } from './pooling.js';
import { reduceMidFunc } from './reduce.js';
import { gradTransformFunc, momentumFunc } from './sgd.js';
import { transposeFunc } from './transpose.js';

/** The parts of tfjs-backend-wasm's BackendWasm and its emscripten module that kernels use. */
export interface WasmBackendInternals {
  wasm: {
    /** The raw exports; `malloc`/`free` here are the functions `_malloc`/`_free` forward to. */
    asm: { memory: WebAssembly.Memory; malloc(bytes: number): number; free(ptr: number): void };
    HEAPU8: Uint8Array;
    _malloc(bytes: number): number;
    _free(ptr: number): void;
    cwrap(name: string, ret: null, args: string[]): (...args: unknown[]) => void;
    tfjs: { registerTensor(id: number, size: number, ptr: number): void; disposeData(id: number): void };
  };
  dataIdMap: { get(dataId: object): { memoryOffset: number; id: number } | undefined };
  refCount(dataId: object): number;
  incRef(dataId: object): void;
  dataIdNextNumber: number;
  makeOutput(shape: number[], dtype: 'float32' | 'int32'): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
}

type Kernel = (...args: number[]) => void;

/** Callable kernels of our module; arguments are byte addresses and sizes (see each file). */
export interface NativeKernels {
  im2col: Kernel; col2im: Kernel; transpose: Kernel;
  reluGrad: Kernel; relu6Grad: Kernel; segmentSum: Kernel;
  dwFilterGrad: Kernel; dwInputGrad: Kernel; addInto: Kernel; reduceMid: Kernel; maxPoolGrad: Kernel;
  copyBytes: Kernel; maxPool: Kernel; im2colT: Kernel; adam: Kernel;
  bnSqDev: Kernel; bnGradSums: Kernel; bnNormalize: Kernel; bnInputGrad: Kernel;
  momentum: Kernel; momentumNesterov: Kernel; gradScaleDecay: Kernel; gradScale: Kernel; gradDecay: Kernel;
}

/** The assembled module's bytes; built on first use. */
let moduleBytes: Uint8Array | null = null;
let compiled: WebAssembly.Module | null = null;

/** Every kernel of our module, as assembled bytes (exported for tests of the assembler). */
export function kernelModuleBytes(): Uint8Array {
  moduleBytes ??= assembleModule([
    im2colFunc(), col2imFunc(), transposeFunc(), reluGradFunc(), relu6GradFunc(), segmentSumFunc(),
    depthwiseFilterGradFunc(), depthwiseInputGradFunc(), addIntoFunc(), reduceMidFunc(), maxPoolGradFunc(),
    copyBytesFunc(), maxPoolFunc(), im2colTFunc(), adamFunc(),
    bnSqDevFunc(), bnGradSumsFunc(), bnNormalizeFunc(), bnInputGradFunc(),
    momentumFunc(false), momentumFunc(true), gradTransformFunc(true, true), gradTransformFunc(true, false), gradTransformFunc(false, true),
  ]);
  return moduleBytes;
}

const instances = new WeakMap<object, Native>();

/** Our kernels plus helpers bound to one backend instance. */
export class Native {
  readonly k: NativeKernels;
  private readonly matMulFn: (...args: unknown[]) => void;

  constructor(readonly backend: WasmBackendInternals) {
    compiled ??= new WebAssembly.Module(kernelModuleBytes() as Uint8Array<ArrayBuffer>);
    const inst = new WebAssembly.Instance(compiled, { env: { memory: backend.wasm.asm.memory } });
    this.k = inst.exports as unknown as NativeKernels;
    this.matMulFn = backend.wasm.cwrap('BatchMatMul', null,
      ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number']);
  }

  /** Byte address of a tensor's data in the shared memory. */
  ptr(t: TensorInfo): number {
    const d = this.backend.dataIdMap.get(t.dataId);
    if (!d) throw new Error('Tensor is not on the wasm backend');
    return d.memoryOffset;
  }

  /** A new float32 tensor on the backend (uninitialised). */
  output(shape: number[]): TensorInfo {
    return this.backend.makeOutput(shape, 'float32');
  }

  /**
   * After writing into a tensor's memory in place: the backend's C++ side caches XNNPACK
   * operators (with a packed copy of the weights) by tensor id, dropped only when the id is
   * disposed, so drop them now or the next multiply would use the old values.
   */
  contentsChanged(t: TensorInfo): void {
    const d = this.backend.dataIdMap.get(t.dataId);
    if (!d || !this.backend.wasm) return; // disposed since: its caches went with it
    this.backend.wasm.tfjs.disposeData(d.id);
    this.backend.wasm.tfjs.registerTensor(d.id, t.shape.reduce((a, b) => a * b, 1), d.memoryOffset);
  }

  /** Sets every element of a float32 tensor to `v` (edge cases such as empty inputs); returns it. */
  fill(t: TensorInfo, v: number): TensorInfo {
    const size = t.shape.reduce((a, b) => a * b, 1);
    new Float32Array(this.backend.wasm.asm.memory.buffer, this.ptr(t), size).fill(v);
    return t;
  }

  /** Scratch memory of `floats` float32 values, freed by `free`. Throws a clear error when out of memory. */
  alloc(floats: number): number {
    const p = this.backend.wasm._malloc(floats * 4) >>> 0;
    if (p === 0) throw new WasmOutOfMemoryError(floats * 4);
    return p;
  }

  /** Frees scratch memory from `alloc`. */
  free(ptr: number): void {
    this.backend.wasm._free(ptr);
  }

  /**
   * out[M, N] = a[M, K] @ b[K, N] (float32 row-major, byte addresses) with the backend's XNNPACK
   * GEMM, through temporary tensor ids that alias the given memory (disposed right after, which
   * also drops XNNPACK's cached packing of b).
   */
  matMul(a: number, b: number, out: number, M: number, K: number, N: number): void {
    const t = this.backend.wasm.tfjs;
    const ids = [this.backend.dataIdNextNumber++, this.backend.dataIdNextNumber++, this.backend.dataIdNextNumber++];
    const [ia, ib, io] = ids as [number, number, number];
    t.registerTensor(ia, M * K, a);
    t.registerTensor(ib, K * N, b);
    t.registerTensor(io, M * N, out);
    try {
      const shape = (s: number[]): Uint8Array => new Uint8Array(new Int32Array(s).buffer);
      this.matMulFn(ia, shape([1, M, K]), 3, ib, shape([1, K, N]), 3, false, false, io);
    } finally {
      for (const id of ids) t.disposeData(id);
    }
  }
}

/** The kernels for this backend instance (assembled and instantiated once). */
export function nativeFor(backend: unknown): Native {
  const key = backend as object;
  let n = instances.get(key);
  if (!n) {
    n = new Native(backend as WasmBackendInternals);
    instances.set(key, n);
  }
  return n;
}

/** Raised when the wasm heap cannot grow; training turns it into a message naming the batch size. */
export class WasmOutOfMemoryError extends Error {
  constructor(readonly bytes: number) {
    super(`The WebAssembly backend ran out of memory allocating ${(bytes / 2 ** 20).toFixed(1)} MiB`);
    this.name = 'WasmOutOfMemoryError';
  }
}
