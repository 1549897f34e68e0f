/**
 * Guards the wasm backend's heap allocator so running out of memory is an error training can
 * report (WasmOutOfMemoryError, turned into "batch size N did not fit" by outOfMemory.ts) rather
 * than a trap that leaves the backend broken for the rest of the process.
 *
 * Two defects sit between us and a clean null from malloc, both outside our code:
 * - emscripten's glue starts `Module._malloc` as a stub that, on its first call, overwrites
 *   `Module._malloc` with the raw export; a wrapper of the stub was silently dropped after one
 *   allocation. We wrap the raw export, `asm.malloc`.
 * - The allocator inside tfjs-backend-wasm 4.22's binary (emmalloc, by its bucketed free lists)
 *   hands out a block that runs past the end of memory when a free region lies closer than the
 *   request to 2^32 (measured: 16 MiB at 4,278,284,496, memory ending at 4,294,901,760; its fit
 *   test wraps around in 32 bits). Its bookkeeping then overwrites memory and the next call traps
 *   with "memory access out of bounds", for good. Addresses past 2 GiB are fine (tfjs and our
 *   kernels treat them as unsigned); only the top of the address space breaks.
 *
 * The defence: keep the heap's break (the end of everything the allocator owns) below
 * HEAP_CAP for our allocations. Requests whose growth could pass it run with heap growth
 * disabled (sbrk fails cleanly while its break variable reads NO_GROWTH), so they are served
 * from free regions or fail; requests that could reach a region near 2^32 are refused. Cost: our
 * tensors get about 3.75 GiB, and once the break is near the cap a single request larger than
 * 2^32 minus the break (at least ~250 MiB) is refused even if free memory could hold it.
 */
import * as tf from '@tensorflow/tfjs';
import { WasmOutOfMemoryError, type WasmBackendInternals } from './wasmKernels/native/runtime.js';

/** The wasm32 heap limit tfjs's module is built with (4 GiB minus one page). */
export const MAX_HEAP_BYTES = 4294901760;

/** Where 32-bit addresses wrap around. */
const ADDRESS_SPACE = 2 ** 32;

/** Our allocations keep the break below this (4 GiB - 256 MiB), leaving the rest for tfjs's own C code. */
export const HEAP_CAP = ADDRESS_SPACE - 256 * 2 ** 20;

/** More than the allocator adds to a request (headers, alignment, its end sentinel). */
const SLACK = 2 ** 20;

/** A break value at which every sbrk(n > 0) fails its overflow check (checked in findBreakWord). */
const NO_GROWTH = 0xffffffc0;

type Asm = WasmBackendInternals['wasm']['asm'];

const u32 = (asm: Asm): Uint32Array => new Uint32Array(asm.memory.buffer);

/** Whether writing NO_GROWTH at byte address `addr` makes a heap-growing malloc fail cleanly. */
function stopsGrowth(asm: Asm, addr: number): boolean {
  const saved = u32(asm)[addr >>> 2]!;
  const bytes = asm.memory.buffer.byteLength;
  u32(asm)[addr >>> 2] = NO_GROWTH;
  const p = asm.malloc(bytes) >>> 0; // larger than any free region: needs sbrk
  u32(asm)[addr >>> 2] = saved;
  if (p !== 0) asm.free(p);
  return p === 0 && asm.memory.buffer.byteLength === bytes;
}

/**
 * Byte address of sbrk's break variable (a static below the heap), or null if not found: the
 * word that follows the break when a malloc grows the heap and that, set to NO_GROWTH, stops it.
 */
export function findBreakWord(asm: Asm): number | null {
  const heapStart = asm.malloc(16) >>> 0;
  if (heapStart === 0) return null;
  asm.free(heapStart);
  const oldLen = asm.memory.buffer.byteLength;
  const before = u32(asm).slice(0, heapStart >>> 2);
  const p = asm.malloc(oldLen) >>> 0;
  if (p === 0) return null;
  const after = u32(asm), newLen = asm.memory.buffer.byteLength;
  const candidates: number[] = [];
  for (let i = 0; i < before.length; i++) {
    const a = before[i]!, b = after[i]!;
    if (a !== b && a >= heapStart && a <= oldLen && b >= p + oldLen && b <= newLen) candidates.push(i * 4);
  }
  asm.free(p);
  return candidates.find((addr) => stopsGrowth(asm, addr)) ?? null;
}

/** Address (unsigned) of a new block of `bytes`, or 0 when it does not fit safely. */
function allocate(asm: Asm, breakWord: number | null, bytes: number): number {
  const brk = breakWord === null ? asm.memory.buffer.byteLength : u32(asm)[breakWord >>> 2]!;
  // A free region lies below the break; past here the allocator's fit test could wrap.
  if (brk + bytes + SLACK >= ADDRESS_SPACE) return 0;
  if (brk + bytes + SLACK <= HEAP_CAP) return asm.malloc(bytes) >>> 0;
  if (breakWord === null) return 0;
  u32(asm)[breakWord >>> 2] = NO_GROWTH;
  try {
    return asm.malloc(bytes) >>> 0;
  } finally {
    u32(asm)[breakWord >>> 2] = brk;
  }
}

const breakWords = new WeakMap<object, number | null>();

/** findBreakWord, once per module instance (it allocates and frees to find it). */
function findBreakWordCached(asm: Asm): number | null {
  if (!breakWords.has(asm)) breakWords.set(asm, findBreakWord(asm));
  return breakWords.get(asm)!;
}

const guarded = new WeakSet<object>();

/** Makes the active wasm backend's malloc throw WasmOutOfMemoryError instead of failing or corrupting the heap. */
export function guardWasmAllocator(): void {
  const wasm = (tf.backend() as unknown as WasmBackendInternals).wasm;
  if (!wasm || guarded.has(wasm)) return;
  const breakWord = findBreakWordCached(wasm.asm);
  wasm._malloc = (bytes: number): number => {
    // tfjs passes sizes as JS numbers; past 4 GiB they would wrap around in wasm32.
    if (bytes > MAX_HEAP_BYTES) throw new WasmOutOfMemoryError(bytes);
    const p = allocate(wasm.asm, breakWord, bytes);
    if (p === 0 && bytes > 0) throw new WasmOutOfMemoryError(bytes);
    return p;
  };
  guarded.add(wasm);
}

/** The break of the active wasm backend's heap (bytes), for tests and diagnostics; null if unknown. */
export function wasmHeapBreak(): number | null {
  const asm = (tf.backend() as unknown as WasmBackendInternals).wasm.asm;
  const addr = findBreakWordCached(asm);
  return addr === null ? null : u32(asm)[addr >>> 2]!;
}
