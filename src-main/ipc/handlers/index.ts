import type { ArgsOf, BridgeError, Channel, ResultOf } from '../contract.js';
import { validateArgs, ValidationError } from '../schemas.js';
import { appHandlers } from './appHandlers.js';
import { cacheHandlers } from './cacheHandlers.js';
import { clipsHandlers } from './clipsHandlers.js';
import { codesHandlers } from './codesHandlers.js';
import { datasetHandlers } from './datasetHandlers.js';
import { exportHandlers } from './exportHandlers.js';
import { jobsHandlers } from './jobsHandlers.js';
import { labelHandlers } from './labelHandlers.js';
import { motionHandlers } from './motionHandlers.js';
import { runsHandlers } from './runsHandlers.js';
import { splitHandlers } from './splitHandlers.js';
import { trainingHandlers } from './trainingHandlers.js';
import { workspaceHandlers } from './workspaceHandlers.js';
import type { HandlerContext, Handlers } from './types.js';

export type { HandlerContext, Handlers, HostServices } from './types.js';

/** Every channel's handler; the type makes a missing channel a compile error. */
export const HANDLERS: Handlers = { ...appHandlers, ...workspaceHandlers, ...clipsHandlers, ...jobsHandlers, ...cacheHandlers,
  ...exportHandlers, ...datasetHandlers, ...labelHandlers, ...splitHandlers, ...motionHandlers, ...trainingHandlers, ...runsHandlers,
  ...codesHandlers };

/**
 * The one dispatch path for Electron IPC and the browser bridge alike: validate the payload,
 * run the handler, and turn any failure into a BridgeError the UI can show.
 */
export async function dispatch<C extends Channel>(
  channel: C, rawArgs: unknown, ctx: HandlerContext,
): Promise<{ ok: true; result: ResultOf<C> } | { ok: false; error: BridgeError }> {
  try {
    const args: ArgsOf<C> = validateArgs(channel, rawArgs);
    const handler = HANDLERS[channel] as (a: ArgsOf<C>, c: HandlerContext) => Promise<ResultOf<C>> | ResultOf<C>;
    return { ok: true, result: await handler(args, ctx) };
  } catch (err) {
    return { ok: false, error: toBridgeError(err) };
  }
}

const CODES = new Set<BridgeError['code']>(['validation', 'not_found', 'bad_input', 'internal', 'unauthorized']);

/** User-facing errors keep their message; programming errors are labelled internal. */
export function toBridgeError(err: unknown): BridgeError {
  if (err instanceof ValidationError) return { code: 'validation', message: err.message };
  const code = (err as { code?: unknown })?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof code === 'string' && CODES.has(code as BridgeError['code'])) return { code: code as BridgeError['code'], message };
  const internal = err instanceof TypeError || err instanceof ReferenceError || err instanceof RangeError;
  return { code: internal ? 'internal' : 'bad_input', message };
}
