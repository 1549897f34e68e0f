/**
 * im2col / col2im for 2D and 3D convolutions in NDHWC layout (2D is D = KD = 1), the data
 * movement that turns a convolution or its gradients into one matrix multiply (done by the
 * backend's XNNPACK GEMM).
 *
 * cols: [B*OD*OH*OW, KD*KH*KW*C] float32, row n = output position, column = (kd, kh, kw, c);
 * x / dx: [B, D, H, W, C] float32. Out-of-range taps (padding) read as 0 / are dropped.
 */
import { Fn, I32, add, and, eq, geS, i32, ifThen, leS, ltU, memFill, mul, shl, sub, type Code } from '../../wasmAsm/ops.js';
import type { FuncDef } from '../../wasmAsm/module.js';
import { addRun, copyRun, zeroRun } from './loops.js';

/** Parameter order shared by both kernels after the two pointers. */
export const COLS_PARAMS = ['B', 'D', 'H', 'W', 'C', 'OD', 'OH', 'OW', 'KD', 'KH', 'KW',
  'sd', 'sh', 'sw', 'dd', 'dh', 'dw', 'pf', 'pt', 'pl'] as const;

/**
 * The loop nest over output positions and taps. `inRow(rowBase, iw0)` handles one (n, kd, kh)
 * whose input row is in range, `outRow()` one whose row is padding; `cur` walks cols.
 */
function nest(fn: Fn, inRow: (rowBase: Code) => Code[], outRow: () => Code[]): Code {
  const g = (n: string): Code => fn.get(n);
  return fn.for('b', i32(0), g('B'), [fn.for('od', i32(0), g('OD'), [fn.for('oh', i32(0), g('OH'), [
    fn.for('ow', i32(0), g('OW'), [
      fn.set('iw0', sub(mul(g('ow'), g('sw')), g('pl'))),
      fn.for('kd', i32(0), g('KD'), [
        fn.set('id', add(sub(mul(g('od'), g('sd')), g('pf')), mul(g('kd'), g('dd')))),
        fn.for('kh', i32(0), g('KH'), [
          fn.set('ih', add(sub(mul(g('oh'), g('sh')), g('pt')), mul(g('kh'), g('dh')))),
          ifThen(and(ltU(g('id'), g('D')), ltU(g('ih'), g('H'))),
            inRow(add(g('x'), mul(mul(add(mul(add(mul(g('b'), g('D')), g('id')), g('H')), g('ih')), g('W')), g('cb')))),
            outRow()),
        ]),
      ]),
    ]),
  ])])]);
}

function setup(fn: Fn): Code[] {
  return [fn.set('cb', shl(fn.get('C'), 2)), fn.set('rowBytes', mul(fn.get('KW'), fn.get('cb'))), fn.set('cur', fn.get('cols'))];
}

/** True when the whole kw run of this row is in range and contiguous (dilation 1). */
function contiguous(fn: Fn): Code {
  return and(and(eq(fn.get('dw'), i32(1)), geS(fn.get('iw0'), i32(0))), leS(add(fn.get('iw0'), fn.get('KW')), fn.get('W')));
}

/** Per-tap loop over kw for rows that are partly padding or dilated. */
function perTap(fn: Fn, rowBase: Code, inTap: (src: Code) => Code, outTap: () => Code): Code {
  const g = (n: string): Code => fn.get(n);
  return fn.for('kw', i32(0), g('KW'), [
    fn.set('iw', add(g('iw0'), mul(g('kw'), g('dw')))),
    ifThen(ltU(g('iw'), g('W')), [inTap(add(rowBase, mul(g('iw'), g('cb'))))], [outTap()]),
    fn.inc('cur', g('cb')),
  ]);
}

function newFn(name: string): Fn {
  return new Fn(name, ['x', 'cols', ...COLS_PARAMS])
    .locals(I32, 'b', 'od', 'oh', 'ow', 'kd', 'kh', 'kw', 'id', 'ih', 'iw', 'iw0', 'cb', 'rowBytes', 'cur', 'j');
}

/** `im2col(x, cols, ...COLS_PARAMS)`: cols = the taps of x under each output position. */
export function im2colFunc(): FuncDef {
  const fn = newFn('im2col');
  const g = (n: string): Code => fn.get(n);
  return fn.build(...setup(fn), nest(fn,
    (rowBase) => [ifThen(contiguous(fn),
      [copyRun(fn, g('cur'), add(rowBase, mul(g('iw0'), g('cb'))), g('rowBytes')), fn.inc('cur', g('rowBytes'))],
      [perTap(fn, rowBase, (src) => copyRun(fn, g('cur'), src, g('cb')), () => zeroRun(fn, g('cur'), g('cb')))])],
    () => [zeroRun(fn, g('cur'), g('rowBytes')), fn.inc('cur', g('rowBytes'))]));
}

/** `col2im(dx, cols, ...COLS_PARAMS)`: dx = 0, then every tap of cols added back where it came from. */
export function col2imFunc(): FuncDef {
  const fn = newFn('col2im');
  const g = (n: string): Code => fn.get(n);
  const total = mul(mul(mul(mul(g('B'), g('D')), g('H')), g('W')), g('cb'));
  return fn.build(...setup(fn), memFill(g('x'), i32(0), total), nest(fn,
    (rowBase) => [ifThen(contiguous(fn),
      [addRun(fn, add(rowBase, mul(g('iw0'), g('cb'))), g('cur'), g('rowBytes')), fn.inc('cur', g('rowBytes'))],
      [perTap(fn, rowBase, (dst) => addRun(fn, dst, g('cur'), g('cb')), () => [])])],
    () => [fn.inc('cur', g('rowBytes'))]));
}
