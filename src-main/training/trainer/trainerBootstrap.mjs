// Entry of the training child process (forked by trainerHost.ts). Plain JS on purpose: it must
// load before any TypeScript loader exists. It registers tsx when running from source (so the
// child runs the same .ts files as the parent, under Node, vitest and Electron alike), then
// imports the trainer module named by the first argument, which takes over the IPC channel.
import { pathToFileURL } from 'node:url';

const entry = process.argv[2];
try {
  if (!entry) throw new Error('trainerBootstrap.mjs needs the trainer module path as its first argument');
  if (entry.endsWith('.ts')) {
    const { register } = await import('tsx/esm/api');
    register();
  }
  await import(pathToFileURL(entry).href);
} catch (err) {
  process.send?.({ type: 'error', message: `The training process could not start: ${err instanceof Error ? err.message : String(err)}`, stack: err?.stack });
  process.exitCode = 1;
}
