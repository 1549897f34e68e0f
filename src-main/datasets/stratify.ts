import { mulberry32 } from '../media/sampling/rng.js';
/**
 * Seeded sampling for splits drawn by the app (a stratified validation subset of an official
 * train list): the same items, seed and count always give the same subset, on every machine.
 */

/** The shared mulberry32 (uniform [0, 1)) under the name split code uses. */
export const seededRandom = mulberry32;

/** A Fisher-Yates shuffled copy of `items`. */
export function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Splits `total` over groups in proportion to their sizes (largest remainder, ties by name), so the
 * quotas sum to exactly `total` and no group gives more than it has. Throws when `total` exceeds the sum.
 */
export function proportionalQuotas(sizes: ReadonlyMap<string, number>, total: number): Map<string, number> {
  const sum = [...sizes.values()].reduce((a, b) => a + b, 0);
  if (total > sum) throw new Error(`cannot draw ${total} items from ${sum}`);
  const quotas = new Map<string, number>();
  const rest: { key: string; frac: number }[] = [];
  for (const [key, n] of sizes) {
    const exact = sum ? (total * n) / sum : 0;
    quotas.set(key, Math.floor(exact));
    rest.push({ key, frac: exact - Math.floor(exact) });
  }
  let left = total - [...quotas.values()].reduce((a, b) => a + b, 0);
  rest.sort((a, b) => b.frac - a.frac || (a.key < b.key ? -1 : 1));
  for (const r of rest) {
    if (left <= 0) break;
    if (quotas.get(r.key)! < sizes.get(r.key)!) {
      quotas.set(r.key, quotas.get(r.key)! + 1);
      left--;
    }
  }
  return quotas;
}

/**
 * Draws `total` items stratified by `classOf`: each class gives its proportional quota, chosen by a
 * seeded shuffle of that class's items in their given order. Returns the chosen items as a Set.
 */
export function stratifiedSample<T>(items: readonly T[], classOf: (item: T) => string, total: number, seed: number): Set<T> {
  const byClass = new Map<string, T[]>();
  for (const it of items) {
    const k = classOf(it);
    const list = byClass.get(k);
    if (list) list.push(it);
    else byClass.set(k, [it]);
  }
  const quotas = proportionalQuotas(new Map([...byClass].map(([k, v]) => [k, v.length])), total);
  const rand = seededRandom(seed);
  const chosen = new Set<T>();
  for (const k of [...byClass.keys()].sort()) {
    for (const it of shuffled(byClass.get(k)!, rand).slice(0, quotas.get(k))) chosen.add(it);
  }
  return chosen;
}
