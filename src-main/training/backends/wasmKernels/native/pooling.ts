/**
 * Max-pooling gradient for 2D and 3D (NDHWC, 2D is D = KD = 1): dy goes to the window's maximum.
 * The backend's own MaxPoolGrad/MaxPool3DGrad are scalar loops over every dx element and window.
 * Ties pick the first maximum in scan order (tfjs's 2D rule) or the last (its 3D rule).
 *
 * x / dx: [B, D, H, W, C], dy: [B, OD, OH, OW, C], float32.
 */
import {
  F32, Fn, I32, add, f32, f32load, f32store, fadd, fge, fgt, geS, i32, ifThen, ltU, memFill, mul,
  select, shl, sub, type Code,
} from '../../wasmAsm/ops.js';
import type { FuncDef } from '../../wasmAsm/module.js';

/** `maxPoolGrad(x, dy, dx, B, D, H, W, C, OD, OH, OW, KD, KH, KW, sd, sh, sw, pf, pt, pl, tieLast)`. */
export function maxPoolGradFunc(): FuncDef {
  const fn = new Fn('maxPoolGrad', ['x', 'dy', 'dx', 'B', 'D', 'H', 'W', 'C', 'OD', 'OH', 'OW', 'KD', 'KH', 'KW',
    'sd', 'sh', 'sw', 'pf', 'pt', 'pl', 'tieLast'])
    .locals(I32, 'b', 'od', 'oh', 'ow', 'c', 'kd', 'kh', 'kw', 'id', 'ih', 'iw', 'dyp', 'off', 'bestOff')
    .locals(F32, 'best', 'v');
  const g = (n: string): Code => fn.get(n);
  const better = select(fge(g('v'), g('best')), fgt(g('v'), g('best')), g('tieLast'));
  const inner = fn.for('kw', i32(0), g('KW'), [
    fn.set('iw', add(sub(mul(g('ow'), g('sw')), g('pl')), g('kw'))),
    ifThen(ltU(g('iw'), g('W')), [
      fn.set('off', shl(add(mul(add(mul(add(mul(add(mul(g('b'), g('D')), g('id')), g('H')), g('ih')), g('W')), g('iw')), g('C')), g('c')), 2)),
      fn.set('v', f32load(add(g('x'), g('off')))),
      ifThen(better, [fn.set('best', g('v')), fn.set('bestOff', g('off'))]),
    ]),
  ]);
  const window = fn.for('kd', i32(0), g('KD'), [
    fn.set('id', add(sub(mul(g('od'), g('sd')), g('pf')), g('kd'))),
    ifThen(ltU(g('id'), g('D')), [fn.for('kh', i32(0), g('KH'), [
      fn.set('ih', add(sub(mul(g('oh'), g('sh')), g('pt')), g('kh'))),
      ifThen(ltU(g('ih'), g('H')), [inner]),
    ])]),
  ]);
  return fn.build(
    memFill(g('dx'), i32(0), shl(mul(mul(mul(mul(g('B'), g('D')), g('H')), g('W')), g('C')), 2)),
    fn.for('b', i32(0), g('B'), [fn.for('od', i32(0), g('OD'), [fn.for('oh', i32(0), g('OH'), [fn.for('ow', i32(0), g('OW'), [
      fn.set('dyp', add(g('dy'), shl(mul(add(mul(add(mul(add(mul(g('b'), g('OD')), g('od')), g('OH')), g('oh')), g('OW')), g('ow')), g('C')), 2))),
      fn.for('c', i32(0), g('C'), [
        fn.set('best', f32(-Infinity)), fn.set('bestOff', i32(-1)),
        window,
        ifThen(geS(g('bestOff'), i32(0)), [
          f32store(add(g('dx'), g('bestOff')), fadd(f32load(add(g('dx'), g('bestOff'))), f32load(add(g('dyp'), shl(g('c'), 2))))),
        ]),
      ]),
    ])])])]));
}
