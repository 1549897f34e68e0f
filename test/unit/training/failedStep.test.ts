import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { releaseFailedTape } from '../../../src-main/training/failedStep.js';
import { createTrainable, disposeTrainable, trainStep } from '../../../src-main/training/trainStep.js';

describe('a training step that throws', () => {
  it('leaves tensors on the tape in tfjs-core (the behaviour the cleanup relies on), which releaseFailedTape frees', () => {
    const w = tf.variable(tf.ones([4, 4]));
    const x = tf.ones([2, 4]);
    const before = tf.memory().numTensors;
    expect(() => tf.variableGrads(() => {
      const h = tf.relu(tf.matMul(x, w)); // saved for the backward pass
      tf.sigmoid(h);
      throw new Error('forward failed');
    }, [w])).toThrow('forward failed');
    expect(tf.memory().numTensors).toBeGreaterThan(before); // tfjs keeps what it saved
    releaseFailedTape();
    expect(tf.memory().numTensors).toBe(before);
    // the engine is usable again, and a later successful step is unaffected
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.matMul(x, w)) as tf.Scalar, [w]);
    expect(value.dataSync()[0]).toBe(32);
    tf.dispose([value, ...Object.values(grads), w, x]);
  });

  it('trainStep frees the failed step: memory after an error equals memory before it', () => {
    const t = createTrainable('small-cnn', { inputSize: 16, widths: [2, 3, 4], classes: 3, denseUnits: 8 });
    const x = tf.randomNormal([2, 16, 16, 3]);
    const wrong = tf.tensor1d([0, 1, 2], 'int32'); // 3 labels for 2 rows: the loss throws after the forward pass
    try {
      const before = tf.memory().numTensors;
      expect(() => trainStep(t, x, wrong)).toThrow();
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      tf.dispose([x, wrong]);
      disposeTrainable(t);
    }
  });

  it('does nothing while a gradient computation is live', () => {
    const w = tf.variable(tf.scalar(2));
    const { value, grads } = tf.variableGrads(() => {
      const y = tf.square(w);
      releaseFailedTape(); // must not drop the tape this computation still needs
      return y as tf.Scalar;
    }, [w]);
    expect(grads[w.name]!.dataSync()[0]).toBe(4);
    tf.dispose([value, ...Object.values(grads), w]);
  });
});
