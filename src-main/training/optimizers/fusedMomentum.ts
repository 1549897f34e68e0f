/**
 * SGD with momentum (tf.train.momentum) with a fused in-place update where the backend has one
 * (wasm: MwbMomentumUpdate), tfjs's own everywhere else. Same arithmetic bit for bit, same state
 * (one accumulation per variable), same serialisation. tfjs's version holds four temporaries the
 * size of each variable until its update ends, which S004's 103 M-weight full6 cannot afford.
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedTensor, NamedVariableMap } from '@tensorflow/tfjs-core/dist/tensor_types.js';
import { MomentumUpdate } from '../backends/wasmKernels/sgdUpdate.js';

/** tfjs's private momentum state, which this subclass updates the same way. */
interface MomentumState {
  accumulations: { originalName: string; variable: tf.Variable }[];
  /** The momentum and -learning rate as the tfjs ops use them (float32 scalars). */
  m: tf.Scalar;
  c: tf.Scalar;
  useNesterov: boolean;
}

/** tf.train.momentum with the fused update on backends that register `MwbMomentumUpdate`. */
export class FusedMomentumOptimizer extends tf.MomentumOptimizer {
  /** Same contract as MomentumOptimizer.applyGradients. */
  override applyGradients(variableGradients: NamedVariableMap | NamedTensor[]): void {
    if (!tf.getKernel(MomentumUpdate, tf.getBackend())) return super.applyGradients(variableGradients);
    const s = this as unknown as MomentumState;
    const list = Array.isArray(variableGradients) ? variableGradients : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor: tensor as tf.Tensor }));
    const momentum = s.m.dataSync()[0]!, c = s.c.dataSync()[0]!;
    list.forEach(({ name, tensor: gradient }, i) => {
      const value = tf.engine().registeredVariables[name]!;
      s.accumulations[i] ??= { originalName: `${name}/momentum`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      if (gradient == null) return;
      const acc = s.accumulations[i]!.variable;
      tf.tidy(() => {
        const [w2, acc2] = tf.engine().runKernel(MomentumUpdate, { value, acc, gradient },
          { momentum, c, nesterov: s.useNesterov, inPlace: true }) as tf.Tensor[];
        acc.assign(acc2!);
        value.assign(w2!);
      });
    });
    this.incrementIterations();
  }
}
