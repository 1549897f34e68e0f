/** Colours and names of split parts (subsets, or folds of a k-fold set) shared by the Splits screen. */

const SUBSET_COLORS: Record<string, string> = {
  train: '#4d8dff',
  val: '#e6a23c',
  test: '#d46bd1',
  unused: '#5a6272',
};

/** Fold colours, distinct from each other on the dark theme (train's blue first). */
const FOLD_COLORS = ['#4d8dff', '#34c38a', '#e6a23c', '#d46bd1', '#5bc0de', '#f07178', '#b5bd68', '#c49a6c', '#8f9cff', '#ff9e64'];

/** The colour of a part key: `train`, `val`, `test`, `unused` or `fold<k>`. */
export function partColor(key: string): string {
  if (key.startsWith('fold')) return FOLD_COLORS[Number(key.slice(4)) % FOLD_COLORS.length]!;
  return SUBSET_COLORS[key] ?? '#8a93a3';
}

/** The display name of a part key: `Train`, `Fold 3`. */
export function partName(key: string): string {
  if (key.startsWith('fold')) return `Fold ${Number(key.slice(4)) + 1}`;
  return key.charAt(0).toUpperCase() + key.slice(1);
}

/** `0.7` -> `70%`, `0.1234` -> `12.3%`. */
export function percent(x: number, digits = 1): string {
  const v = x * 100;
  return `${Number.isInteger(Math.round(v * 10) / 10) ? Math.round(v) : v.toFixed(digits)}%`;
}

/** The first 10 hex digits of a content hash, for badges. */
export function shortHash(hash: string): string {
  return hash.slice(0, 10);
}
