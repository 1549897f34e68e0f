/** Config fields several families share (pure zod, so family infos stay free of tfjs). */
import { z } from 'zod';

/** Zod fields of the dense head (blocks.ts denseHead): hidden units (0 = none) and the dropout after it. */
export const headFields = {
  /** Units of the hidden dense layer before the classifier; 0 = classifier directly on the features. */
  denseUnits: z.number().int().min(0).default(128),
  /** Dropout rate after the hidden dense layer (training only). */
  dropout: z.number().min(0).max(0.95).default(0.5),
};

/** The feature-layer name blocks.ts `denseHead` will use for config `c`. */
export const headFeature = (c: { denseUnits: number }, featureName: string): string => (c.denseUnits > 0 ? 'fc' : featureName);
