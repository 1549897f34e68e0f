import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { resolveFileKey } from '../workspace/files.js';
import type { Workbench } from '../workspace/workbench.js';

/** Must run before `app.ready`: lets `mwb://` URLs stream video (range requests) and images. */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'mwb', privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } },
  ]);
}

/** Serves `mwb://files/<key>` from the open workspace only (same key rules as browser mode). */
export function setupFileProtocol(workbench: Workbench): void {
  protocol.handle('mwb', (req) => {
    const url = new URL(req.url);
    const key = decodeURIComponent(url.pathname.replace(/^\//, ''));
    const file = url.host === 'files' ? resolveFileKey(workbench.workspace, key) : null;
    if (!file) return new Response(`Not found: ${req.url}`, { status: 404 });
    return net.fetch(pathToFileURL(file.path).href, { headers: req.headers });
  });
}
