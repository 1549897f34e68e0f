/**
 * Per-kernel CPU time of a training step on one backend, to find what dominates (used by
 * bench/backends.ts --profile). Wraps every registered kernel of the backend while `f` runs and
 * restores them after; CPU time (not wall time) so a busy machine does not skew the split.
 */
import * as tf from '@tensorflow/tfjs';

/** Total CPU milliseconds and call count of one kernel. */
export interface KernelTime {
  kernel: string;
  ms: number;
  calls: number;
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Runs `f` with every kernel of `backendName` timed; returns kernels by total time, largest first. */
export function profileKernels(backendName: string, f: () => void): { totalMs: number; kernels: KernelTime[] } {
  const configs = tf.getKernelsForBackend(backendName);
  const times = new Map<string, KernelTime>();
  for (const k of configs) {
    const run = k.kernelFunc;
    tf.unregisterKernel(k.kernelName, backendName);
    tf.registerKernel({
      ...k,
      kernelFunc: (args) => {
        const t0 = cpuMs();
        try {
          return run(args);
        } finally {
          const e = times.get(k.kernelName) ?? { kernel: k.kernelName, ms: 0, calls: 0 };
          e.ms += cpuMs() - t0;
          e.calls++;
          times.set(k.kernelName, e);
        }
      },
    });
  }
  const t0 = cpuMs();
  try {
    f();
  } finally {
    for (const k of configs) {
      tf.unregisterKernel(k.kernelName, backendName);
      tf.registerKernel(k);
    }
  }
  return { totalMs: cpuMs() - t0, kernels: [...times.values()].sort((a, b) => b.ms - a.ms) };
}
