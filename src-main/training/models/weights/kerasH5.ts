/**
 * Reads Keras weights from HDF5 files with h5wasm (the HDF5 C library compiled to WebAssembly;
 * its Node build reads the file in place). Three layouts:
 * - Keras 2 weights file (`model.save_weights('w.h5')`): root attribute `layer_names`; each
 *   layer's group has `weight_names` ('conv1_conv/kernel:0', ...) naming its datasets in order;
 * - Keras 2 full model (`model.save('m.h5')`): the same under the group `model_weights`;
 * - Keras 3 `.weights.h5`: `layers/<name>/vars/0, 1, ...` (order as the layer creates them;
 *   Keras 2.13-2.15's v3 format names the top group `_layer_checkpoint_dependencies`).
 * Values arrive as float32 whatever the stored float type (float16, float32, float64).
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import h5wasm from 'h5wasm/node';
import type { Dataset, Group } from 'h5wasm/node';
import { groupByLayer, type SourceLayer, type SourceWeight } from './sourceLayers.js';

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Whether `path` starts with an HDF5 superblock (at byte 0, 512, 1024, ... as the format allows). */
export function isHdf5File(path: string): boolean {
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(8);
    for (let at = 0; at + 8 <= size && at <= 1 << 20; at = at ? at * 2 : 512) {
      readSync(fd, buf, 0, 8, at);
      if (buf.equals(HDF5_SIGNATURE)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

/** The innermost reason of an HDF5 error stack ('truncated file: eof = ...'), or the message. */
function hdf5Reason(err: unknown): string {
  const text = String((err as Error)?.message ?? err);
  const frames = [...text.matchAll(/#\d+: .*? in [\w.]+\(\): (.*)/g)].map((m) => m[1]!.trim());
  return frames[frames.length - 1] ?? text.split('\n')[0]!;
}

let ready: Promise<void> | null = null;

/** Loads the HDF5 module once and makes its errors exceptions (instead of stderr prints). */
function h5Ready(): Promise<void> {
  ready ??= h5wasm.ready.then((m) => { m.activate_throwing_error_handler(); });
  return ready;
}

/** Source layers of the Keras weights file at `path`; errors name the file and the problem. */
export async function readKerasH5(path: string): Promise<SourceLayer[]> {
  if (!isHdf5File(path)) throw new Error(`${path} is not an HDF5 file (no HDF5 signature): expected a Keras .h5 weights or model file`);
  await h5Ready();
  let file: InstanceType<typeof h5wasm.File>;
  try {
    file = new h5wasm.File(path, 'r');
  } catch (err) {
    throw new Error(`${path} could not be opened as HDF5 (${hdf5Reason(err)}): the file is truncated or damaged; copy or download it again`, { cause: err });
  }
  if (file.file_id < 0n) throw new Error(`${path} could not be opened as HDF5: the file is truncated or damaged`);
  try {
    const keys = file.keys();
    const root = keys.includes('model_weights') ? file.get('model_weights') as Group : file;
    if ('layer_names' in root.attrs) return readKeras2(root, path);
    const v3 = ['layers', '_layer_checkpoint_dependencies'].find((k) => keys.includes(k));
    if (v3) return readKeras3(file.get(v3) as Group, path);
    throw new Error(`${path} is an HDF5 file but holds no Keras weights: no layer_names attribute (Keras 2 .h5), no model_weights group (full-model .h5) and no layers group (Keras 3 .weights.h5)`);
  } catch (err) {
    if ((err as Error).message.startsWith(path)) throw err;
    throw new Error(`${path}: reading Keras weights failed (${hdf5Reason(err)}): the file is damaged or not written by Keras`, { cause: err });
  } finally {
    file.close();
  }
}

/** A string-list attribute (h5py writes byte strings; h5wasm decodes them). */
function stringList(g: Group, name: string): string[] {
  const v = g.attrs[name]?.value;
  if (v == null) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((s) => (s instanceof Uint8Array ? Buffer.from(s).toString('utf8') : String(s)));
}

/**
 * Keras 2: layer_names -> groups -> weight_names -> datasets. Weights are grouped by the layer
 * their name gives ('conv1_conv/kernel:0' -> conv1_conv), so a nested model saved as one group
 * ('resnet50' holding every 'conv.../kernel:0') yields its inner layers.
 */
function readKeras2(root: Group, path: string): SourceLayer[] {
  const named: { fullName: string; shape: number[]; values: Float32Array }[] = [];
  for (const name of stringList(root, 'layer_names')) {
    const g = root.get(name) as Group | null;
    if (!g) throw new Error(`${path}: layer_names lists "${name}" but the file has no group of that name (truncated or edited file)`);
    for (const w of stringList(g, 'weight_names')) {
      const ds = g.get(w) as Dataset | null;
      if (!ds) throw new Error(`${path}: layer "${name}" names weight "${w}" but the file has no such dataset`);
      const { shape, values } = toWeight(ds, '', path);
      named.push({ fullName: w.includes('/') ? w : `${name}/${w}`, shape, values });
    }
  }
  return groupByLayer(named);
}

/** Keras 3: layers/<name>/vars/<i>, vars in numeric order; no weight names. */
function readKeras3(layersGroup: Group, path: string): SourceLayer[] {
  return layersGroup.keys().map((name) => {
    const g = layersGroup.get(name) as Group;
    const vars = g.keys().includes('vars') ? g.get('vars') as Group : null;
    const ids = (vars?.keys() ?? []).sort((a, b) => Number(a) - Number(b));
    return { name, weights: ids.map((i) => toWeight(vars!.get(i) as Dataset, '', path)) };
  });
}

/** A dataset as a float32 weight. */
function toWeight(ds: Dataset, name: string, path: string): SourceWeight {
  const v = ds.value;
  const meta = ds.metadata;
  if (meta.type !== 1) throw new Error(`${path}: dataset ${ds.path} is not floating point; Keras weights are floats`);
  let values: Float32Array;
  if (meta.size === 2 && v instanceof Uint16Array) values = Float32Array.from(v, halfToFloat);
  else values = v instanceof Float32Array ? v : Float32Array.from(v as ArrayLike<number>);
  return { name, shape: ds.shape ?? [], values };
}

/** IEEE 754 half (as uint16 bits) -> number. */
function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}
