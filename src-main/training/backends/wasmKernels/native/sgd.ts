/**
 * The element-wise passes of an SGD step that would otherwise each make a weights-sized array:
 * the momentum update, and clipping plus coupled weight decay of a gradient. The same f32
 * arithmetic in the same order as tfjs's op-by-op versions (MomentumOptimizer, and
 * trainer/optimizer.ts transformGradients), so results are bit for bit the same. Each output
 * element depends only on the same element of the inputs, so outputs may alias inputs.
 */
import { Fn, F32, I32, V128, add, f32load, f32store, fadd, fmul, i32, shl, vadd, vload, vmul, vsplat, vstore, type Code } from '../../wasmAsm/ops.js';
import type { FuncDef } from '../../wasmAsm/module.js';

/** One element's (or four lanes') arithmetic, from loads of the named inputs and the splatted constants. */
type Body = (load: (p: string) => Code, k: (c: string) => Code, mul: (a: Code, b: Code) => Code, add: (a: Code, b: Code) => Code) => Record<string, Code>;

/** A function over `n` float32 of the pointer params `ins`, storing `outs` (pointers) from `body`; f32 params `consts`. */
function elementwise(name: string, ins: string[], outs: string[], consts: string[], body: Body): FuncDef {
  const fn = new Fn(name, [...ins, ...outs, 'n', ...consts.map((c): [string, typeof F32] => [c, F32])])
    .locals(I32, 'j', 'nb').locals(V128, ...consts.map((c) => `${c}4`), ...outs.map((o) => `${o}4`)).locals(F32, ...outs.map((o) => `${o}1`));
  const g = (n: string): Code => fn.get(n);
  const at = (p: string): Code => add(g(p), g('j'));
  const vec = body((p) => vload(at(p)), (c) => g(`${c}4`), vmul, vadd);
  const one = body((p) => f32load(at(p)), (c) => g(c), fmul, fadd);
  // all values into locals before the first store, so an output may alias any input
  const pass = (vals: Record<string, Code>, suffix: string, store: (a: Code, v: Code) => Code): Code[] => [
    ...outs.map((o) => fn.set(`${o}${suffix}`, vals[o]!)),
    ...outs.map((o) => store(at(o), g(`${o}${suffix}`))),
  ];
  return fn.build(
    ...consts.map((c) => fn.set(`${c}4`, vsplat(g(c)))),
    fn.set('nb', shl(g('n'), 2)),
    fn.for('j', i32(0), add(g('nb'), i32(-15)), pass(vec, '4', vstore), i32(16)),
    fn.for('j', g('j'), g('nb'), pass(one, '1', f32store), i32(4)),
  );
}

/**
 * `momentum(w, acc, g, wOut, accOut, n, m, c)`: acc' = m acc + g; w' = c acc' + w (c = -lr), as
 * tf.train.momentum. `momentumNesterov`: w' = c (g + acc' m) + w.
 */
export function momentumFunc(nesterov: boolean): FuncDef {
  return elementwise(nesterov ? 'momentumNesterov' : 'momentum', ['w', 'acc', 'g'], ['wOut', 'accOut'], ['m', 'c'], (load, k, mul, plus) => {
    const acc = plus(mul(k('m'), load('acc')), load('g'));
    const step = nesterov ? plus(load('g'), mul(acc, k('m'))) : acc;
    return { accOut: acc, wOut: plus(mul(k('c'), step), load('w')) };
  });
}

/** `gradScaleDecay(g, w, out, n, scale, wd)`: out = g scale + w wd. `gradScale`: g scale. `gradDecay`: g + w wd. */
export function gradTransformFunc(scale: boolean, decay: boolean): FuncDef {
  const name = scale && decay ? 'gradScaleDecay' : scale ? 'gradScale' : 'gradDecay';
  return elementwise(name, ['g', 'w'], ['out'], ['scale', 'wd'], (load, k, mul, plus) => {
    const g = scale ? mul(load('g'), k('scale')) : load('g');
    return { out: decay ? plus(g, mul(load('w'), k('wd'))) : g };
  });
}
