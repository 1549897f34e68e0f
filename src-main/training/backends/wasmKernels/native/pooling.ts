/**
 * Max-pooling gradient for 2D and 3D (NDHWC, 2D is D = KD = 1): dy goes to the window's maximum.
 * The backend's own MaxPoolGrad/MaxPool3DGrad are scalar loops over every dx element and window.
 * Ties pick the first maximum in scan order (tfjs's 2D rule) or the last (its 3D rule).
 *
 * x / dx: [B, D, H, W, C], dy: [B, OD, OH, OW, C], float32.
 */
import {
  F32, Fn, I32, V128, add, block, br, brIf, f32, f32load, f32store, fadd, fge, fgt, geS, gtS, i32, iadd4,
  iconst4, iextract, ifThen, isplat, loop, ltU, memFill, mul, select, shl, sub, vand, vbitselect, veq, vgt,
  vload, vor, vsplat, type Code,
} from '../../wasmAsm/ops.js';
import type { FuncDef } from '../../wasmAsm/module.js';
import { maxRun, setRun } from './loops.js';

/** Loops over the window taps of output (od, oh, ow) that fall inside the input; `body` sees id, ih, iw. */
function windowTaps(fn: Fn, body: Code[]): Code {
  const g = (n: string): Code => fn.get(n);
  return fn.for('kd', i32(0), g('KD'), [
    fn.set('id', add(sub(mul(g('od'), g('sd')), g('pf')), g('kd'))),
    ifThen(ltU(g('id'), g('D')), [fn.for('kh', i32(0), g('KH'), [
      fn.set('ih', add(sub(mul(g('oh'), g('sh')), g('pt')), g('kh'))),
      ifThen(ltU(g('ih'), g('H')), [fn.for('kw', i32(0), g('KW'), [
        fn.set('iw', add(sub(mul(g('ow'), g('sw')), g('pl')), g('kw'))),
        ifThen(ltU(g('iw'), g('W')), body),
      ])]),
    ])]),
  ]);
}

/**
 * `maxPoolGrad(x, dy, dx, B, D, H, W, C, OD, OH, OW, KD, KH, KW, sd, sh, sw, pf, pt, pl, tieLast)`.
 * Four channels at a time: per lane the best value and its byte offset, then four scatters.
 */
export function maxPoolGradFunc(): FuncDef {
  const fn = new Fn('maxPoolGrad', ['x', 'dy', 'dx', 'B', 'D', 'H', 'W', 'C', 'OD', 'OH', 'OW', 'KD', 'KH', 'KW',
    'sd', 'sh', 'sw', 'pf', 'pt', 'pl', 'tieLast'])
    .locals(I32, 'b', 'od', 'oh', 'ow', 'c', 'kd', 'kh', 'kw', 'id', 'ih', 'iw', 'dyp', 'off', 'bestOff', 'o')
    .locals(F32, 'best', 'v')
    .locals(V128, 'best4', 'off4', 'v4', 'mask', 'tie4');
  const g = (n: string): Code => fn.get(n);
  const offset = shl(add(mul(add(mul(add(mul(add(mul(g('b'), g('D')), g('id')), g('H')), g('ih')), g('W')), g('iw')), g('C')), g('c')), 2);
  const better = select(fge(g('v'), g('best')), fgt(g('v'), g('best')), g('tieLast'));
  const addTo = (o: Code, c: Code): Code => f32store(add(g('dx'), o), fadd(f32load(add(g('dx'), o)), f32load(add(g('dyp'), shl(c, 2)))));
  const vectorTap: Code[] = [
    fn.set('off', offset),
    fn.set('v4', vload(add(g('x'), g('off')))),
    fn.set('mask', vor(vgt(g('v4'), g('best4')), vand(veq(g('v4'), g('best4')), g('tie4')))),
    fn.set('best4', vbitselect(g('v4'), g('best4'), g('mask'))),
    fn.set('off4', vbitselect(iadd4(isplat(g('off')), iconst4([0, 4, 8, 12])), g('off4'), g('mask'))),
  ];
  const vectorBlock: Code[] = [
    fn.set('best4', vsplat(f32(-Infinity))), fn.set('off4', isplat(i32(-1))),
    windowTaps(fn, vectorTap),
    ...[0, 1, 2, 3].map((lane) => [
      ...fn.set('o', iextract(g('off4'), lane)),
      ...ifThen(geS(g('o'), i32(0)), [addTo(g('o'), add(g('c'), i32(lane)))]),
    ]),
  ];
  const scalarChannel: Code[] = [
    fn.set('best', f32(-Infinity)), fn.set('bestOff', i32(-1)),
    windowTaps(fn, [fn.set('off', offset), fn.set('v', f32load(add(g('x'), g('off')))),
      ifThen(better, [fn.set('best', g('v')), fn.set('bestOff', g('off'))])]),
    ifThen(geS(g('bestOff'), i32(0)), [addTo(g('bestOff'), g('c'))]),
  ];
  return fn.build(
    memFill(g('dx'), i32(0), shl(mul(mul(mul(mul(g('B'), g('D')), g('H')), g('W')), g('C')), 2)),
    fn.set('tie4', isplat(sub(i32(0), g('tieLast')))),
    fn.for('b', i32(0), g('B'), [fn.for('od', i32(0), g('OD'), [fn.for('oh', i32(0), g('OH'), [fn.for('ow', i32(0), g('OW'), [
      fn.set('dyp', add(g('dy'), shl(mul(add(mul(add(mul(add(mul(g('b'), g('OD')), g('od')), g('OH')), g('oh')), g('OW')), g('ow')), g('C')), 2))),
      fn.set('c', i32(0)),
      block(loop(brIf(1, gtS(add(g('c'), i32(4)), g('C'))), ...vectorBlock, fn.inc('c', i32(4)), br(0))),
      fn.for('c', g('c'), g('C'), scalarChannel),
    ])])])]));
}

/**
 * `maxPool(x, y, B, D, H, W, C, OD, OH, OW, KD, KH, KW, sd, sh, sw, pf, pt, pl)`: y = the max of
 * each window, padding ignored; SIMD over channels. Replaces MaxPool3D, whose built-in misplaces
 * the window under asymmetric 'same' padding (even filter sizes) and is a scalar loop.
 */
export function maxPoolFunc(): FuncDef {
  const fn = new Fn('maxPool', ['x', 'y', 'B', 'D', 'H', 'W', 'C', 'OD', 'OH', 'OW', 'KD', 'KH', 'KW',
    'sd', 'sh', 'sw', 'pf', 'pt', 'pl'])
    .locals(I32, 'b', 'od', 'oh', 'ow', 'kd', 'kh', 'kw', 'id', 'ih', 'iw', 'yp', 'cb', 'j');
  const g = (n: string): Code => fn.get(n);
  const xp = add(g('x'), mul(add(mul(add(mul(add(mul(g('b'), g('D')), g('id')), g('H')), g('ih')), g('W')), g('iw')), g('cb')));
  const window = fn.for('kd', i32(0), g('KD'), [
    fn.set('id', add(sub(mul(g('od'), g('sd')), g('pf')), g('kd'))),
    ifThen(ltU(g('id'), g('D')), [fn.for('kh', i32(0), g('KH'), [
      fn.set('ih', add(sub(mul(g('oh'), g('sh')), g('pt')), g('kh'))),
      ifThen(ltU(g('ih'), g('H')), [fn.for('kw', i32(0), g('KW'), [
        fn.set('iw', add(sub(mul(g('ow'), g('sw')), g('pl')), g('kw'))),
        ifThen(ltU(g('iw'), g('W')), [maxRun(fn, g('yp'), xp, g('cb'))]),
      ])]),
    ])]),
  ]);
  return fn.build(
    fn.set('cb', shl(g('C'), 2)), fn.set('yp', g('y')),
    fn.for('b', i32(0), g('B'), [fn.for('od', i32(0), g('OD'), [fn.for('oh', i32(0), g('OH'), [fn.for('ow', i32(0), g('OW'), [
      setRun(fn, g('yp'), -Infinity, g('cb')), window, fn.inc('yp', g('cb')),
    ])])])]));
}
