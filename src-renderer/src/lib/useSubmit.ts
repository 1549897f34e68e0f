import { ref, type Ref } from 'vue';
import { errorMessage } from './format';

/** What a dialog shows when its submit fails: by default the api error as a sentence. */
export type ErrorMapper<E> = (err: unknown) => E;

/** A dialog's submit state: `busy` while the call runs, `error` for what went wrong. */
export interface Submit<E> {
  busy: Ref<boolean>;
  error: Ref<E | null>;
  /** Runs `fn` with `busy` set and `error` cleared; a throw becomes `error` (via the mapper). True when `fn` finished. */
  run(fn: () => Promise<void>): Promise<boolean>;
}

/**
 * The busy flag, error message and try/catch every dialog wraps around its api call, written once.
 * `map` turns a caught error into what the dialog shows (a message, a prefixed message, field errors).
 */
export function useSubmit(): Submit<string>;
export function useSubmit<E>(map: ErrorMapper<E>): Submit<E>;
export function useSubmit<E>(map?: ErrorMapper<E>): Submit<E> {
  const toError = map ?? (errorMessage as unknown as ErrorMapper<E>);
  const busy = ref(false);
  const error = ref(null) as Ref<E | null>;
  async function run(fn: () => Promise<void>): Promise<boolean> {
    busy.value = true;
    error.value = null;
    try {
      await fn();
      return true;
    } catch (err) {
      error.value = toError(err);
      return false;
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, run };
}

/** A mapper that puts `prefix` before the api error (`Relink failed: …`). */
export function prefixedError(prefix: string): ErrorMapper<string> {
  return (err) => `${prefix}${errorMessage(err)}`;
}
