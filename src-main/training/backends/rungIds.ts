/**
 * The ladder's rung ids, fastest first, without the rungs themselves: rungs.ts imports tfjs, and
 * the CLI names the rungs in its help text, which must not load TensorFlow.js for every command.
 */
export const RUNG_IDS = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const;

/** Rung ids, fastest first. */
export type RungId = (typeof RUNG_IDS)[number];
