/**
 * Channel-major im2col for filter gradients: colsT[K, N] with row k = (tap, c) and column n =
 * output position, built from xT [C, B, D, H, W] (x with channels first). With it the filter
 * gradient is colsT @ dy, a GEMM whose packed operand is the small dy rather than the large
 * columns (XNNPACK repacks its right operand on every call, ~3 ns per element).
 */
import { Fn, I32, add, and, eq, i32, ifThen, ltU, minS, mul, select, shl, sub, geS, f32load, f32store, f32, type Code } from '../../wasmAsm/ops.js';
import type { FuncDef } from '../../wasmAsm/module.js';
import { copyRun, zeroRun } from './loops.js';
import { COLS_PARAMS } from './convCols.js';

/** `im2colT(xT, colsT, ...COLS_PARAMS)`. */
export function im2colTFunc(): FuncDef {
  const fn = new Fn('im2colT', ['xT', 'colsT', ...COLS_PARAMS])
    .locals(I32, 'kd', 'kh', 'kw', 'c', 'b', 'od', 'oh', 'ow', 'id', 'ih', 'iw', 'iw0', 'xc', 'row', 'cur', 'lo', 'hi', 'plane', 'ob', 'j');
  const g = (n: string): Code => fn.get(n);
  const max0 = (v: Code): Code => select(v, i32(0), geS(v, i32(0)));
  // Stride 1 along W: zeros, one contiguous copy, zeros. Otherwise a bounds-checked gather.
  const unitStride: Code[] = [
    fn.set('lo', minS(max0(sub(i32(0), g('iw0'))), g('OW'))),
    fn.set('hi', minS(g('OW'), sub(g('W'), g('iw0')))),
    fn.set('hi', select(g('hi'), g('lo'), geS(g('hi'), g('lo')))),
    zeroRun(fn, g('cur'), shl(g('lo'), 2)),
    copyRun(fn, add(g('cur'), shl(g('lo'), 2)), add(g('row'), shl(add(g('iw0'), g('lo')), 2)), shl(sub(g('hi'), g('lo')), 2)),
    zeroRun(fn, add(g('cur'), shl(g('hi'), 2)), shl(sub(g('OW'), g('hi')), 2)),
  ];
  const strided: Code[] = [fn.for('ow', i32(0), g('OW'), [
    fn.set('iw', add(mul(g('ow'), g('sw')), g('iw0'))),
    f32store(add(g('cur'), shl(g('ow'), 2)), selectLoad(fn)),
  ])];
  const outRow: Code[] = [
    fn.set('ih', add(sub(mul(g('oh'), g('sh')), g('pt')), mul(g('kh'), g('dh')))),
    ifThen(and(ltU(g('id'), g('D')), ltU(g('ih'), g('H'))), [
      fn.set('row', add(g('xc'), shl(mul(add(mul(add(mul(g('b'), g('D')), g('id')), g('H')), g('ih')), g('W')), 2))),
      ifThen(eq(g('sw'), i32(1)), unitStride, strided),
    ], [zeroRun(fn, g('cur'), g('ob'))]),
    fn.inc('cur', g('ob')),
  ];
  return fn.build(
    fn.set('plane', mul(mul(mul(g('B'), g('D')), g('H')), g('W'))),
    fn.set('ob', shl(g('OW'), 2)), fn.set('cur', g('colsT')),
    fn.for('kd', i32(0), g('KD'), [fn.for('kh', i32(0), g('KH'), [fn.for('kw', i32(0), g('KW'), [
      fn.set('iw0', sub(mul(g('kw'), g('dw')), g('pl'))),
      fn.for('c', i32(0), g('C'), [
        fn.set('xc', add(g('xT'), shl(mul(g('c'), g('plane')), 2))),
        fn.for('b', i32(0), g('B'), [fn.for('od', i32(0), g('OD'), [
          fn.set('id', add(sub(mul(g('od'), g('sd')), g('pf')), mul(g('kd'), g('dd')))),
          fn.for('oh', i32(0), g('OH'), outRow),
        ])]),
      ]),
    ])])]));
}

/** x at (row, iw) when iw is inside the row, else 0 (no out-of-range load). */
function selectLoad(fn: Fn): Code {
  const g = (n: string): Code => fn.get(n);
  // Clamp the index so the load stays inside the row, then pick 0 where iw was out of range.
  const safe = select(g('iw'), i32(0), ltU(g('iw'), g('W')));
  return select(f32load(add(g('row'), shl(safe, 2))), f32(0), ltU(g('iw'), g('W')));
}
