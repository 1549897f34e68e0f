/**
 * A minimal WebAssembly module writer, so hand-written SIMD kernels ship as TypeScript that
 * assembles itself at start-up: no emscripten, no wat2wasm, no binary checked in. Only what our
 * kernels need: one imported memory (`env.memory`, shared with the tfjs wasm backend), functions
 * with i32/f32/v128 locals, and their exports.
 */

/** Value types of the WebAssembly binary format. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
/** A value type code (`I32`, `F32` or `V128`). */
export type ValType = typeof I32 | typeof F32 | typeof V128;

/** Unsigned LEB128, as the binary format encodes sizes and indices. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128, as `i32.const` encodes its immediate. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  n |= 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** The bytes of a name (UTF-8) prefixed by its length. */
function name(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/** One function of a module: its export name, parameter types, extra locals and body code. */
export interface FuncDef {
  name: string;
  params: ValType[];
  locals: ValType[];
  /** Instructions, without the final `end`. */
  body: number[];
}

/**
 * Assembles a module that imports `env.memory` (at least `minPages` 64 KiB pages, any maximum)
 * and exports each function by name. Functions return nothing; they read and write the memory.
 */
export function assembleModule(funcs: FuncDef[], minPages = 1): Uint8Array {
  const types = funcs.map((f) => [0x60, ...vec(f.params.map((t) => [t])), 0x00]);
  const imports = vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(minPages)]]);
  const functions = vec(funcs.map((_, i) => uleb(i)));
  const exports = vec(funcs.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]));
  const bodies = funcs.map((f) => {
    const groups = f.locals.map((t) => [...uleb(1), t]);
    const code = [...vec(groups), ...f.body, 0x0b];
    return [...uleb(code.length), ...code];
  });
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, imports),
    ...section(3, functions),
    ...section(7, exports),
    ...section(10, vec(bodies)),
  ];
  return new Uint8Array(bytes);
}
