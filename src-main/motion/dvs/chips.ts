/**
 * Sensor names -> address layout and resolution, for headers that name the camera instead of
 * giving its size: jAER `# AEChip:` classes and AEDAT 3.1 `#Source` devices (AedatTools
 * `Matlab/DeviceAddressSpace.m`), Prophesee plugin names of legacy `.raw` headers.
 */

/** An address layout and sensor size. */
export interface ChipInfo {
  layout: 'dvs128' | 'davis';
  width: number;
  height: number;
}

// Keys are lower-case prefixes of the last segment of the class or device name, longest first.
const CHIPS: [prefix: string, info: ChipInfo][] = [
  ['tmpdiff128', { layout: 'dvs128', width: 128, height: 128 }],
  ['dvs128', { layout: 'dvs128', width: 128, height: 128 }],
  ['davis128', { layout: 'davis', width: 128, height: 128 }],
  ['davis208', { layout: 'davis', width: 208, height: 192 }],
  ['davis240', { layout: 'davis', width: 240, height: 180 }],
  ['davis346', { layout: 'davis', width: 346, height: 260 }],
  ['davisrgbw640', { layout: 'davis', width: 640, height: 480 }],
  ['davis640', { layout: 'davis', width: 640, height: 480 }],
  ['cdavis640', { layout: 'davis', width: 640, height: 480 }],
  ['dvxplorerlite', { layout: 'davis', width: 320, height: 240 }],
  ['dvxplorer', { layout: 'davis', width: 640, height: 480 }],
];

/** The chip for a jAER class (`eu.seebetter.ini.chips.davis.DAVIS240C`) or device name (`DAVIS346B`). */
export function chipFromName(name: string): ChipInfo | undefined {
  const last = (name.trim().split('.').pop() ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  return CHIPS.find(([prefix]) => last.startsWith(prefix))?.[1];
}

/** DAVIS sensors v2e and jAER write, smallest first (AEDAT 2.0 files without an AEChip line). */
export const DAVIS_SIZES: readonly { width: number; height: number }[] = [
  { width: 240, height: 180 }, { width: 346, height: 260 }, { width: 640, height: 480 },
];

const PROPHESEE: [pattern: RegExp, width: number, height: number][] = [
  [/genx320|imx320/i, 320, 320],
  [/gen3|sensor_generation\s+3/i, 640, 480],
  [/gen4|imx636|evk4|sensor_generation\s+4/i, 1280, 720],
];

/** Resolution of a Prophesee camera from legacy header text (plugin or generation lines). */
export function propheseeSizeFromText(text: string): { width: number; height: number; why: string } | undefined {
  for (const [re, width, height] of PROPHESEE) {
    const m = re.exec(text);
    if (m) return { width, height, why: m[0] };
  }
  return undefined;
}
