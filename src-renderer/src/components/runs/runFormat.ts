/** Display helpers shared by the Runs area's components. */
import type { RunState, RunSummary } from '../../../../src-main/ipc/contract';
import type { LiveStep } from '../../stores/runs';

/** States a run can be continued from. */
export const RESUMABLE: readonly RunState[] = ['interrupted', 'failed', 'cancelled'];
/** States in which the run's job is still working. */
export const ACTIVE: readonly RunState[] = ['queued', 'preparing', 'training'];

/** Label and colour of a run state. */
export const STATE_STYLE: Record<RunState, { label: string; color: string }> = {
  queued: { label: 'Queued', color: '#9aa5b8' },
  preparing: { label: 'Preparing data', color: '#3ec7d6' },
  training: { label: 'Training', color: '#4d8dff' },
  done: { label: 'Done', color: '#34c38a' },
  failed: { label: 'Failed', color: '#ef6262' },
  cancelled: { label: 'Cancelled', color: '#9aa5b8' },
  interrupted: { label: 'Interrupted', color: '#e6a23c' },
  imported: { label: 'Imported', color: '#c77dff' },
};

/** "epoch 3/10" (with the iteration while one runs), or '' when the run is not training. */
export function progressText(run: RunSummary, step: LiveStep | undefined): string {
  if (run.state !== 'training') return '';
  const base = `epoch ${Math.min(run.epochsDone + 1, run.epochs)}/${run.epochs}`;
  return step && step.iters > 0 ? `${base} · step ${Math.min(step.iter, step.iters)}/${step.iters}` : base;
}

/** Share of the run's training done, 0..1, counting the current epoch's iterations. */
export function progressShare(run: RunSummary, step: LiveStep | undefined): number {
  if (!run.epochs) return 0;
  const within = step && step.iters > 0 && step.epoch > run.epochsDone ? Math.min(1, step.iter / step.iters) : 0;
  return Math.min(1, (run.epochsDone + within) / run.epochs);
}

/** "2026-11-22 20:31" in local time from an ISO/SQLite timestamp. */
export function shortDate(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso.includes('T') || iso.endsWith('Z') ? iso : `${iso.replace(' ', 'T')}Z`);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Parameter count as "1.2 M" / "34.5 k". */
export function formatParams(n: number | null | undefined): string {
  if (n == null) return '—';
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

/** Milliseconds with a precision that fits the magnitude. */
export function formatMs(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '—';
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}
