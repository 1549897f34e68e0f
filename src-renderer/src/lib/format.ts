/** Pure display formatting shared by views: durations, ETAs, sizes, counts, timecodes. */

/** Clip length for cards and metadata: `2.0 s` under a minute, `m:ss` / `h:mm:ss` above. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Remaining time of a job, e.g. `~12 s left`, `~3 min left`, `~1 h 5 min left`; '' when unknown. */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '';
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return `~${s} s left`;
  const min = Math.round(s / 60);
  if (min < 60) return `~${min} min left`;
  const h = Math.floor(min / 60);
  const rest = min % 60;
  return rest ? `~${h} h ${rest} min left` : `~${h} h left`;
}

/** Player position with millisecond precision: `0:01.234`, `1:02:03.400`. */
export function formatTimecode(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '0:00.000';
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = s.toFixed(3).padStart(6, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** File size in binary units: `512 B`, `1.5 KiB`, `23.4 MiB`. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null || !Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

/** Thousands-separated integer for status lines: `12,345`. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Count with a noun that agrees in number: `1 clip`, `3 clips`. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/** Frame rate with at most two decimals: `25 fps`, `29.97 fps`. */
export function formatFps(fps: number | null | undefined): string {
  if (fps == null || !Number.isFinite(fps) || fps <= 0) return '—';
  return `${Number(fps.toFixed(2))} fps`;
}

/** Progress as a whole percentage (0-100), or null when the total is unknown. */
export function percent(done: number, total: number): number | null {
  if (!Number.isFinite(total) || total <= 0) return null;
  return Math.max(0, Math.min(100, Math.round((done / total) * 100)));
}

/** Human message of anything thrown, without Electron's "Error invoking remote method" wrapper. */
export function errorMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : typeof err === 'string' ? err : 'Unknown error';
  return raw.replace(/^Error invoking remote method '[^']+': (?:\w*Error: )?/, '');
}

/**
 * A media error short enough for a grid card: the core's messages name the file, which the card
 * already shows, so the path is dropped (`/a/b.mp4 is empty (0 bytes)` -> `Empty (0 bytes)`).
 */
export function shortError(message: string): string {
  let s = message
    .replace(/(^|\s)(?:[A-Za-z]:)?[\\/].*?(?=: | is | has |$)/g, '$1')
    .replace(/\s+:/g, ':')
    .replace(/^[\s:]+|[\s:]+$/g, '')
    .replace(/\s{2,}/g, ' ');
  if (/^is /.test(s)) s = s.slice(3);
  else if (/^has no /.test(s)) s = s.slice(4);
  else return s || message;
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Machine-readable code of a core error (`not_found`, `unauthorized`…), whichever transport threw it. */
export function errorCode(err: unknown): string | null {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return null;
}
