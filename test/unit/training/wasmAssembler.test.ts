import { describe, expect, it } from 'vitest';
import { assembleModule, F32, sleb, uleb } from '../../../src-main/training/backends/wasmAsm/module.js';
import { Fn, f32, f32load, f32store, fadd, i32, shl, add } from '../../../src-main/training/backends/wasmAsm/ops.js';
import { kernelModuleBytes } from '../../../src-main/training/backends/wasmKernels/native/runtime.js';

describe('WebAssembly module writer', () => {
  it('encodes LEB128 like the spec examples', () => {
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
  });

  it('assembles a function that works on an imported memory', () => {
    const fn = new Fn('axpb', ['p', 'n', ['b', F32]]).locals(0x7f, 'i');
    const at = add(fn.get('p'), shl(fn.get('i'), 2));
    const bytes = assembleModule([fn.build(fn.for('i', i32(0), fn.get('n'), [f32store(at, fadd(f32load(at), fn.get('b')))]))]);
    expect(WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), { env: { memory } });
    const view = new Float32Array(memory.buffer, 0, 4);
    view.set([1, 2, 3, 4]);
    (inst.exports.axpb as (p: number, n: number, b: number) => void)(0, 3, 0.5);
    expect(Array.from(view)).toEqual([1.5, 2.5, 3.5, 4]);
    expect(f32(1)).toEqual([0x43, 0, 0, 0x80, 0x3f]);
  });

  it('the kernel module validates (it uses SIMD and bulk memory)', () => {
    expect(WebAssembly.validate(kernelModuleBytes() as Uint8Array<ArrayBuffer>)).toBe(true);
  });

  it('names an unknown local at build time', () => {
    const fn = new Fn('bad', ['a']);
    expect(() => fn.get('b')).toThrow(/bad: unknown local b/);
  });
});
