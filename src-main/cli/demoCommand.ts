import { join, resolve } from 'node:path';
import { createWorkbench } from '../core.js';
import type { JobInfo } from '../ipc/contract.js';

/** `mwb demo <dir>`: generates the demo dataset (and its thumbnails) and waits for it. */
export async function demoCommand(dir: string, opts: { clipsPerClass: number; seed: number; json?: boolean }): Promise<void> {
  const workbench = createWorkbench();
  const failed: JobInfo[] = [];
  let lastLine = 0;
  const off = workbench.onEvent((event, payload) => {
    if (event !== 'jobs:changed') return;
    const job = payload as JobInfo;
    if (job.state === 'failed') failed.push(job);
    const now = Date.now();
    if (job.state === 'running' && now - lastLine < 1000) return;
    lastLine = now;
    const p = job.progress;
    process.stderr.write(`[${job.state}] ${job.title}${p.total ? ` ${p.done}/${p.total}` : ''} ${p.message}\n`);
  });
  const onSignal = (): void => void workbench.dispose().then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  try {
    const ws = await workbench.open(resolve(dir));
    workbench.jobs.enqueue('demo.generate', { mediaDir: join(ws.path, 'media'), clipsPerClass: opts.clipsPerClass, seed: opts.seed });
    await workbench.jobs.idle();
    const counts = workbench.info().counts;
    if (opts.json) process.stdout.write(JSON.stringify({ path: ws.path, ...counts }) + '\n');
    else process.stdout.write(`Demo workspace ready at ${ws.path}: ${counts.clips} clips in ${counts.classes} classes\n`);
    if (failed.length) throw new Error(failed.map((j) => `${j.title}: ${j.error}`).join('\n'));
  } finally {
    process.off('SIGINT', onSignal);
    off();
    await workbench.dispose();
  }
}
