/**
 * Batched matrix transpose, `dst[b][c][r] = src[b][r][c]` (float32), in 4x4 SIMD tiles: the
 * backend's own Transpose is a scalar gather, and its BatchMatMul is 10x slower with a transposed
 * operand, so gradients transpose explicitly with this and multiply untransposed.
 */
import {
  Fn, I32, V128, add, br, brIf, block, f32load, f32store, gtS, i32, loop, minS, mul, shl, vload,
  vshuffle, vstore, type Code,
} from '../../wasmAsm/ops.js';
import type { FuncDef } from '../../wasmAsm/module.js';

/** Source rows per tile. */
const ROWS = 32;

/** `transpose(src, dst, batch, R, C)`. */
export function transposeFunc(): FuncDef {
  const fn = new Fn('transpose', ['src', 'dst', 'batch', 'R', 'C'])
    .locals(I32, 'b', 'r', 'c', 'rr', 's0', 'd0', 'p', 'q', 'rowB', 'colB', 'mat', 'r0', 'rEnd', 'c4')
    .locals(V128, 'a0', 'a1', 'a2', 'a3', 't0', 't1', 't2', 't3');
  const g = (n: string): Code => fn.get(n);
  const at = (base: string, k: number, stride: string): Code => add(g(base), k === 0 ? i32(0) : mul(i32(k), g(stride)));
  const scalar = (r: Code, c: Code): Code =>
    f32store(add(g('d0'), shl(add(mul(c, g('R')), r), 2)), f32load(add(g('s0'), shl(add(mul(r, g('C')), c), 2))));
  const tile: Code[] = [
    fn.set('p', add(g('s0'), shl(add(mul(g('r'), g('C')), g('c')), 2))),
    fn.set('a0', vload(at('p', 0, 'rowB'))), fn.set('a1', vload(at('p', 1, 'rowB'))),
    fn.set('a2', vload(at('p', 2, 'rowB'))), fn.set('a3', vload(at('p', 3, 'rowB'))),
    fn.set('t0', vshuffle(g('a0'), g('a1'), [0, 4, 1, 5])), fn.set('t1', vshuffle(g('a0'), g('a1'), [2, 6, 3, 7])),
    fn.set('t2', vshuffle(g('a2'), g('a3'), [0, 4, 1, 5])), fn.set('t3', vshuffle(g('a2'), g('a3'), [2, 6, 3, 7])),
    fn.set('q', add(g('d0'), shl(add(mul(g('c'), g('R')), g('r')), 2))),
    vstore(at('q', 0, 'colB'), vshuffle(g('t0'), g('t2'), [0, 1, 4, 5])),
    vstore(at('q', 1, 'colB'), vshuffle(g('t0'), g('t2'), [2, 3, 6, 7])),
    vstore(at('q', 2, 'colB'), vshuffle(g('t1'), g('t3'), [0, 1, 4, 5])),
    vstore(at('q', 3, 'colB'), vshuffle(g('t1'), g('t3'), [2, 3, 6, 7])),
  ];
  // Tiles of ROWS x 4: each output row receives ROWS contiguous floats per tile, so writes stay
  // within a few cache lines instead of striding a whole column per store.
  const cBlock: Code[] = [
    fn.set('r', g('r0')),
    block(loop(brIf(1, gtS(add(g('r'), i32(4)), g('rEnd'))), ...tile, fn.inc('r', i32(4)), br(0))),
    fn.for('rr', g('r'), g('rEnd'), [fn.for('c4', g('c'), add(g('c'), i32(4)), [scalar(g('rr'), g('c4'))])]),
  ];
  const rowBlock: Code[] = [
    fn.set('rEnd', minS(add(g('r0'), i32(ROWS)), g('R'))),
    fn.set('c', i32(0)),
    block(loop(brIf(1, gtS(add(g('c'), i32(4)), g('C'))), ...cBlock, fn.inc('c', i32(4)), br(0))),
    fn.for('c4', g('c'), g('C'), [fn.for('rr', g('r0'), g('rEnd'), [scalar(g('rr'), g('c4'))])]),
  ];
  return fn.build(
    fn.set('rowB', shl(g('C'), 2)), fn.set('colB', shl(g('R'), 2)), fn.set('mat', shl(mul(g('R'), g('C')), 2)),
    fn.for('b', i32(0), g('batch'), [
      fn.set('s0', add(g('src'), mul(g('b'), g('mat')))), fn.set('d0', add(g('dst'), mul(g('b'), g('mat')))),
      fn.for('r0', i32(0), g('R'), rowBlock, i32(ROWS)),
    ]));
}
