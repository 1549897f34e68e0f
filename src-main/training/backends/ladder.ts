/**
 * Picks the fastest training backend that works here: tfjs-node-gpu -> tfjs-node -> wasm -> cpu.
 * The choice (rung, device, versions, why faster rungs were skipped and how to get them) is what
 * `mwb doctor` prints, the UI shows in its banner, and every run records.
 */
import { RUNGS, getRung, type RungId } from './rungs.js';

/** The backend in use and why. */
export interface BackendChoice {
  rung: RungId;
  device: string;
  versions: Record<string, string>;
  threads: number;
  /** Why the faster rungs were not used (null when the fastest one loaded). */
  fallbackReason: string | null;
  /** One line per faster rung: what it would give and how to get it. */
  howToGetFaster: string[];
  /** Expected speed of the rung in use, for the banner. */
  speed: string;
  /** Every rung tried before the one in use, with its error. */
  skipped: { rung: RungId; error: string }[];
}

/** Options: `force` uses one rung only (tests, `MWB_TRAINING_BACKEND`), failing if it cannot load. */
export interface LadderOptions {
  force?: RungId;
}

/** The rung forced by the environment (`MWB_TRAINING_BACKEND=wasm`), if any. */
export function forcedRung(env: NodeJS.ProcessEnv = process.env): RungId | undefined {
  const v = env.MWB_TRAINING_BACKEND;
  if (!v) return undefined;
  return getRung(v as RungId).id;
}

let current: Promise<BackendChoice> | null = null;
let currentKey = '';

/**
 * Activates the first rung that loads and describes it. Memoised per process (or worker thread):
 * the tfjs backend is global, so everything in one process trains on the same rung.
 */
export function selectBackend(opts: LadderOptions = {}): Promise<BackendChoice> {
  const force = opts.force ?? forcedRung();
  const key = force ?? 'auto';
  if (!current || currentKey !== key) {
    currentKey = key;
    current = climb(force);
    current.catch(() => { current = null; });
  }
  return current;
}

async function climb(force?: RungId): Promise<BackendChoice> {
  const candidates = force ? [getRung(force)] : RUNGS;
  const skipped: BackendChoice['skipped'] = [];
  for (const rung of candidates) {
    try {
      const info = await rung.load();
      const faster = RUNGS.slice(0, RUNGS.findIndex((r) => r.id === rung.id));
      return {
        rung: rung.id,
        ...info,
        fallbackReason: skipped.length ? skipped.map((s) => `${s.rung}: ${s.error}`).join('; ') : null,
        howToGetFaster: faster.map((r) => `${r.id}: ${r.speed} ${r.howToGet}`),
        speed: rung.speed,
        skipped,
      };
    } catch (err) {
      skipped.push({ rung: rung.id, error: shortError(err) });
    }
  }
  throw new Error(`No training backend could be loaded: ${skipped.map((s) => `${s.rung}: ${s.error}`).join('; ')}`);
}

/** First line of an error, without the long stack a failed native import prints. */
function shortError(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  if (/Cannot find (module|package)|ERR_MODULE_NOT_FOUND/.test(msg)) return 'not installed';
  return msg.split('\n')[0]!.slice(0, 300);
}

/** The banner line for the UI and CLI: which rung, on what, and what speed to expect. */
export function backendBanner(c: BackendChoice): string {
  const head = `Training on ${c.rung} (${c.device}). ${c.speed}`;
  return c.howToGetFaster.length ? `${head} Faster: ${c.howToGetFaster[0]}` : head;
}

/** What a run stores about its backend (part of the run record, so results can be compared). */
export function backendRecord(c: BackendChoice): { rung: RungId; device: string; threads: number; versions: Record<string, string> } {
  return { rung: c.rung, device: c.device, threads: c.threads, versions: c.versions };
}
