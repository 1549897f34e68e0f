// Entry of every long-lived pool worker thread (see workerPool.ts). Plain JS on purpose: it must
// load before any TypeScript loader exists. It registers tsx once, then runs task after task:
// each task imports a module (cached after the first time) and awaits its `work(input, io)`, where
// io = { progress(p), signal }; a `cancel` message aborts that signal.
import { parentPort } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

let tsxReady = null;
const running = new Map();
const post = (msg) => parentPort.postMessage(msg);

parentPort.on('message', async (msg) => {
  if (msg.type === 'cancel') {
    running.get(msg.taskId)?.abort(new Error('Cancelled'));
    return;
  }
  if (msg.type !== 'task') return;
  const { taskId, entry, input } = msg;
  const abort = new AbortController();
  running.set(taskId, abort);
  try {
    if (entry.endsWith('.ts')) {
      tsxReady ??= import('tsx/esm/api').then(({ register }) => register());
      await tsxReady;
    }
    const mod = await import(pathToFileURL(entry).href);
    if (typeof mod.work !== 'function') throw new Error(`${entry} does not export work(input, io)`);
    const io = { progress: (p) => post({ type: 'progress', taskId, progress: p }), signal: abort.signal };
    const result = await mod.work(input, io);
    post({ type: 'result', taskId, result });
  } catch (err) {
    post({ type: 'error', taskId, message: err instanceof Error ? err.message : String(err), stack: err?.stack });
  } finally {
    running.delete(taskId);
  }
});
