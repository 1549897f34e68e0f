import { createRequire } from 'node:module';

/**
 * The few parts of opencv.js (`@techstark/opencv-js`, OpenCV 4.12 compiled to WASM) that the flow
 * code uses, typed narrowly so a wrong call fails to compile. Every `Mat` lives on the WASM heap
 * and must be `delete()`d by its owner; the GC never frees it.
 */
export interface CvMat {
  readonly rows: number;
  readonly cols: number;
  /** Bytes of a CV_8U Mat: a view into the WASM heap, valid until the heap grows. */
  readonly data: Uint8Array;
  /** Floats of a CV_32F Mat: a view into the WASM heap, valid until the heap grows. */
  readonly data32F: Float32Array;
  type(): number;
  isContinuous(): boolean;
  delete(): void;
  isDeleted(): boolean;
}

/** The opencv.js module surface used here. */
export interface OpenCv {
  Mat: new (rows?: number, cols?: number, type?: number) => CvMat;
  CV_8UC1: number;
  CV_32FC1: number;
  CV_32FC2: number;
  OPTFLOW_FARNEBACK_GAUSSIAN: number;
  calcOpticalFlowFarneback(prev: CvMat, next: CvMat, flow: CvMat, pyrScale: number, levels: number,
    winsize: number, iterations: number, polyN: number, polySigma: number, flags: number): void;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
}

interface RawModule extends Partial<OpenCv> {
  onRuntimeInitialized?: () => void;
}

let loading: Promise<{ cv: OpenCv }> | null = null;

/**
 * Loads and initialises opencv.js once per thread (about 0.2 s: a 10 MB script compiling its WASM).
 * Resolves to `{ cv }`, never the module itself: the module has a `then` method, so returning it
 * from a promise would make `await` loop forever.
 */
export function loadOpenCv(): Promise<{ cv: OpenCv }> {
  loading ??= new Promise<{ cv: OpenCv }>((resolve, reject) => {
    let mod: RawModule;
    try {
      mod = createRequire(import.meta.url)('@techstark/opencv-js') as RawModule;
    } catch (err) {
      reject(new Error(`Cannot load opencv.js (@techstark/opencv-js) for Farneback flow: ${(err as Error).message}. Reinstall the app's dependencies (npm install).`, { cause: err }));
      return;
    }
    const ready = (): void => resolve({ cv: mod as OpenCv });
    if (typeof mod.Mat === 'function') ready();
    else mod.onRuntimeInitialized = ready;
  });
  return loading;
}

/**
 * Address the allocator gives a large block right now. Unchanged after many calls means nothing
 * was left allocated in between (a leaked Mat would occupy the space and move the block): the
 * leak check of the tests. Call it only when no Mat of your own is pending.
 */
export function wasmHeapProbe(cv: OpenCv, bytes = 32 << 20): number {
  const ptr = cv._malloc(bytes);
  cv._free(ptr);
  return ptr;
}
