/**
 * The passes of a fused training-mode batch norm over x viewed as [R, C] (channels innermost,
 * float32): per-channel sums of squared deviations and of dy, dy * (x - mean), and two row-wise
 * affine maps. tfjs composes the same from ~8 ops forward and ~20 backward, each a pass over
 * memory with broadcasting. Sums add blocks of 64 rows into a C-wide partial before the total,
 * as native/reduce.ts does, so long reductions keep their precision. Per-channel vectors (mean,
 * scale, ...) are C floats at byte addresses; `part` is scratch of 2C floats.
 */
import {
  Fn, I32, V128, add, block, br, brIf, f32load, f32store, fadd, fmul, fsub, geS, gtS, i32, loop, minS, shl,
  vadd, vload, vmul, vstore, vsub, type Code,
} from '../../wasmAsm/ops.js';
import type { FuncDef } from '../../wasmAsm/module.js';
import { addRun, zeroRun } from './loops.js';

/** Rows summed into one partial before it joins the total. */
const BLOCK = 64;

type Lane = (at: (p: string) => Code, load: (p: string) => Code) => Code;

/**
 * `for c in [0, C)` over one row as byte offset `c` (local), 4 lanes then a scalar tail: `vec`
 * and `scalar` get `at(p)` = address of column c in per-channel vector or row pointer p.
 */
function overColumns(fn: Fn, vec: Lane, scalar: Lane): Code {
  const c = fn.get('c'), cb = fn.get('cb');
  const at = (p: string): Code => add(fn.get(p), c);
  return [
    ...fn.set('c', i32(0)),
    ...block(loop(brIf(1, gtS(add(c, i32(16)), cb)), vec(at, (p) => vload(at(p))), fn.inc('c', i32(16)), br(0))),
    ...block(loop(brIf(1, geS(c, cb)), scalar(at, (p) => f32load(at(p))), fn.inc('c', i32(4)), br(0))),
  ];
}

/**
 * Per-channel sums over rows in blocks: `zero` the partials, `perRow` for each row of a block
 * (with row pointers advanced), then `fold` the partials into the totals.
 */
function blockedRows(fn: Fn, rowPtrs: string[], zero: Code[], perRow: Code[], fold: Code[]): Code {
  const g = (n: string): Code => fn.get(n);
  return [
    ...fn.set('r', i32(0)),
    ...block(loop(
      brIf(1, geS(g('r'), g('R'))),
      fn.set('rEnd', minS(add(g('r'), i32(BLOCK)), g('R'))),
      ...zero,
      block(loop(
        brIf(1, geS(g('r'), g('rEnd'))),
        ...perRow,
        ...rowPtrs.map((p) => fn.inc(p, g('cb'))),
        fn.inc('r', i32(1)), br(0))),
      ...fold,
      br(0))),
  ];
}

/** `bnSqDev(x, mean, out, part, R, C)`: out[c] = sum_r (x[r, c] - mean[c])^2. */
export function bnSqDevFunc(): FuncDef {
  const fn = new Fn('bnSqDev', ['x', 'mean', 'out', 'part', 'R', 'C']).locals(I32, 'r', 'rEnd', 'c', 'cb', 'j').locals(V128, 'd');
  const g = (n: string): Code => fn.get(n);
  return fn.build(
    fn.set('cb', shl(g('C'), 2)),
    zeroRun(fn, g('out'), g('cb')),
    blockedRows(fn, ['x'], [zeroRun(fn, g('part'), g('cb'))], [overColumns(fn,
      (at, ld) => [...fn.set('d', vsub(ld('x'), ld('mean'))), ...vstore(at('part'), vadd(ld('part'), vmul(g('d'), g('d'))))],
      (at, ld) => f32store(at('part'), fadd(ld('part'), fmul(fsub(ld('x'), ld('mean')), fsub(ld('x'), ld('mean'))))))],
    [addRun(fn, g('out'), g('part'), g('cb'))]),
  );
}

/**
 * `bnGradSums(dy, x, mean, sumDy, sumDyXc, part, R, C)`: sumDy[c] = sum_r dy[r, c] and
 * sumDyXc[c] = sum_r dy[r, c] * (x[r, c] - mean[c]), in one pass over dy and x.
 */
export function bnGradSumsFunc(): FuncDef {
  const fn = new Fn('bnGradSums', ['dy', 'x', 'mean', 'sumDy', 'sumDyXc', 'part', 'R', 'C'])
    .locals(I32, 'r', 'rEnd', 'c', 'cb', 'j', 'part2');
  const g = (n: string): Code => fn.get(n);
  return fn.build(
    fn.set('cb', shl(g('C'), 2)),
    fn.set('part2', add(g('part'), g('cb'))),
    zeroRun(fn, g('sumDy'), g('cb')),
    zeroRun(fn, g('sumDyXc'), g('cb')),
    blockedRows(fn, ['dy', 'x'], [zeroRun(fn, g('part'), g('cb')), zeroRun(fn, g('part2'), g('cb'))], [overColumns(fn,
      (at, ld) => [
        ...vstore(at('part'), vadd(ld('part'), ld('dy'))),
        ...vstore(at('part2'), vadd(ld('part2'), vmul(ld('dy'), vsub(ld('x'), ld('mean'))))),
      ],
      (at, ld) => [
        ...f32store(at('part'), fadd(ld('part'), ld('dy'))),
        ...f32store(at('part2'), fadd(ld('part2'), fmul(ld('dy'), fsub(ld('x'), ld('mean'))))),
      ])],
    [addRun(fn, g('sumDy'), g('part'), g('cb')), addRun(fn, g('sumDyXc'), g('part2'), g('cb'))]),
  );
}

/** `bnNormalize(x, mean, scale, beta, y, R, C)`: y[r, c] = (x[r, c] - mean[c]) * scale[c] + beta[c]. */
export function bnNormalizeFunc(): FuncDef {
  const fn = new Fn('bnNormalize', ['x', 'mean', 'scale', 'beta', 'y', 'R', 'C']).locals(I32, 'r', 'c', 'cb');
  const g = (n: string): Code => fn.get(n);
  return fn.build(
    fn.set('cb', shl(g('C'), 2)),
    fn.for('r', i32(0), g('R'), [
      overColumns(fn,
        (at, ld) => vstore(at('y'), vadd(vmul(vsub(ld('x'), ld('mean')), ld('scale')), ld('beta'))),
        (at, ld) => f32store(at('y'), fadd(fmul(fsub(ld('x'), ld('mean')), ld('scale')), ld('beta')))),
      fn.inc('x', g('cb')), fn.inc('y', g('cb')),
    ]),
  );
}

/**
 * `bnInputGrad(dy, x, mean, p, q, o, dx, R, C)`: dx[r, c] = p[c] dy[r, c] + q[c] (x[r, c] - mean[c]) + o[c],
 * the input gradient of batch norm with p, q, o from the per-channel sums (see batchNormTrain.ts).
 */
export function bnInputGradFunc(): FuncDef {
  const fn = new Fn('bnInputGrad', ['dy', 'x', 'mean', 'p', 'q', 'o', 'dx', 'R', 'C']).locals(I32, 'r', 'c', 'cb');
  const g = (n: string): Code => fn.get(n);
  return fn.build(
    fn.set('cb', shl(g('C'), 2)),
    fn.for('r', i32(0), g('R'), [
      overColumns(fn,
        (at, ld) => vstore(at('dx'), vadd(vadd(vmul(ld('dy'), ld('p')), vmul(vsub(ld('x'), ld('mean')), ld('q'))), ld('o'))),
        (at, ld) => f32store(at('dx'), fadd(fadd(fmul(ld('dy'), ld('p')), fmul(fsub(ld('x'), ld('mean')), ld('q'))), ld('o')))),
      fn.inc('dy', g('cb')), fn.inc('x', g('cb')), fn.inc('dx', g('cb')),
    ]),
  );
}
