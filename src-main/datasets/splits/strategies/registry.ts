import type { SplitStrategy } from '../types.js';

const strategies = new Map<string, SplitStrategy<unknown>>();

/** Adds a split strategy; each strategy module calls this once at import. */
export function registerSplitStrategy<P>(s: SplitStrategy<P>): SplitStrategy<P> {
  if (strategies.has(s.id)) throw new Error(`Split strategy ${s.id} is registered twice`);
  strategies.set(s.id, s as SplitStrategy<unknown>);
  return s;
}

/** The strategy with this id, or a user-facing error listing the known ones. */
export function getSplitStrategy(id: string): SplitStrategy<unknown> {
  const s = strategies.get(id);
  if (!s) {
    throw Object.assign(new Error(`Unknown split strategy "${id}"; choose one of ${[...strategies.keys()].join(', ')}`), { code: 'bad_input' });
  }
  return s;
}

/** Whether a strategy id is registered (imported sets carry ids such as `manifest` that are not). */
export function hasSplitStrategy(id: string): boolean {
  return strategies.has(id);
}

/** Every registered strategy, in registration order. */
export function listSplitStrategies(): SplitStrategy<unknown>[] {
  return [...strategies.values()];
}

/**
 * Validates a strategy's params (filling defaults), so what is stored is exactly what ran; the
 * error names the strategy and the bad field.
 */
export function parseSplitParams(id: string, params: unknown): unknown {
  const s = getSplitStrategy(id);
  const parsed = s.paramsSchema.safeParse(params ?? {});
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ');
    throw Object.assign(new Error(`Invalid parameters for the ${s.title} split: ${why}`), { code: 'bad_input' });
  }
  return parsed.data;
}
