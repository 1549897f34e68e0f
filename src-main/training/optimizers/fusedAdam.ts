/**
 * Adam with a fused update where the backend has one (wasm: one SIMD pass per variable instead
 * of ~13 element-wise ops), and tfjs's own Adam everywhere else. Same arithmetic, same state
 * (m, v, accumulated betas), same serialisation, so runs and checkpoints do not depend on it.
 * The kernel updates the variables in place where nothing else holds their memory (see
 * adamUpdate.ts); the assigns below are then no-ops.
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedTensor, NamedVariableMap } from '@tensorflow/tfjs-core/dist/tensor_types.js';
import { AdamUpdate } from '../backends/wasmKernels/adamUpdate.js';

/** tfjs's private Adam state, which this subclass updates the same way. */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
  learningRate: number; beta1: number; beta2: number; epsilon: number;
}

/** tf.train.adam with the fused update on backends that register `MwbAdamUpdate`. */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  constructor(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon?: number) {
    super(learningRate, beta1, beta2, epsilon);
  }

  /** Same contract as AdamOptimizer.applyGradients. */
  override applyGradients(variableGradients: NamedVariableMap | NamedTensor[]): void {
    if (!tf.getKernel(AdamUpdate, tf.getBackend())) return super.applyGradients(variableGradients);
    const s = this as unknown as AdamState;
    const list = Array.isArray(variableGradients) ? variableGradients : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor: tensor as tf.Tensor }));
    const c1 = 1 - s.accBeta1.dataSync()[0]!, c2 = 1 - s.accBeta2.dataSync()[0]!;
    tf.tidy(() => {
      list.forEach(({ name, tensor: gradient }, i) => {
        const value = tf.engine().registeredVariables[name]!;
        s.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        s.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        if (gradient == null) return;
        const m = s.accumulatedFirstMoment[i]!.variable, v = s.accumulatedSecondMoment[i]!.variable;
        const [w2, m2, v2] = tf.engine().runKernel(AdamUpdate, { value, m, v, gradient },
          { lr: s.learningRate, beta1: s.beta1, beta2: s.beta2, epsilon: s.epsilon, c1, c2, inPlace: true }) as tf.Tensor[];
        m.assign(m2!);
        v.assign(v2!);
        value.assign(w2!);
      });
      s.accBeta1.assign(tf.mul(s.accBeta1, s.beta1));
      s.accBeta2.assign(tf.mul(s.accBeta2, s.beta2));
    });
    this.incrementIterations();
  }
}
