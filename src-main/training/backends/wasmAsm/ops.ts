/**
 * Instruction helpers for hand-written WebAssembly kernels: each returns the bytes of an
 * expression that leaves its value on the stack (or of a statement that leaves nothing), so a
 * kernel reads as nested calls, `f32store(addr, f32add(f32load(a), f32load(b)))`, instead of
 * opcode lists. Pointers are byte offsets into the shared memory.
 */
import { F32, I32, sleb, uleb, V128, type FuncDef, type ValType } from './module.js';

/** Bytes of WebAssembly code (an expression or a statement). */
export type Code = number[];

const simd = (op: number): number[] => [0xfd, ...uleb(op)];
const cat = (...parts: Code[]): Code => parts.flat();

/** Builds one function: named parameters and locals, then the body. */
export class Fn {
  private readonly names = new Map<string, number>();
  private readonly localTypes: ValType[] = [];
  private readonly paramTypes: ValType[] = [];

  /** `params`: parameter names in call order, i32 (pointers, sizes) unless given as [name, type]. */
  constructor(readonly name: string, params: (string | [string, ValType])[]) {
    for (const p of params) {
      const [n, t]: [string, ValType] = typeof p === 'string' ? [p, I32] : p;
      this.names.set(n, this.names.size);
      this.paramTypes.push(t);
    }
  }

  /** Declares locals of one type; returns this for chaining. */
  locals(type: ValType, ...names: string[]): this {
    for (const n of names) {
      if (this.names.has(n)) throw new Error(`${this.name}: local ${n} declared twice`);
      this.names.set(n, this.names.size);
      this.localTypes.push(type);
    }
    return this;
  }

  private idx(n: string): number[] {
    const i = this.names.get(n);
    if (i === undefined) throw new Error(`${this.name}: unknown local ${n}`);
    return uleb(i);
  }

  /** `local.get`. */
  get(n: string): Code { return [0x20, ...this.idx(n)]; }
  /** `local.set`. */
  set(n: string, v: Code): Code { return [...v, 0x21, ...this.idx(n)]; }
  /** `n += v` for an i32 local. */
  inc(n: string, v: Code): Code { return this.set(n, add(this.get(n), v)); }

  /** `for (n = from; n < to; n += step) body` (signed compare). */
  for(n: string, from: Code, to: Code, body: Code[], step: Code = i32(1)): Code {
    return cat(this.set(n, from), block(loop(
      brIf(1, geS(this.get(n), to)), ...body, this.inc(n, step), br(0))));
  }

  /** The finished function. */
  build(...body: Code[]): FuncDef {
    return { name: this.name, params: this.paramTypes, locals: this.localTypes, body: body.flat() };
  }
}

/** `i32.const`. */
export const i32 = (n: number): Code => [0x41, ...sleb(n)];
/** `f32.const`. */
export function f32(x: number): Code {
  return [0x43, ...new Uint8Array(new Float32Array([x]).buffer)];
}
const bin = (op: number) => (a: Code, b: Code): Code => cat(a, b, [op]);
/** i32 arithmetic and comparisons (signed unless named `U`). */
export const add = bin(0x6a), sub = bin(0x6b), mul = bin(0x6c), and = bin(0x71), or = bin(0x72);
export const ltS = bin(0x48), ltU = bin(0x49), geS = bin(0x4e), leS = bin(0x4c), gtS = bin(0x4a);
export const eq = bin(0x46), ne = bin(0x47), divS = bin(0x6d);
/** `a << k` (k constant), e.g. element index to byte offset with k = 2. */
export const shl = (a: Code, k: number): Code => cat(a, i32(k), [0x74]);
/** f32 arithmetic. */
export const fadd = bin(0x92), fsub = bin(0x93), fmul = bin(0x94), fdiv = bin(0x95), fmax = bin(0x97), fgt = bin(0x5e), fge = bin(0x60), fle = bin(0x5f), fne = bin(0x5c);
/** Smaller of two i32 (signed). */
export const minS = (a: Code, b: Code): Code => select(a, b, ltS(a, b));
/** `cond ? a : b` without branching (both evaluated). */
export const select = (a: Code, b: Code, cond: Code): Code => cat(a, b, cond, [0x1b]);

/** Loads and stores; `off` is a constant byte offset added to the address. */
export const f32load = (addr: Code, off = 0): Code => cat(addr, [0x2a, 2, ...uleb(off)]);
export const f32store = (addr: Code, v: Code, off = 0): Code => cat(addr, v, [0x38, 2, ...uleb(off)]);
export const i32load = (addr: Code, off = 0): Code => cat(addr, [0x28, 2, ...uleb(off)]);
export const vload = (addr: Code, off = 0): Code => cat(addr, simd(0x00), [2, ...uleb(off)]);
export const vstore = (addr: Code, v: Code, off = 0): Code => cat(addr, v, simd(0x0b), [2, ...uleb(off)]);

const vbin = (op: number) => (a: Code, b: Code): Code => cat(a, b, simd(op));
/** f32x4 lanes arithmetic and comparisons, and 128-bit logic. */
export const vadd = vbin(0xe4), vsub = vbin(0xe5), vmul = vbin(0xe6), vdiv = vbin(0xe7), vmax = vbin(0xe9);
/** Square roots: four lanes, and one f32. */
export const vsqrt = (a: Code): Code => cat(a, simd(0xe3));
export const fsqrt = (a: Code): Code => cat(a, [0x91]);
export const vgt = vbin(0x44), vle = vbin(0x45), vand = vbin(0x4e);
/** Lane-wise f32 equal / greater-or-equal, 128-bit or, and bitselect(a, b, mask) = mask ? a : b. */
export const veq = vbin(0x41), vge = vbin(0x46), vor = vbin(0x50);
export const vbitselect = (a: Code, b: Code, mask: Code): Code => cat(a, b, mask, simd(0x52));
/** i32x4: all lanes one i32, lane-wise add, one lane out, and a constant. */
export const isplat = (x: Code): Code => cat(x, simd(0x11));
export const iadd4 = vbin(0xae);
export const iextract = (v: Code, lane: number): Code => cat(v, simd(0x1b), [lane]);
export function iconst4(lanes: [number, number, number, number]): Code {
  return cat(simd(0x0c), [...new Uint8Array(new Int32Array(lanes).buffer)]);
}
/** All four lanes set to one f32. */
export const vsplat = (x: Code): Code => cat(x, simd(0x13));
/** Picks 4 f32 lanes from the 8 of (a, b): lanes 0-3 are a's, 4-7 are b's. */
export function vshuffle(a: Code, b: Code, lanes: [number, number, number, number]): Code {
  const bytes = lanes.flatMap((l) => [l * 4, l * 4 + 1, l * 4 + 2, l * 4 + 3]);
  return cat(a, b, simd(0x0d), bytes);
}

/** Bulk memory: fill `n` bytes at `dst` with byte `v`; copy `n` bytes from `src`. */
export const memFill = (dst: Code, v: Code, n: Code): Code => cat(dst, v, n, [0xfc, 11, 0]);
export const memCopy = (dst: Code, src: Code, n: Code): Code => cat(dst, src, n, [0xfc, 10, 0, 0]);

/** Structured control flow. */
export const block = (...body: Code[]): Code => cat([0x02, 0x40], ...body, [0x0b]);
export const loop = (...body: Code[]): Code => cat([0x03, 0x40], ...body, [0x0b]);
export const br = (depth: number): Code => [0x0c, ...uleb(depth)];
export const brIf = (depth: number, cond: Code): Code => cat(cond, [0x0d, ...uleb(depth)]);
export function ifThen(cond: Code, then: Code[], otherwise?: Code[]): Code {
  return otherwise
    ? cat(cond, [0x04, 0x40], ...then, [0x05], ...otherwise, [0x0b])
    : cat(cond, [0x04, 0x40], ...then, [0x0b]);
}

export { I32, F32, V128 };
