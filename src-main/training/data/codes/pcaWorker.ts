/**
 * Worker-thread entry of the code-set PCA: reads each clip's codes [T, D] (float32 .npy), averages
 * them over time to [D] and projects the means on the first two principal components. A UCF-101
 * code set is ~13k files and hundreds of MB, so this never runs on the main process.
 */
import type { WorkerIo } from '../../../jobs/workerHost.js';
import { readNpy } from '../../../media/npy.js';
import { pca } from './pca.js';

/** The code files to project, one per clip. */
export interface PcaTask {
  files: string[];
}

/** Per file its (PC1, PC2) coordinates, the explained variance ratios and the code size D. */
export interface PcaTaskResult {
  projections: number[][];
  explained: number[];
  dims: number;
}

/** Mean over time of one clip's codes [T, D] -> [D]. */
export function meanCode(file: string): Float64Array {
  const { shape, data } = readNpy(file);
  const [t, d] = [shape[0] ?? 1, shape.slice(1).reduce((a, b) => a * b, 1)];
  const out = new Float64Array(d);
  for (let i = 0; i < t; i++) for (let j = 0; j < d; j++) out[j]! += Number(data[i * d + j]) / t;
  return out;
}

/** Reads, averages and projects; progress counts files read. */
export function work(task: PcaTask, io: WorkerIo): PcaTaskResult {
  const means = task.files.map((f, i) => {
    if (i % 200 === 0) io.progress({ phase: 'pca', done: i, total: task.files.length, message: '' });
    return meanCode(f);
  });
  const out = pca(means, 2);
  return { projections: out.projections, explained: out.explained, dims: out.mean.length };
}
