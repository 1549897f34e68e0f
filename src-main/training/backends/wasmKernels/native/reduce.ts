/**
 * Sum over the middle axis of [A, R, C] (float32): the reductions BatchNorm and bias gradients
 * run over every axis but channels. The backend's own Sum/Mean first transposes channels to the
 * front with a scalar gather; this reads rows in order and adds C-wide SIMD runs, summing blocks
 * of 64 rows separately so long reductions keep their precision.
 */
import { F32, Fn, I32, add, brIf, block, br, f32, geS, i32, ifThen, leS, loop, minS, mul, ne, shl, fne, type Code } from '../../wasmAsm/ops.js';
import type { FuncDef } from '../../wasmAsm/module.js';
import { addRun, copyRun, scaleRun, zeroRun } from './loops.js';

/** Rows summed into one partial before it joins the total. */
const BLOCK = 64;

/** `reduceMid(x, out, tmp, A, R, C, scale)`: out[a, c] = scale * sum_r x[a, r, c]; tmp: C floats scratch. */
export function reduceMidFunc(): FuncDef {
  const fn = new Fn('reduceMid', ['x', 'out', 'tmp', 'A', 'R', 'C', ['scale', F32]])
    .locals(I32, 'a', 'r', 'rr', 'rEnd', 'cb', 'o', 'xa', 'acc', 'j');
  const g = (n: string): Code => fn.get(n);
  const row = (r: Code): Code => add(g('xa'), mul(r, g('cb')));
  const blockSum: Code[] = [
    fn.set('rEnd', minS(add(g('r'), i32(BLOCK)), g('R'))),
    copyRun(fn, g('acc'), row(g('r')), g('cb')),
    fn.for('rr', add(g('r'), i32(1)), g('rEnd'), [addRun(fn, g('acc'), row(g('rr')), g('cb'))]),
    ifThen(ne(g('acc'), g('o')), [addRun(fn, g('o'), g('acc'), g('cb'))]),
    fn.set('r', g('rEnd')),
  ];
  return fn.build(
    fn.set('cb', shl(g('C'), 2)),
    fn.for('a', i32(0), g('A'), [
      fn.set('o', add(g('out'), mul(g('a'), g('cb')))),
      fn.set('xa', add(g('x'), mul(mul(g('a'), g('R')), g('cb')))),
      // Up to one block: accumulate straight into out; beyond: partials in tmp, out starts at 0.
      ifThen(leS(g('R'), i32(BLOCK)), [fn.set('acc', g('o'))], [fn.set('acc', g('tmp')), zeroRun(fn, g('o'), g('cb'))]),
      ifThen(leS(g('R'), i32(0)), [zeroRun(fn, g('o'), g('cb'))]),
      fn.set('r', i32(0)),
      block(loop(brIf(1, geS(g('r'), g('R'))), ...blockSum, br(0))),
      ifThen(fne(g('scale'), f32(1)), [scaleRun(fn, g('o'), g('scale'), g('cb'))]),
    ]));
}
