import { z } from 'zod';

/**
 * Train/val/test shares: three non-negative numbers, normalised to sum to 1 (so `70,15,15` and
 * `0.7,0.15,0.15` mean the same); train must get something.
 */
export const ratiosSchema = z.tuple([z.number().min(0), z.number().min(0), z.number().min(0)])
  .refine((r) => r[0] > 0, 'the train share must be above 0')
  .transform((r) => {
    const sum = r[0] + r[1] + r[2];
    return r.map((x) => x / sum) as [number, number, number];
  });

/** The default train/val/test shares. */
export const DEFAULT_RATIOS: [number, number, number] = [0.7, 0.15, 0.15];

/** `0.70/0.15/0.15`, for titles and logs. */
export function formatRatios(r: readonly number[]): string {
  return r.map((x) => x.toFixed(2)).join('/');
}
