import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** A fresh random per-launch token (192 bits, URL-safe). */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Constant-time comparison so the token cannot be guessed byte by byte from timings. */
export function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const COOKIE = 'mwb_token';

/** Where a request may carry the token. API calls must use the header (no ambient credentials). */
export function requestToken(req: IncomingMessage, url: URL, allowAmbient: boolean): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  if (!allowAmbient) return null;
  const q = url.searchParams.get('token');
  if (q) return q;
  const cookie = req.headers.cookie ?? '';
  for (const part of cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return decodeURIComponent(v.join('='));
  }
  return null;
}

/** True for 127.0.0.0/8, ::1 and `localhost`: the only addresses browser mode may bind. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  const kind = isIP(host);
  if (kind === 4) return host.startsWith('127.');
  if (kind === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/** Throws the user-facing refusal for any address browser mode must not bind. */
export function assertLoopbackHost(host: string): void {
  if (!isLoopbackHost(host)) {
    throw new Error(`Refusing to serve on ${host}: browser mode binds loopback addresses only (127.0.0.1, ::1, localhost)`);
  }
}

/**
 * Rejects requests whose Host header is not our loopback address (DNS rebinding: a web page
 * on evil.example resolving its name to 127.0.0.1 would otherwise reach us).
 */
export function hostHeaderOk(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  if (!host) return false;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  if (!m) return false;
  const name = m[1]!.replace(/^\[|\]$/g, '');
  return isLoopbackHost(name) && Number(m[2] ?? 80) === port;
}
