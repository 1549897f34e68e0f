/** Imports every input source so each registers itself; import this, not the files one by one. */
import './rgbSources.js';
import './flowSources.js';
import './dvsSource.js';
import './codesSource.js';

export { getInputSource, inputSourceKinds, registerInputSource } from './registry.js';
export type { ClipOutcome, InputSource, SourceClip, SourceContext } from './registry.js';
