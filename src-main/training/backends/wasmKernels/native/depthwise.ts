/**
 * Gradients of depthwise 2D convolution (NHWC), which the wasm backend lacks. Channels are the
 * innermost axis, so each tap is one SIMD run over C (channel multiplier M = 1) or a short
 * scalar loop over (c, m).
 *
 * x / dx: [B, H, W, C], dy: [B, OH, OW, C*M], filter / dW: [KH, KW, C, M], all float32.
 */
import {
  Fn, F32, I32, add, eq, f32, f32load, f32store, fadd, fmul, i32, ifThen, ltU, memFill, mul,
  shl, sub, type Code,
} from '../../wasmAsm/ops.js';
import type { FuncDef } from '../../wasmAsm/module.js';
import { mulAddRun } from './loops.js';

const PARAMS = ['B', 'H', 'W', 'C', 'M', 'OH', 'OW', 'KH', 'KW', 'sh', 'sw', 'dh', 'dwid', 'pt', 'pl'];

/**
 * Loop over (b, oh, ow, kh, kw) taps that land inside the input; `tap()` sees locals `xp` (input
 * or dx position, byte address of channel 0), `wp` (filter tap) and `dyp` (dy position).
 */
function taps(fn: Fn, xName: string, wName: string, dyName: string, tap: () => Code[]): Code {
  const g = (n: string): Code => fn.get(n);
  return fn.for('b', i32(0), g('B'), [fn.for('oh', i32(0), g('OH'), [fn.for('ow', i32(0), g('OW'), [
    fn.set('dyp', add(g(dyName), mul(add(mul(add(mul(g('b'), g('OH')), g('oh')), g('OW')), g('ow')), g('cmb')))),
    fn.for('kh', i32(0), g('KH'), [
      fn.set('ih', add(sub(mul(g('oh'), g('sh')), g('pt')), mul(g('kh'), g('dh')))),
      ifThen(ltU(g('ih'), g('H')), [fn.for('kw', i32(0), g('KW'), [
        fn.set('iw', add(sub(mul(g('ow'), g('sw')), g('pl')), mul(g('kw'), g('dwid')))),
        ifThen(ltU(g('iw'), g('W')), [
          fn.set('xp', add(g(xName), mul(add(mul(add(mul(g('b'), g('H')), g('ih')), g('W')), g('iw')), g('cb')))),
          fn.set('wp', add(g(wName), mul(add(mul(g('kh'), g('KW')), g('kw')), g('cmb')))),
          ...tap(),
        ]),
      ])]),
    ]),
  ])])]);
}

function newFn(name: string, ptrs: string[]): Fn {
  return new Fn(name, [...ptrs, ...PARAMS])
    .locals(I32, 'b', 'oh', 'ow', 'kh', 'kw', 'ih', 'iw', 'xp', 'wp', 'dyp', 'cb', 'cmb', 'c', 'm', 'q', 'j')
    .locals(F32, 'acc', 'xv');
}

function sizes(fn: Fn): Code[] {
  return [fn.set('cb', shl(fn.get('C'), 2)), fn.set('cmb', shl(mul(fn.get('C'), fn.get('M')), 2))];
}

/** `dwFilterGrad(x, dy, dw, ...)`: dW[kh,kw,c,m] = sum over positions of x * dy. */
export function depthwiseFilterGradFunc(): FuncDef {
  const fn = newFn('dwFilterGrad', ['x', 'dy', 'dw']);
  const g = (n: string): Code => fn.get(n);
  const general: Code[] = [fn.for('c', i32(0), g('C'), [
    fn.set('xv', f32load(add(g('xp'), shl(g('c'), 2)))),
    fn.for('m', i32(0), g('M'), [
      fn.set('q', shl(add(mul(g('c'), g('M')), g('m')), 2)),
      f32store(add(g('wp'), g('q')), fadd(f32load(add(g('wp'), g('q'))), fmul(g('xv'), f32load(add(g('dyp'), g('q')))))),
    ]),
  ])];
  return fn.build(...sizes(fn), memFill(g('dw'), i32(0), mul(mul(g('KH'), g('KW')), g('cmb'))),
    taps(fn, 'x', 'dw', 'dy', () => [ifThen(eq(g('M'), i32(1)), [mulAddRun(fn, g('wp'), g('xp'), g('dyp'), g('cb'))], general)]));
}

/** `dwInputGrad(dx, dy, filter, ...)`: dx[b,ih,iw,c] = sum over taps of dy * filter. */
export function depthwiseInputGradFunc(): FuncDef {
  const fn = newFn('dwInputGrad', ['dx', 'dy', 'filter']);
  const g = (n: string): Code => fn.get(n);
  const general: Code[] = [fn.for('c', i32(0), g('C'), [
    fn.set('acc', f32(0)),
    fn.for('m', i32(0), g('M'), [
      fn.set('q', shl(add(mul(g('c'), g('M')), g('m')), 2)),
      fn.set('acc', fadd(g('acc'), fmul(f32load(add(g('dyp'), g('q'))), f32load(add(g('wp'), g('q')))))),
    ]),
    f32store(add(g('xp'), shl(g('c'), 2)), fadd(f32load(add(g('xp'), shl(g('c'), 2))), g('acc'))),
  ])];
  const total = mul(mul(mul(g('B'), g('H')), g('W')), g('cb'));
  return fn.build(...sizes(fn), memFill(g('dx'), i32(0), total),
    taps(fn, 'dx', 'filter', 'dy', () => [ifThen(eq(g('M'), i32(1)), [mulAddRun(fn, g('xp'), g('dyp'), g('wp'), g('cb'))], general)]));
}

