/**
 * Inner loops shared by the hand-written kernels: copy, accumulate or zero a run of f32 values,
 * four lanes at a time with a scalar tail. Each macro uses the byte counter local `j` of the
 * function it is emitted into; `dst`/`src` are byte addresses, `bytes` a multiple of 4.
 */
import {
  add, block, br, brIf, f32, f32load, f32store, fadd, fmax, fmul, gtS, geS, i32, loop, vadd, vload, vmax, vmul, vsplat,
  vstore, type Code, type Fn,
} from '../../wasmAsm/ops.js';

function lanes(fn: Fn, bytes: Code, vec: (off: Code) => Code, scalar: (off: Code) => Code): Code {
  const j = fn.get('j');
  return [
    ...fn.set('j', i32(0)),
    ...block(loop(brIf(1, gtS(add(j, i32(16)), bytes)), vec(j), fn.inc('j', i32(16)), br(0))),
    ...block(loop(brIf(1, geS(j, bytes)), scalar(j), fn.inc('j', i32(4)), br(0))),
  ];
}

/** dst[0..bytes) = src[0..bytes). */
export function copyRun(fn: Fn, dst: Code, src: Code, bytes: Code): Code {
  return lanes(fn, bytes,
    (j) => vstore(add(dst, j), vload(add(src, j))),
    (j) => f32store(add(dst, j), f32load(add(src, j))));
}

/** dst[0..bytes) += src[0..bytes). */
export function addRun(fn: Fn, dst: Code, src: Code, bytes: Code): Code {
  return lanes(fn, bytes,
    (j) => vstore(add(dst, j), vadd(vload(add(dst, j)), vload(add(src, j)))),
    (j) => f32store(add(dst, j), fadd(f32load(add(dst, j)), f32load(add(src, j)))));
}

/** dst[0..bytes) = 0. */
export function zeroRun(fn: Fn, dst: Code, bytes: Code): Code {
  return lanes(fn, bytes,
    (j) => vstore(add(dst, j), vsplat(f32(0))),
    (j) => f32store(add(dst, j), f32(0)));
}

/** dst[0..bytes) += a[0..bytes) * b[0..bytes). */
export function mulAddRun(fn: Fn, dst: Code, a: Code, b: Code, bytes: Code): Code {
  return lanes(fn, bytes,
    (j) => vstore(add(dst, j), vadd(vload(add(dst, j)), vmul(vload(add(a, j)), vload(add(b, j))))),
    (j) => f32store(add(dst, j), fadd(f32load(add(dst, j)), fmul(f32load(add(a, j)), f32load(add(b, j))))));
}

/** dst[0..bytes) *= s (an f32 expression, evaluated once per lane group). */
export function scaleRun(fn: Fn, dst: Code, s: Code, bytes: Code): Code {
  return lanes(fn, bytes,
    (j) => vstore(add(dst, j), vmul(vload(add(dst, j)), vsplat(s))),
    (j) => f32store(add(dst, j), fmul(f32load(add(dst, j)), s)));
}

/** dst[0..bytes) = max(dst, src) lane-wise (NaN wins, as in the reference). */
export function maxRun(fn: Fn, dst: Code, src: Code, bytes: Code): Code {
  return lanes(fn, bytes,
    (j) => vstore(add(dst, j), vmax(vload(add(dst, j)), vload(add(src, j)))),
    (j) => f32store(add(dst, j), fmax(f32load(add(dst, j)), f32load(add(src, j)))));
}

/** dst[0..bytes) = v (an f32 constant). */
export function setRun(fn: Fn, dst: Code, v: number, bytes: Code): Code {
  return lanes(fn, bytes,
    (j) => vstore(add(dst, j), vsplat(f32(v))),
    (j) => f32store(add(dst, j), f32(v)));
}
