import { createWorkbench } from '../core.js';
import { assertLoopbackHost } from '../server/auth.js';
import { startServer } from '../server/server.js';

/** `mwb serve <workspace>`: browser mode until Ctrl+C; prints the URL with its token on one line. */
export async function serveCommand(dir: string | undefined, opts: { port: number; host: string; reason?: string }): Promise<void> {
  assertLoopbackHost(opts.host); // before opening (and locking) the workspace
  const workbench = createWorkbench();
  if (dir) await workbench.open(dir);
  const server = await startServer({ workbench, port: opts.port, host: opts.host, modeReason: opts.reason ?? 'started with `mwb serve`' });
  process.stdout.write(`Motion Workbench is serving ${workbench.info().path}\n`);
  process.stdout.write(`Open ${server.url}\n`);
  const stop = async (): Promise<void> => {
    await server.close();
    await workbench.dispose();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
