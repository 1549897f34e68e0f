import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.json': 'application/json',
};

/**
 * Streams a file with HTTP Range support, which `<video>` needs to seek and step frames.
 * Answers 404 when it vanished and 416 for a range outside the file.
 */
export function sendFile(req: IncomingMessage, res: ServerResponse, path: string, contentType: string): void {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end(`File not found: ${path}`);
    return;
  }
  const headers: Record<string, string | number> = { 'content-type': contentType, 'accept-ranges': 'bytes', 'cache-control': 'no-cache' };
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (range && (range[1] || range[2])) {
    let start = range[1] ? Number(range[1]) : size - Number(range[2]);
    let end = range[1] && range[2] ? Number(range[2]) : size - 1;
    start = Math.max(0, start);
    end = Math.min(end, size - 1);
    if (start > end || start >= size) {
      res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': end - start + 1 });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(path, { start, end }).pipe(res);
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': size });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(path).pipe(res);
}

/** Serves the built renderer; unknown paths fall back to index.html (single-page app). */
export function sendStatic(req: IncomingMessage, res: ServerResponse, rootDir: string, pathname: string): void {
  const rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  const full = join(rootDir, rel);
  if (!full.startsWith(rootDir + sep) && full !== rootDir) {
    res.writeHead(403).end();
    return;
  }
  const target = rel && existsSync(full) && statSync(full).isFile() ? full : join(rootDir, 'index.html');
  if (!existsSync(target)) {
    res.writeHead(503, { 'content-type': 'text/plain' })
      .end(`The UI is not built (${rootDir} is missing). Run \`npm run build\` and reload.`);
    return;
  }
  sendFile(req, res, target, STATIC_TYPES[extname(target)] ?? 'application/octet-stream');
}
