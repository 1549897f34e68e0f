import { existsSync } from 'node:fs';

/** The system Chromium to drive (Playwright's own download is blocked here), or null. */
export function chromiumPath(): string | null {
  const candidates = [process.env.MWB_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p): p is string => Boolean(p && existsSync(p))) ?? null;
}
