// Entry of every job worker thread. Plain JS on purpose: it must load before any TypeScript
// loader exists. It registers tsx (so workers run the same .ts sources as the main process,
// under Node, vitest and Electron alike), imports the worker module and runs its `work` export.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const { entry, input } = workerData;
const post = (msg) => parentPort.postMessage(msg);
try {
  if (entry.endsWith('.ts')) {
    const { register } = await import('tsx/esm/api');
    register();
  }
  const mod = await import(pathToFileURL(entry).href);
  if (typeof mod.work !== 'function') throw new Error(`${entry} does not export work(input, io)`);
  const result = await mod.work(input, { progress: (p) => post({ type: 'progress', progress: p }) });
  post({ type: 'result', result });
} catch (err) {
  post({ type: 'error', message: err instanceof Error ? err.message : String(err), stack: err?.stack });
}
