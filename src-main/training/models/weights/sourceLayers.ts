/**
 * The common form every weight reader (TF.js model.json, Keras .h5) produces, so matching and
 * applying weights is written once: per source layer, its weights in file order with their
 * short names ('kernel', 'bias', 'gamma', ...; empty when the format has none, as Keras 3's
 * numbered vars), shapes and float32 values.
 */

/** One weight of a source layer. */
export interface SourceWeight {
  /** Short name without the layer name and ':0' ('kernel'), or '' when the file has none. */
  name: string;
  shape: number[];
  /** Values, row-major, converted to float32. */
  values: Float32Array;
}

/** One layer of a weights file: its name in the file and its weights in file order. */
export interface SourceLayer {
  name: string;
  weights: SourceWeight[];
}

/** Short weight name from a full one: 'conv1/conv/kernel:0' with layer 'conv1/conv' -> 'kernel'. */
export function shortWeightName(full: string, layerName: string): string {
  let s = full.replace(/:\d+$/, '');
  if (s.startsWith(`${layerName}/`)) s = s.slice(layerName.length + 1);
  else if (s.includes('/')) s = s.slice(s.lastIndexOf('/') + 1);
  return s;
}

/** Groups weights named '<layer>/<weight>' into layers, keeping first-seen order. */
export function groupByLayer(named: { fullName: string; shape: number[]; values: Float32Array }[]): SourceLayer[] {
  const layers = new Map<string, SourceLayer>();
  for (const w of named) {
    const cut = w.fullName.lastIndexOf('/');
    const layer = cut > 0 ? w.fullName.slice(0, cut) : w.fullName;
    let l = layers.get(layer);
    if (!l) layers.set(layer, (l = { name: layer, weights: [] }));
    l.weights.push({ name: shortWeightName(w.fullName, layer), shape: w.shape, values: w.values });
  }
  return [...layers.values()];
}
