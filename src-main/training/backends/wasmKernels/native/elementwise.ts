/**
 * Element-wise gradient kernels the wasm backend lacks: ReluGrad and Relu6Grad (the mask of the
 * forward input times dy), and UnsortedSegmentSum (the gradient of Gather / embeddings).
 */
import {
  Fn, I32, V128, add, and, f32, f32load, f32store, fgt, fle, i32, i32load, ifThen, ltU, memFill,
  memCopy, mul, select, shl, vand, vgt, vle, vload, vsplat, vstore, type Code,
} from '../../wasmAsm/ops.js';
import type { FuncDef } from '../../wasmAsm/module.js';
import { addRun } from './loops.js';

function maskedGrad(name: string, upper: number | null): FuncDef {
  const fn = new Fn(name, ['dy', 'y', 'out', 'n']).locals(I32, 'j', 'nb').locals(V128, 'zero', 'top');
  const g = (n: string): Code => fn.get(n);
  const vmask = (y: Code): Code => upper === null ? vgt(y, g('zero')) : vand(vgt(y, g('zero')), vle(y, g('top')));
  const smask = (y: Code): Code => upper === null ? fgt(y, f32(0)) : and(fgt(y, f32(0)), fle(y, f32(upper)));
  return fn.build(
    fn.set('nb', shl(g('n'), 2)), fn.set('zero', vsplat(f32(0))), fn.set('top', vsplat(f32(upper ?? 0))),
    fn.for('j', i32(0), add(g('nb'), i32(-15)), [
      vstore(add(g('out'), g('j')), vand(vload(add(g('dy'), g('j'))), vmask(vload(add(g('y'), g('j')))))),
    ], i32(16)),
    fn.for('j', g('j'), g('nb'), [
      f32store(add(g('out'), g('j')), select(f32load(add(g('dy'), g('j'))), f32(0), smask(f32load(add(g('y'), g('j')))))),
    ], i32(4)),
  );
}

/** `reluGrad(dy, y, out, n)`: out = y > 0 ? dy : 0. */
export const reluGradFunc = (): FuncDef => maskedGrad('reluGrad', null);
/** `relu6Grad(dy, y, out, n)`: out = 0 < y <= 6 ? dy : 0. */
export const relu6GradFunc = (): FuncDef => maskedGrad('relu6Grad', 6);

/**
 * `segmentSum(data, ids, out, n, inner, segments)`: out[s] = sum of data rows i with ids[i] = s.
 * data: [n, inner] f32, ids: [n] i32, out: [segments, inner] f32; ids outside [0, segments) drop.
 */
export function segmentSumFunc(): FuncDef {
  const fn = new Fn('segmentSum', ['data', 'ids', 'out', 'n', 'inner', 'segments']).locals(I32, 'i', 's', 'ib', 'j');
  const g = (n: string): Code => fn.get(n);
  return fn.build(
    fn.set('ib', shl(g('inner'), 2)),
    memFill(g('out'), i32(0), mul(g('segments'), g('ib'))),
    fn.for('i', i32(0), g('n'), [
      fn.set('s', i32load(add(g('ids'), shl(g('i'), 2)))),
      ifThen(ltU(g('s'), g('segments')), [
        addRun(fn, add(g('out'), mul(g('s'), g('ib'))), add(g('data'), mul(g('i'), g('ib'))), g('ib')),
      ]),
    ]),
  );
}

/** `addInto(dst, src, n)`: dst += src over n float32 (sums partial GEMM results). */
export function addIntoFunc(): FuncDef {
  const fn = new Fn('addInto', ['dst', 'src', 'n']).locals(I32, 'j');
  return fn.build(addRun(fn, fn.get('dst'), fn.get('src'), shl(fn.get('n'), 2)));
}

/** `copyBytes(dst, src, n)`: memmove of n bytes inside the shared memory (Tile's building block). */
export function copyBytesFunc(): FuncDef {
  const fn = new Fn('copyBytes', ['dst', 'src', 'n']);
  return fn.build(memCopy(fn.get('dst'), fn.get('src'), fn.get('n')));
}
